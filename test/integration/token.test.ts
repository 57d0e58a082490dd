// The core against a real authorization server: panva's oidc-provider on loopback, configured like Jack
// Henry's token endpoint (test/support/authServer.ts). Every key type and PEM format, both audiences, both
// exp units, discovery, a replayed jti, a wrong key, and the access token decoded and verified.
import assert from 'node:assert/strict';
import { generateKeyPair as generateNodeKeyPair, type KeyObject } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { SigningAlg } from '../../src/core/algorithms';
import { type ExpUnit, signAssertion } from '../../src/core/assertion';
import { OAuthError } from '../../src/core/errors';
import { type FetchTokenResult, fetchToken } from '../../src/core/flow';
import { createHttpClient, type HttpClient } from '../../src/core/http';
import { decodeJwt } from '../../src/core/jwt';
import { exportPublicKeyPem, publicJwks } from '../../src/core/keyExport';
import { importPrivateKey } from '../../src/core/keyImport';
import { rulesOf } from '../../src/core/presetRules';
import { type AudienceChoice, createProfile } from '../../src/core/profiles';
import { requestToken } from '../../src/core/tokenClient';
import { verifyJwt } from '../../src/core/verify';
import { type AuthServer, jwksFromPublicKeyPem, type RecordedRequest, startAuthServer } from '../support/authServer';

const PASSPHRASE = 'correct horse battery staple';

/** A private key in one on-disk format, and how to import it. */
interface KeyMaterial {
  pem: string;
  passphrase?: string;
  publicPem: string;
}

type NodeKeySpec = { type: 'rsa'; modulusLength: 2048 } | { type: 'ec'; namedCurve: 'P-256' } | { type: 'ed25519' };

/** Generates a key pair with node:crypto and writes the private half in the requested encoding. */
async function keyMaterial(
  spec: NodeKeySpec,
  encoding: { type: 'pkcs1' | 'pkcs8' | 'sec1'; cipher?: string } | 'jwk',
): Promise<KeyMaterial> {
  const { privateKey, publicKey } = await new Promise<{ privateKey: KeyObject; publicKey: KeyObject }>(
    (resolve, reject) => {
      const done = (err: Error | null, publicKey: KeyObject, privateKey: KeyObject) =>
        err ? reject(err) : resolve({ privateKey, publicKey });
      if (spec.type === 'rsa') generateNodeKeyPair('rsa', { modulusLength: spec.modulusLength }, done);
      else if (spec.type === 'ec') generateNodeKeyPair('ec', { namedCurve: spec.namedCurve }, done);
      else generateNodeKeyPair('ed25519', {}, done);
    },
  );
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  if (encoding === 'jwk') return { pem: JSON.stringify(privateKey.export({ format: 'jwk' })), publicPem };
  const pem = privateKey
    .export({
      type: encoding.type,
      format: 'pem',
      ...(encoding.cipher ? { cipher: encoding.cipher, passphrase: PASSPHRASE } : {}),
    } as Parameters<KeyObject['export']>[0] & { format: 'pem' })
    .toString();
  return { pem, publicPem, ...(encoding.cipher ? { passphrase: PASSPHRASE } : {}) };
}

const RSA: NodeKeySpec = { type: 'rsa', modulusLength: 2048 };
const P256: NodeKeySpec = { type: 'ec', namedCurve: 'P-256' };
const ED25519: NodeKeySpec = { type: 'ed25519' };

