import assert from 'node:assert/strict';
import type { KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ConfigError, KeyError, OAuthError } from '../../../src/core/errors';
import { fetchToken, resolveEndpoints, signOnly } from '../../../src/core/flow';
import type { FlowStep } from '../../../src/core/flowSteps';
import { createHttpClient } from '../../../src/core/http';
import { exportPrivateKeyPem } from '../../../src/core/keyExport';
import { generateKeyPair } from '../../../src/core/keyGeneration';
import { createProfile, type Profile } from '../../../src/core/profiles';
import { CLIENT_ASSERTION_TYPE } from '../../../src/core/tokenClient';

const ACCESS_TOKEN = 'opaque-access-token-7f3e9c2a';

/** A loopback token server: discovery at /op, a token endpoint that records each form and answers `tokenAnswer`. */
function startTokenServer() {
  const forms: URLSearchParams[] = [];
  const paths: string[] = [];
  let base = '';
  const state = {
    tokenAnswer: {
      status: 200,
      body: { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 600 } as unknown,
    },
    metadataExtra: {} as Record<string, unknown>,
  };
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/op/.well-known/openid-configuration') {
        res.end(
          JSON.stringify({
            issuer: `${base}/op`,
            token_endpoint: `${base}/op/token`,
            jwks_uri: `${base}/op/jwks`,
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
            token_endpoint_auth_signing_alg_values_supported: ['PS256', 'ES256'],
            ...state.metadataExtra,
          }),
        );
        return;
      }
      if (req.url === '/op/token' && req.method === 'POST') {
        forms.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        res.statusCode = state.tokenAnswer.status;
        res.end(JSON.stringify(state.tokenAnswer.body));
        return;
      }
      res.statusCode = 404;
      res.end('{}');
    });
  });
  return {
    forms,
    paths,
    state,
    get base() {
      return base;
    },
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
    reset() {
      forms.length = 0;
      paths.length = 0;
      state.tokenAnswer = { status: 200, body: { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 600 } };
      state.metadataExtra = {};
    },
  };
}

function decodePart(jwt: string, index: number): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[index] ?? '', 'base64url').toString('utf8'));
}

