// The loopback authorization server itself, as the e2e suite and the demo use it: the standalone process
// with --register, the test-only /test/clients and /test/requests endpoints, the discovery document, and
// the counting server. Token requests here are built by hand on purpose (the core's flow is tested in
// token.test.ts); the server must behave the same for any well-formed client.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type ExpUnit, signAssertion } from '../../src/core/assertion';
import { createHttpClient, type HttpClient } from '../../src/core/http';
import { importPrivateKey } from '../../src/core/keyImport';
import { jwksFromPublicKeyPem, startAuthServer, startCountingServer } from '../support/authServer';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function rsaPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privatePem: privateKey, publicPem: publicKey };
}

describe('standalone auth server (tsx test/support/authServer.ts)', () => {
  let child: ChildProcess;
  let dir: string;
  let http: HttpClient;
  let origin: string;
  let issuer: string;
  let tokenUrl: string;
  const first = rsaPair();
  const second = rsaPair();

  const token = (clientId: string, privatePem: string, audience: string, expUnit: ExpUnit) => {
    const assertion = signAssertion(importPrivateKey(privatePem), {
      clientId,
      audience,
      alg: 'PS256',
      expUnit,
      lifetimeSeconds: 60,
    });
    return http.request({
      method: 'POST',
      url: tokenUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: assertion.jwt,
        scope: 'openid',
      }).toString(),
    });
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'client-creds-authserver-'));
    writeFileSync(join(dir, 'first.pem'), first.publicPem);
    http = createHttpClient({ timeoutMs: 10_000 });
    const script = new URL('../support/authServer.ts', import.meta.url).pathname;
    child = spawn(
      process.execPath,
      ['--import', 'tsx', script, '--port', '0', '--register', `first:${dir}/first.pem`],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const out = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('registered first')) resolve(text);
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${text}`)));
    });
    issuer = /issuer\s+(\S+)/.exec(out)?.[1] ?? '';
    tokenUrl = /token URL\s+(\S+)/.exec(out)?.[1] ?? '';
    origin = new URL(issuer).origin;
  });

  after(async () => {
    await http.close();
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('prints the Jack Henry shaped issuer and token URL', () => {
    assert.match(issuer, /^http:\/\/127\.0\.0\.1:\d+\/a\/oidc-provider$/);
    assert.equal(tokenUrl, `${issuer}/api/v0/token`);
  });

  test('the client registered with --register gets a token (exp in ms, aud = token URL)', async () => {
    const res = await token('first', first.privatePem, tokenUrl, 'milliseconds');
    assert.equal(res.status, 200, res.body);
    assert.equal((JSON.parse(res.body) as { expires_in: number }).expires_in, 600);
  });

  test('POST /test/clients registers a public key PEM at runtime', async () => {
    const before = await token('second', second.privatePem, issuer, 'seconds');
    assert.equal(before.status, 401);
    const reg = await http.request({
      method: 'POST',
      url: `${origin}/test/clients`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'second', publicKeyPem: second.publicPem, institutionId: 'inst-2' }),
    });
    assert.equal(reg.status, 201, reg.body);
    assert.deepEqual(JSON.parse(reg.body), { clientId: 'second', issuer, tokenUrl });
    const res = await token('second', second.privatePem, issuer, 'seconds');
    assert.equal(res.status, 200, res.body);
  });

  const badRegistrations: { name: string; body: unknown; reason: RegExp }[] = [
    {
      name: 'a private key instead of the public one',
      body: { clientId: 'x', publicKeyPem: first.privatePem },
      reason: /public key/,
    },
    { name: 'no key at all', body: { clientId: 'x' }, reason: /jwks or publicKeyPem/ },
    { name: 'no client id', body: { publicKeyPem: first.publicPem }, reason: /clientId/ },
    {
      name: 'a JWKS holding a symmetric key',
      body: { clientId: 'x', jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } },
      reason: /JSON Web Key Set is invalid/,
    },
    {
      name: 'a JWKS holding a private key',
      body: { clientId: 'x', jwks: { keys: [createPrivateKey(first.privatePem).export({ format: 'jwk' })] } },
      reason: /JSON Web Key Set is invalid/,
    },
  ];
  for (const c of badRegistrations) {
    test(`POST /test/clients refuses ${c.name}`, async () => {
      const res = await http.request({
        method: 'POST',
        url: `${origin}/test/clients`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(c.body),
      });
      assert.equal(res.status, 400);
      assert.match((JSON.parse(res.body) as { error: string }).error, c.reason);
    });
  }

  test('GET /test/requests lists what reached the provider, not the /test/ calls', async () => {
    const res = await http.request({ method: 'GET', url: `${origin}/test/requests` });
    const { requests } = JSON.parse(res.body) as { requests: { path: string; method: string; body?: string }[] };
    const tokenPath = new URL(tokenUrl).pathname;
    assert.ok(requests.length >= 3);
    assert.ok(requests.every((r) => r.method === 'POST' && r.path === tokenPath));
    assert.ok(requests.every((r) => r.body?.includes('grant_type=client_credentials')));
  });

  test('discovery advertises client credentials with private_key_jwt only', async () => {
    const res = await http.request({ method: 'GET', url: `${issuer}/.well-known/openid-configuration` });
    const meta = JSON.parse(res.body) as Record<string, unknown>;
    assert.equal(meta.issuer, issuer);
    assert.equal(meta.token_endpoint, tokenUrl);
    assert.equal(meta.jwks_uri, `${issuer}/api/v0/jwks`);
    assert.deepEqual(meta.token_endpoint_auth_methods_supported, ['private_key_jwt']);
    assert.ok((meta.grant_types_supported as string[]).includes('client_credentials'));
    for (const alg of ['RS256', 'PS256', 'PS512', 'ES256', 'ES512', 'EdDSA']) {
      assert.ok((meta.token_endpoint_auth_signing_alg_values_supported as string[]).includes(alg), alg);
    }
  });
});

describe('in-process servers', () => {
  test('two auth servers do not share clients or replay caches', async () => {
    const [a, b] = await Promise.all([startAuthServer(), startAuthServer()]);
    try {
      assert.notEqual(a.port, b.port);
      const { privatePem, publicPem } = rsaPair();
      await a.registerClient({ clientId: 'shared', jwks: jwksFromPublicKeyPem(publicPem) });
      await b.registerClient({ clientId: 'shared', jwks: jwksFromPublicKeyPem(publicPem) });
      const http = createHttpClient({ timeoutMs: 10_000 });
      try {
        const assertion = signAssertion(importPrivateKey(privatePem), {
          clientId: 'shared',
          audience: [a.issuer, b.issuer],
          alg: 'PS256',
          expUnit: 'seconds',
          lifetimeSeconds: 60,
        });
        const post = (server: typeof a) =>
          http.request({
            method: 'POST',
            url: server.tokenUrl,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              grant_type: 'client_credentials',
              client_assertion_type: ASSERTION_TYPE,
              client_assertion: assertion.jwt,
            }).toString(),
          });
        assert.equal((await post(a)).status, 200);
        assert.equal((await post(a)).status, 401, 'replayed on the same server');
        assert.equal((await post(b)).status, 200, 'b has its own replay cache');
        assert.equal((await post(b)).status, 401, 'replayed on b');
        assert.match(b.failures.at(-1)?.detail ?? '', /only be used once/);
      } finally {
        await http.close();
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('the counting server records every request and its body', async () => {
    const counting = await startCountingServer();
    const http = createHttpClient({ timeoutMs: 10_000 });
    try {
      const res = await http.request({
        method: 'POST',
        url: `${counting.url}/token?x=1`,
        body: 'client_assertion=abc',
      });
      assert.equal(res.status, 404);
      await http.request({ method: 'GET', url: `${counting.url}/.well-known/openid-configuration` });
      assert.deepEqual(counting.requests, [
        { method: 'POST', path: '/token?x=1', body: 'client_assertion=abc' },
        { method: 'GET', path: '/.well-known/openid-configuration', body: '' },
      ]);
    } finally {
      await http.close();
      await counting.close();
    }
  });
});