/** Each case: a key type and PEM format, the alg to sign with, and how the public key gets registered. */
const KEY_CASES: {
  name: string;
  alg: SigningAlg;
  make: () => Promise<KeyMaterial>;
  register: 'pem' | 'jwks';
  marker: RegExp;
}[] = [
  {
    name: 'RS256, PKCS#1 PEM',
    alg: 'RS256',
    make: () => keyMaterial(RSA, { type: 'pkcs1' }),
    register: 'pem',
    marker: /BEGIN RSA PRIVATE KEY/,
  },
  {
    name: 'PS256, PKCS#8 PEM',
    alg: 'PS256',
    make: () => keyMaterial(RSA, { type: 'pkcs8' }),
    register: 'pem',
    marker: /BEGIN PRIVATE KEY/,
  },
  {
    name: 'ES256, SEC1 PEM',
    alg: 'ES256',
    make: () => keyMaterial(P256, { type: 'sec1' }),
    register: 'jwks',
    marker: /BEGIN EC PRIVATE KEY/,
  },
  {
    name: 'ES256, PKCS#8 PEM',
    alg: 'ES256',
    make: () => keyMaterial(P256, { type: 'pkcs8' }),
    register: 'pem',
    marker: /BEGIN PRIVATE KEY/,
  },
  {
    name: 'EdDSA, PKCS#8 PEM (Ed25519)',
    alg: 'EdDSA',
    make: () => keyMaterial(ED25519, { type: 'pkcs8' }),
    register: 'jwks',
    marker: /BEGIN PRIVATE KEY/,
  },
  {
    name: 'PS256, encrypted PKCS#8 PEM with passphrase',
    alg: 'PS256',
    make: () => keyMaterial(RSA, { type: 'pkcs8', cipher: 'aes-256-cbc' }),
    register: 'jwks',
    marker: /BEGIN ENCRYPTED PRIVATE KEY/,
  },
  {
    name: 'RS256, legacy encrypted PKCS#1 PEM with passphrase',
    alg: 'RS256',
    make: () => keyMaterial(RSA, { type: 'pkcs1', cipher: 'aes-256-cbc' }),
    register: 'pem',
    marker: /Proc-Type: 4,ENCRYPTED/,
  },
  {
    name: 'ES256, encrypted PKCS#8 PEM with passphrase',
    alg: 'ES256',
    make: () => keyMaterial(P256, { type: 'pkcs8', cipher: 'aes-256-cbc' }),
    register: 'pem',
    marker: /BEGIN ENCRYPTED PRIVATE KEY/,
  },
  { name: 'PS256, private JWK', alg: 'PS256', make: () => keyMaterial(RSA, 'jwk'), register: 'jwks', marker: /"d":/ },
];

/** The client_assertion claims a recorded token request carried. */
function sentAssertion(request: RecordedRequest | undefined): Record<string, unknown> {
  const jwt = new URLSearchParams(request?.body ?? '').get('client_assertion');
  assert.ok(jwt, 'the token request carried a client_assertion');
  return decodeJwt(jwt).payload;
}