describe('flow', () => {
  const server = startTokenServer();
  const http = createHttpClient({ timeoutMs: 5000 });
  let key: KeyObject;
  let keyPem: string;
  let ecKey: KeyObject;

  before(async () => {
    await server.listen();
    const pair = await generateKeyPair({ alg: 'PS256' });
    key = pair.privateKey;
    keyPem = exportPrivateKeyPem(key);
    ecKey = (await generateKeyPair({ alg: 'ES384' })).privateKey;
  });
  after(async () => {
    await http.close();
    await server.close();
  });

  const jackHenryLocal = (): Profile =>
    createProfile('jack-henry', { name: 'local', clientId: 'client-1', tokenUrl: `${server.base}/op/token` });
  const generic = (fields: Partial<Profile> = {}): Profile =>
    createProfile('generic', { name: 'generic', clientId: 'client-2', issuer: `${server.base}/op`, ...fields });

  describe('resolveEndpoints', () => {
    test('a configured token URL is used as is, without any request', async () => {
      server.reset();
      const ep = await resolveEndpoints(jackHenryLocal(), http);
      assert.deepEqual(ep, { tokenEndpoint: `${server.base}/op/token`, audience: `${server.base}/op/token` });
      assert.equal(server.paths.length, 0);
    });

    test('an issuer is discovered; the generic audience is the discovered token endpoint', async () => {
      server.reset();
      const ep = await resolveEndpoints(generic(), http);
      assert.equal(ep.tokenEndpoint, `${server.base}/op/token`);
      assert.equal(ep.audience, `${server.base}/op/token`);
      assert.equal(ep.issuer, `${server.base}/op`);
      assert.equal(ep.metadata?.jwks_uri, `${server.base}/op/jwks`);
    });

    const audiences: [string, Profile['audience'], (base: string) => string][] = [
      ['token-endpoint', 'token-endpoint', (b) => `${b}/op/token`],
      ['issuer', 'issuer', (b) => `${b}/op`],
      ['explicit', { value: 'https://api.example/aud' }, () => 'https://api.example/aud'],
    ];
    for (const [name, audience, expected] of audiences) {
      test(`audience ${name}`, async () => {
        const ep = await resolveEndpoints(generic({ audience }), http);
        assert.equal(ep.audience, expected(server.base));
      });
    }

    const refusals: [string, () => Profile, string][] = [
      ['the server lists algorithms without ours', () => generic({ alg: 'ES384' }), 'alg_not_supported_by_server'],
      [
        'audience issuer with only a token URL',
        () => ({ ...jackHenryLocal(), audience: 'issuer' }),
        'audience_needs_issuer',
      ],
      [
        'neither token URL nor issuer',
        () => {
          const { tokenUrl: _omit, ...rest } = jackHenryLocal();
          return rest;
        },
        'missing_endpoint',
      ],
      ['a remote http token URL', () => ({ ...jackHenryLocal(), tokenUrl: 'http://as.example/token' }), 'insecure_url'],
    ];
    for (const [name, profile, code] of refusals) {
      test(`refuses: ${name}`, async () => {
        server.reset();
        await assert.rejects(resolveEndpoints(profile(), http), (err: unknown) => {
          assert.ok(err instanceof ConfigError, String(err));
          assert.equal(err.code, code);
          assert.doesNotMatch(err.message, /\n/);
          return true;
        });
      });
    }

    test('refuses a server that lists auth methods without private_key_jwt', async () => {
      server.reset();
      server.state.metadataExtra = { token_endpoint_auth_methods_supported: ['client_secret_basic'] };
      await assert.rejects(
        resolveEndpoints(generic(), http),
        (err: unknown) => err instanceof ConfigError && err.code === 'private_key_jwt_not_supported',
      );
    });

    test('a server that does not list algorithms does not rule ours out', async () => {
      server.reset();
      server.state.metadataExtra = { token_endpoint_auth_signing_alg_values_supported: undefined };
      const ep = await resolveEndpoints(generic({ alg: 'ES384' }), http);
      assert.equal(ep.tokenEndpoint, `${server.base}/op/token`);
    });
  });

  describe('fetchToken', () => {
    test("Jack Henry profile: the helper's form and payload, steps in order, expiry from expires_in", async () => {
      server.reset();
      const steps: { step: FlowStep; detail: Record<string, unknown> }[] = [];
      let clock = 1_750_000_000_000;
      const result = await fetchToken({
        profile: jackHenryLocal(),
        key,
        http,
        now: () => clock++,
        observer: {
          step: (event) => {
            const { step, ...detail } = event;
            steps.push({ step, detail });
          },
        },
      });
      assert.deepEqual(
        steps.map((s) => s.step),
        ['payload', 'sign', 'request', 'response'],
      );
      assert.equal(result.response.accessToken, ACCESS_TOKEN);
      assert.equal(result.response.expiresIn, 600);
      assert.equal(result.expiresAt, result.obtainedAt + 600_000);

      const form = server.forms[0];
      assert.ok(form);
      assert.deepEqual([...form.keys()], ['grant_type', 'client_assertion_type', 'client_assertion', 'scope']);
      assert.equal(form.get('grant_type'), 'client_credentials');
      assert.equal(form.get('client_assertion_type'), CLIENT_ASSERTION_TYPE);
      assert.equal(form.get('scope'), 'openid');
      assert.equal(form.get('client_assertion'), result.assertion.jwt);

      const header = decodePart(result.assertion.jwt, 0);
      const payload = decodePart(result.assertion.jwt, 1);
      assert.deepEqual(header, { alg: 'PS256' });
      assert.deepEqual(Object.keys(payload).sort(), ['aud', 'exp', 'iss', 'jti', 'sub']);
      assert.equal(payload.aud, `${server.base}/op/token`);
      assert.equal(payload.iss, 'client-1');
      assert.equal(payload.sub, 'client-1');
      assert.equal(payload.exp, 1_750_000_000_000 + 60_000, 'exp in milliseconds, 60 s ahead');

      const request = steps.find((s) => s.step === 'request')?.detail ?? {};
      assert.equal(request.url, `${server.base}/op/token`);
      assert.deepEqual(request.params, {
        grant_type: 'client_credentials',
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        scope: 'openid',
      });
      const all = JSON.stringify(steps);
      assert.ok(
        !JSON.stringify(request).includes(result.assertion.jwt),
        'the request step does not carry the assertion',
      );
      assert.ok(!all.includes(ACCESS_TOKEN), 'no step carries the access token');
      assert.ok(!all.includes(keyPem.split('\n')[1] ?? 'x'), 'no step carries the private key');
    });

    test('generic profile: discovery step first, aud = token endpoint, exp in seconds with iat, client_id sent', async () => {
      server.reset();
      const steps: FlowStep[] = [];
      const result = await fetchToken({ profile: generic(), key, http, observer: { step: (e) => steps.push(e.step) } });
      assert.deepEqual(steps, ['discovery', 'payload', 'sign', 'request', 'response']);
      const payload = decodePart(result.assertion.jwt, 1);
      assert.equal(payload.aud, `${server.base}/op/token`);
      assert.equal(typeof payload.iat, 'number');
      assert.ok((payload.exp as number) < 1e11, 'seconds');
      assert.equal(server.forms[0]?.has('scope'), false);
      assert.equal(server.forms[0]?.get('client_id'), 'client-2');
    });

    test('issuer-audience preset: aud = the issuer and typ client-authentication+jwt', async () => {
      server.reset();
      const profile = createProfile('issuer-audience', { name: 'fapi', clientId: 'c3', issuer: `${server.base}/op` });
      const result = await fetchToken({ profile, key, http });
      assert.equal(decodePart(result.assertion.jwt, 1).aud, `${server.base}/op`);
      assert.equal(decodePart(result.assertion.jwt, 0).typ, 'client-authentication+jwt');
    });

    const forms: { name: string; profile: () => Profile; sent: Record<string, string | null> }[] = [
      { name: 'Jack Henry: no client_id', profile: () => jackHenryLocal(), sent: { client_id: null } },
      {
        name: 'Jack Henry with sendClientId: client_id = iss = sub',
        profile: () => ({ ...jackHenryLocal(), sendClientId: true }),
        sent: { client_id: 'client-1' },
      },
      {
        name: 'generic with sendClientId off',
        profile: () => generic({ sendClientId: false }),
        sent: { client_id: null },
      },
      {
        name: 'extra parameters after the grant',
        profile: () => generic({ extraParams: { audience: 'https://api.example', resource: 'https://r.example/' } }),
        sent: { audience: 'https://api.example', resource: 'https://r.example/', client_id: 'client-2' },
      },
    ];
    for (const c of forms) {
      test(`form: ${c.name}`, async () => {
        server.reset();
        const requests: Record<string, string>[] = [];
        await fetchToken({
          profile: c.profile(),
          key,
          http,
          observer: { step: (e) => (e.step === 'request' ? requests.push(e.params) : undefined) },
        });
        const form = server.forms[0];
        assert.ok(form);
        for (const [name, value] of Object.entries(c.sent)) {
          assert.equal(form.get(name), value, name);
          assert.equal(requests[0]?.[name], value ?? undefined, `the request step shows ${name} as sent`);
        }
        assert.deepEqual([...form.keys()].slice(0, 3), ['grant_type', 'client_assertion_type', 'client_assertion']);
      });
    }

    test('the clock skew shifts iat and exp, not the expiry of the token', async () => {
      server.reset();
      const clock = 1_750_000_000_000;
      const result = await fetchToken({ profile: generic({ clockSkewSeconds: -120 }), key, http, now: () => clock });
      const payload = decodePart(result.assertion.jwt, 1);
      assert.equal(payload.iat, clock / 1000 - 120);
      assert.equal(payload.exp, clock / 1000 - 120 + 60);
      assert.equal(result.obtainedAt, clock, 'the local clock still dates the token');
      const ms = await fetchToken({
        profile: { ...jackHenryLocal(), clockSkewSeconds: 30 },
        key,
        http,
        now: () => clock,
      });
      assert.equal(decodePart(ms.assertion.jwt, 1).exp, clock + 30_000 + 60_000);
    });

    test("a preset's server rules refuse before anything is sent", async () => {
      server.reset();
      const ed = (await generateKeyPair({ alg: 'EdDSA' })).privateKey;
      await assert.rejects(
        fetchToken({ profile: { ...jackHenryLocal(), alg: 'EdDSA' }, key: ed, http }),
        (err: unknown) =>
          err instanceof ConfigError &&
          err.code === 'server_rules' &&
          /Jack Henry accepts ES256, PS256, RS256 only/.test(err.message) &&
          /keygen --alg=PS256/.test(err.hint ?? ''),
      );
      assert.equal(server.forms.length, 0);
    });

    test('every call signs a fresh assertion: a retry never reuses a jti', async () => {
      server.reset();
      const a = await fetchToken({ profile: jackHenryLocal(), key, http });
      const b = await fetchToken({ profile: jackHenryLocal(), key, http });
      assert.notEqual(a.assertion.payload.jti, b.assertion.payload.jti);
      assert.notEqual(server.forms[0]?.get('client_assertion'), server.forms[1]?.get('client_assertion'));
    });

    test('a missing expires_in leaves the expiry unknown', async () => {
      server.reset();
      server.state.tokenAnswer = { status: 200, body: { access_token: ACCESS_TOKEN, token_type: 'Bearer' } };
      const result = await fetchToken({ profile: jackHenryLocal(), key, http });
      assert.equal(result.response.expiresIn, undefined);
      assert.equal(result.expiresAt, undefined);
      assert.equal('expiresAt' in result, false);
    });

    test('invalid_client comes back as OAuthError with the likely causes', async () => {
      server.reset();
      server.state.tokenAnswer = {
        status: 401,
        body: { error: 'invalid_client', error_description: 'invalid assertion' },
      };
      await assert.rejects(
        fetchToken({ profile: jackHenryLocal(), key, http }),
        (err: unknown) =>
          err instanceof OAuthError &&
          err.code === 'oauth_invalid_client' &&
          err.message === 'token endpoint answered HTTP 401 invalid_client: invalid assertion' &&
          /token URL vs issuer/.test(err.hint ?? ''),
      );
    });

    test('a key that does not fit the alg is refused before any request', async () => {
      server.reset();
      await assert.rejects(
        fetchToken({ profile: jackHenryLocal(), key: ecKey, http }),
        (err: unknown) => err instanceof KeyError && err.code === 'key_alg_mismatch',
      );
      assert.equal(server.forms.length, 0);
    });
  });

  describe('signOnly', () => {
    test('signs without requesting a token and lints the result', async () => {
      server.reset();
      const steps: FlowStep[] = [];
      const out = await signOnly({
        profile: jackHenryLocal(),
        key,
        http,
        observer: { step: (e) => steps.push(e.step) },
      });
      assert.deepEqual(steps, ['payload', 'sign']);
      assert.equal(server.paths.length, 0);
      assert.equal(out.assertion.payload.aud, `${server.base}/op/token`);
      assert.ok(Array.isArray(out.lint));
      assert.equal(out.lint.filter((f) => f.level === 'error').length, 0, JSON.stringify(out.lint));
    });

    test("lists the preset's server rules the assertion breaks, without refusing", async () => {
      server.reset();
      const profile = createProfile('entra-id', {
        name: 'entra',
        clientId: 'app',
        tokenUrl: `${server.base}/op/token`,
        alg: 'RS256',
      });
      const out = await signOnly({ profile, key, http });
      const codes = out.lint.map((f) => f.code);
      assert.ok(codes.includes('server_scope'), JSON.stringify(out.lint));
      assert.ok(codes.includes('server_certificate'), JSON.stringify(out.lint));
      assert.ok(!codes.includes('server_alg'));
    });

    test('with an issuer it discovers first, and the lint sees the issuer', async () => {
      server.reset();
      const out = await signOnly({ profile: generic({ audience: { value: 'https://unrelated.example' } }), key, http });
      assert.equal(out.endpoints.issuer, `${server.base}/op`);
      assert.deepEqual(server.paths, ['/op/.well-known/openid-configuration']);
      assert.ok(
        out.lint.some((f) => f.level !== 'info' && /aud/i.test(f.code + f.message)),
        `an aud that is neither token endpoint nor issuer is flagged: ${JSON.stringify(out.lint)}`,
      );
    });
  });
});
