import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { signAssertion } from '../../../../src/core/assertion';
import { createHttpClient, type HttpClient } from '../../../../src/core/http';
import { decodeToken } from '../../../../src/core/jwt';
import { jwkThumbprint, publicJwks } from '../../../../src/core/keyExport';
import { generateKeyPair } from '../../../../src/core/keyGeneration';
import { checkSignature } from '../../../../src/extension/claims/signatureCheck';
import { initialSignature, type SignatureSource } from '../../../../src/extension/claims/signatureLine';
import { segment, unsignedJwt } from '../../../support/jwtSamples';

// A real JWKS and discovery server on loopback, and real ES256 signatures made by the core.
let server: Server;
let base: string;
let http: HttpClient;
const requests: string[] = [];
let signed: string;
let otherJwks: unknown;

before(async () => {
  const { privateKey } = await generateKeyPair({ alg: 'ES256' });
  const other = await generateKeyPair({ alg: 'ES256' });
  otherJwks = publicJwks(other.privateKey, 'ES256');
  const jwks = publicJwks(privateKey, 'ES256');
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    switch (req.url) {
      case '/.well-known/openid-configuration':
        return json(200, { issuer: base, token_endpoint: `${base}/token`, jwks_uri: `${base}/jwks` });
      case '/jwks':
        return json(200, jwks);
      case '/jwks-other':
        return json(200, otherJwks);
      case '/jwks-html':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html><script>alert(1)</script></html>');
      case '/jwks-array':
        return json(200, [1, 2]);
      default:
        return json(500, { error: 'server_error' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  http = createHttpClient({ useEnvProxy: false, timeoutMs: 5000 });
  signed = signAssertion(privateKey, {
    clientId: base,
    audience: `${base}/token`,
    alg: 'ES256',
    expUnit: 'seconds',
    lifetimeSeconds: 60,
    kid: jwkThumbprint(privateKey),
  }).jwt;
});

after(async () => {
  await http.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function check(token: string, from: SignatureSource) {
  requests.length = 0;
  return checkSignature(token, decodeToken(token), from, http);
}

describe('signature check against a real JWKS on loopback', () => {
  test('verified with the given JWKS URL', async () => {
    const result = await check(signed, { source: 'editor', jwksUri: `${base}/jwks` });
    assert.equal(result.state, 'verified');
    assert.match(result.summary.text, /^Signature verified against the issuer's JWKS \(ES256, kid [\w-]{43}\)\.$/);
    assert.deepEqual(requests, ['/jwks']);
  });

  test('verified through discovery from iss for a fetched token', async () => {
    const result = await check(signed, { source: 'token' });
    assert.equal(result.state, 'verified');
    assert.deepEqual(requests, ['/.well-known/openid-configuration', '/jwks']);
  });

  test('a tampered payload does not verify', async () => {
    const [h, , s] = signed.split('.');
    const tampered = `${h}.${segment({ iss: base, sub: 'someone-else' })}.${s}`;
    const result = await check(tampered, { source: 'editor', jwksUri: `${base}/jwks` });
    assert.equal(result.state, 'invalid');
  });

  test('a JWKS without the signing key says no key matches', async () => {
    const result = await check(signed, { source: 'editor', jwksUri: `${base}/jwks-other` });
    assert.equal(result.state, 'no_key');
  });

  const failures: [string, string, RegExp][] = [
    ['HTML instead of JSON', '/jwks-html', /did not answer with JSON/],
    ['JSON that is not a key set', '/jwks-array', /not answer with a JSON Web Key Set/],
    ['a server error', '/jwks-500', /HTTP 500/],
  ];
  for (const [name, path, message] of failures) {
    test(`${name} is an error line, never a throw, and never quotes the body`, async () => {
      const result = await check(signed, { source: 'editor', jwksUri: `${base}${path}` });
      assert.equal(result.state, 'error');
      assert.match(result.summary.text, message);
      assert.doesNotMatch(result.summary.text, /<script>/);
    });
  }

  test('a plain-http JWKS URL on another host is refused before any request', async () => {
    const result = await check(signed, { source: 'token', jwksUri: 'http://jwks.example/keys' });
    assert.equal(result.state, 'error');
    assert.deepEqual(requests, []);
  });

  test('a token from an editor is never sent anywhere: no JWKS URL, no discovery from its iss', async () => {
    const result = await check(signed, { source: 'editor' });
    assert.equal(result.state, 'not_verified');
    assert.deepEqual(requests, []);
  });

  test('alg none is flagged without any request', async () => {
    const none = `${segment({ alg: 'none' })}.${segment({ iss: base })}.`;
    const result = await check(none, { source: 'token', jwksUri: `${base}/jwks` });
    assert.equal(result.state, 'alg_none');
    assert.deepEqual(requests, []);
  });
});

describe('initial signature line', () => {
  const jwt = decodeToken(unsignedJwt({ iss: 'https://issuer.example' }));
  const cases: [string, ReturnType<typeof decodeToken>, SignatureSource, string][] = [
    ['opaque token', decodeToken('opaque-value'), { source: 'token' }, 'opaque'],
    [
      'alg none (any case)',
      decodeToken(`${segment({ alg: 'NoNe' })}.${segment({})}.`),
      { source: 'token' },
      'alg_none',
    ],
    ['fetched token with iss: a check follows', jwt, { source: 'token' }, 'pending'],
    ['any token with a JWKS URL: a check follows', jwt, { source: 'editor', jwksUri: 'https://x/jwks' }, 'pending'],
    ['editor token without JWKS URL', jwt, { source: 'editor' }, 'not_verified'],
    ['client assertion', jwt, { source: 'assertion' }, 'not_verified'],
    ['fetched token without iss', decodeToken(unsignedJwt({ sub: 'x' })), { source: 'token' }, 'not_verified'],
  ];
  for (const [name, decoded, from, state] of cases) {
    test(name, () => assert.equal(initialSignature(decoded, from).state, state));
  }
});