describe('token endpoint on a loopback oidc-provider', () => {
  let server: AuthServer;
  let http: HttpClient;
  let serverJwks: { keys: unknown[] };
  let clientSeq = 0;

  /** Registers a fresh client for `key` (via its JWKS or its public PEM) and returns its ids. */
  async function register(
    material: KeyMaterial,
    key: KeyObject,
    how: 'pem' | 'jwks',
  ): Promise<{ clientId: string; institutionId: string }> {
    const clientId = `client-${++clientSeq}`;
    const institutionId = `institution-${clientSeq}`;
    const jwks = how === 'pem' ? jwksFromPublicKeyPem(material.publicPem) : publicJwks(key);
    await server.registerClient({ clientId, jwks, institutionId });
    return { clientId, institutionId };
  }

  /** What every successful token must show: Jack Henry's claims, 600 s, and a signature the server's JWKS verifies. */
  async function assertGoodToken(
    result: FetchTokenResult,
    clientId: string,
    institutionId: string,
    /** null: no scope expected (explicit, since an undefined argument would take the default) */
    scope: string | null = 'openid',
  ): Promise<void> {
    const { response } = result;
    assert.equal(response.tokenType.toLowerCase(), 'bearer');
    assert.equal(response.expiresIn, 600);
    const { header, payload } = decodeJwt(response.accessToken);
    assert.equal(header.typ, 'at+jwt');
    assert.equal(payload.iss, server.issuer);
    assert.equal(payload.client_id, clientId);
    assert.equal(payload.sub, clientId);
    assert.equal(payload.institutionId, institutionId);
    assert.equal(payload.clientName, 'Test Application');
    assert.equal(payload.authType, 'e');
    assert.equal(payload.scope, scope ?? undefined);
    assert.equal(response.scope, scope ?? undefined);
    assert.equal(Number(payload.exp) - Number(payload.iat), 600);
    const verified = await verifyJwt(response.accessToken, serverJwks);
    assert.equal(verified.status, 'verified', verified.reason);
    assert.equal(verified.alg, 'RS256');
  }

  before(async () => {
    server = await startAuthServer();
    http = createHttpClient({ timeoutMs: 10_000 });
    const res = await http.request({ method: 'GET', url: server.jwksUrl });
    assert.equal(res.status, 200);
    serverJwks = JSON.parse(res.body) as { keys: unknown[] };
  });

  after(async () => {
    await http.close();
    await server.close();
  });

  describe('gets a token with every key type and format (jack-henry preset; generic for algs Jack Henry refuses)', () => {
    for (const c of KEY_CASES) {
      test(c.name, async () => {
        const material = await c.make();
        assert.match(material.pem, c.marker, 'the key is in the format the case names');
        const key = importPrivateKey(material.pem, material.passphrase ? { passphrase: material.passphrase } : {});
        const { clientId, institutionId } = await register(material, key, c.register);
        // Jack Henry's scope openid is asked for either way, so the token looks the same.
        const preset = rulesOf('jack-henry')?.algs?.includes(c.alg) ? 'jack-henry' : 'generic';
        const profile = createProfile(preset, {
          name: c.name,
          clientId,
          tokenUrl: server.tokenUrl,
          alg: c.alg,
          scope: 'openid',
        });
        const result = await fetchToken({ profile, key, http });
        assert.equal(result.assertion.header.alg, c.alg);
        await assertGoodToken(result, clientId, institutionId);
      });
    }
  });

  describe('audience and exp unit', () => {
    let key: KeyObject;
    let ids: { clientId: string; institutionId: string };
    before(async () => {
      const material = await keyMaterial(RSA, { type: 'pkcs8' });
      key = importPrivateKey(material.pem);
      ids = await register(material, key, 'pem');
    });

    const cases: { audience: AudienceChoice; expUnit: ExpUnit }[] = [
      { audience: 'token-endpoint', expUnit: 'milliseconds' },
      { audience: 'token-endpoint', expUnit: 'seconds' },
      { audience: 'issuer', expUnit: 'milliseconds' },
      { audience: 'issuer', expUnit: 'seconds' },
    ];
    for (const c of cases) {
      test(`aud = ${String(c.audience)}, exp in ${c.expUnit}`, async () => {
        const profile = createProfile('jack-henry', {
          name: 'aud-exp',
          clientId: ids.clientId,
          tokenUrl: server.tokenUrl,
          issuer: server.issuer,
          audience: c.audience,
          expUnit: c.expUnit,
        });
        const result = await fetchToken({ profile, key, http });
        await assertGoodToken(result, ids.clientId, ids.institutionId);
        const sent = sentAssertion(server.requests.filter((r) => r.method === 'POST').at(-1));
        assert.equal(sent.aud, c.audience === 'issuer' ? server.issuer : server.tokenUrl);
        const exp = Number(sent.exp);
        const expMs = c.expUnit === 'milliseconds' ? exp : exp * 1000;
        assert.ok(
          Math.abs(expMs - (Date.now() + 60_000)) < 30_000,
          `exp ${exp} is about a minute ahead in ${c.expUnit}`,
        );
      });
    }

    test('discovery: the generic preset finds the token endpoint from the issuer', async () => {
      const profile = createProfile('generic', { name: 'generic', clientId: ids.clientId, issuer: server.issuer });
      const seen = server.requests.length;
      const result = await fetchToken({ profile, key, http });
      // The generic preset requests no scope unless told to, and this server then grants none.
      await assertGoodToken(result, ids.clientId, ids.institutionId, null);
      assert.equal(result.endpoints.tokenEndpoint, server.tokenUrl);
      assert.equal(result.endpoints.audience, server.tokenUrl, "the generic preset's aud is the token endpoint URL");
      assert.equal(result.endpoints.metadata?.jwks_uri, server.jwksUrl);
      const paths = server.requests.slice(seen).map((r) => `${r.method} ${r.path}`);
      assert.deepEqual(paths, [
        `GET ${new URL(server.issuer).pathname}/.well-known/openid-configuration`,
        `POST ${new URL(server.tokenUrl).pathname}`,
      ]);
      const sent = sentAssertion(server.requests.at(-1));
      assert.equal(sent.aud, server.tokenUrl);
      assert.ok(Number(sent.exp) < 1e11, 'exp in seconds');
    });
  });

  describe('refusals', () => {
    let key: KeyObject;
    let clientId: string;
    before(async () => {
      const material = await keyMaterial(RSA, { type: 'pkcs8' });
      key = importPrivateKey(material.pem);
      ({ clientId } = await register(material, key, 'jwks'));
    });

    /** Awaits a refusal and returns it as the OAuthError it must be; checks that no secret leaked into its text. */
    async function refusal(promise: Promise<unknown>, assertion?: string): Promise<OAuthError> {
      const err = await promise.then(
        () => assert.fail('the server accepted the request'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof OAuthError, `expected an OAuthError, got ${String(err)}`);
      assert.equal(err.status, 401);
      assert.equal(err.error, 'invalid_client');
      if (assertion)
        assert.ok(!`${err.message} ${err.hint ?? ''}`.includes(assertion), 'error text holds no assertion');
      return err;
    }

    const sign = (overrides: { audience?: string; expUnit?: ExpUnit; now?: () => number; key?: KeyObject } = {}) =>
      signAssertion(overrides.key ?? key, {
        clientId,
        audience: overrides.audience ?? server.tokenUrl,
        alg: 'PS256',
        expUnit: overrides.expUnit ?? 'milliseconds',
        lifetimeSeconds: 60,
        now: overrides.now,
      });
    const post = (jwt: string) =>
      requestToken(http, { tokenEndpoint: server.tokenUrl, clientAssertion: jwt, scope: 'openid' });

    test('a replayed jti: the same assertion twice, the second refused', async () => {
      const assertion = sign();
      const first = await post(assertion.jwt);
      assert.equal(typeof first.accessToken, 'string');
      await refusal(post(assertion.jwt), assertion.jwt);
      assert.match(server.failures.at(-1)?.detail ?? '', /only be used once/);
    });

    const timeCases: { name: string; expUnit: ExpUnit; offsetMs: number; detail: RegExp }[] = [
      { name: 'expired, exp in milliseconds', expUnit: 'milliseconds', offsetMs: -10 * 60_000, detail: /expired/ },
      { name: 'expired, exp in seconds', expUnit: 'seconds', offsetMs: -10 * 60_000, detail: /expired/ },
      {
        name: 'issued 10 minutes ahead (lives too long), exp in milliseconds',
        expUnit: 'milliseconds',
        offsetMs: 10 * 60_000,
        detail: /longer than 5 minutes/,
      },
    ];
    for (const c of timeCases) {
      test(`an assertion ${c.name}`, async () => {
        const assertion = sign({ expUnit: c.expUnit, now: () => Date.now() + c.offsetMs });
        await refusal(post(assertion.jwt), assertion.jwt);
        assert.match(server.failures.at(-1)?.detail ?? '', c.detail);
      });
    }

    test('an audience that is neither the issuer nor the token endpoint', async () => {
      const assertion = sign({ audience: 'https://login.jackhenry.com/a/oidc-provider/api/v0/token' });
      await refusal(post(assertion.jwt), assertion.jwt);
      assert.match(server.failures.at(-1)?.detail ?? '', /aud/);
    });

    test('a wrong key: invalid_client, explained in terms of the registered public key', async () => {
      const other = importPrivateKey((await keyMaterial(RSA, { type: 'pkcs8' })).pem);
      const profile = createProfile('jack-henry', { name: 'wrong key', clientId, tokenUrl: server.tokenUrl });
      const err = await refusal(fetchToken({ profile, key: other, http }));
      assert.match(err.hint ?? '', /public key/i);
      assert.match(server.failures.at(-1)?.detail ?? '', /signature|key/i);
    });

    test('an unknown client id', async () => {
      const profile = createProfile('jack-henry', { name: 'unknown', clientId: 'nobody', tokenUrl: server.tokenUrl });
      await refusal(fetchToken({ profile, key, http }));
    });

    test('the public PEM of the key a client registered is the one that works', async () => {
      // The registration path the extension and the demo use: the SPKI PEM exported by the core.
      const material = await keyMaterial(P256, { type: 'pkcs8' });
      const own = importPrivateKey(material.pem);
      const pem = exportPublicKeyPem(own);
      const id = `client-${++clientSeq}`;
      await server.registerClient({ clientId: id, jwks: jwksFromPublicKeyPem(pem), institutionId: 'i-pem' });
      const profile = createProfile('jack-henry', {
        name: 'pem',
        clientId: id,
        tokenUrl: server.tokenUrl,
        alg: 'ES256',
      });
      await assertGoodToken(await fetchToken({ profile, key: own, http }), id, 'i-pem');
      const otherP256 = importPrivateKey((await keyMaterial(P256, { type: 'pkcs8' })).pem);
      await refusal(fetchToken({ profile, key: otherP256, http }));
    });
  });

  test('a tampered access token does not verify against the server JWKS', async () => {
    const material = await keyMaterial(P256, { type: 'sec1' });
    const key = importPrivateKey(material.pem);
    const { clientId } = await register(material, key, 'jwks');
    const profile = createProfile('jack-henry', { name: 't', clientId, tokenUrl: server.tokenUrl, alg: 'ES256' });
    const { response } = await fetchToken({ profile, key, http });
    const [h, p, s] = response.accessToken.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...decodeJwt(response.accessToken).payload, institutionId: 'someone-else' }),
    ).toString('base64url');
    assert.notEqual(forged, p);
    const result = await verifyJwt(`${h}.${forged}.${s}`, serverJwks);
    assert.equal(result.status, 'invalid');
  });
});
