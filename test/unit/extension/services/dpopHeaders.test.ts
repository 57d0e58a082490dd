// The headers of one request with a DPoP-bound token, checked claim by claim against RFC 9449 §4.2/§4.3/§7.1: the
// proof verifies with its own header jwk, typ dpop+jwt, htm/htu of the request (no query or fragment), ath = the
// token's SHA-256, the jwk's RFC 7638 thumbprint = the token's cnf.jkt, a fresh jti every time, the known nonce.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { calculateJwkThumbprint, EmbeddedJWK, type JWK, jwtVerify } from 'jose';
import { DpopNonceCache } from '../../../../src/core/dpopNonces';
import { createDpopKey, type DpopKey } from '../../../../src/core/dpopProof';
import { ClientCredsError } from '../../../../src/core/errors';
import type { CachedToken } from '../../../../src/extension/services/cachedToken';
import { dpopRequestHeaders, formatCurl, formatHeaderLines } from '../../../../src/extension/services/dpopHeaders';

const ACCESS_TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJjbmYiOnt9fQ.c2ln';

function newKey(): DpopKey {
  return createDpopKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
}

function boundToken(key: DpopKey, accessToken = ACCESS_TOKEN): CachedToken {
  return {
    accessToken,
    tokenType: 'DPoP',
    obtainedAt: 0,
    tokenEndpoint: 'https://as.example/token',
    dpop: { thumbprint: key.thumbprint, binding: 'bound' },
  };
}

async function verify(proof: string) {
  return jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'] });
}

describe('DPoP request headers', () => {
  const requests: [string, string, string][] = [
    ['GET', 'https://api.example.com/v1/accounts', 'https://api.example.com/v1/accounts'],
    ['post', 'https://API.example.com:443/v1/x?secret=1#frag', 'https://api.example.com/v1/x'],
    ['DELETE', 'http://127.0.0.1:8080', 'http://127.0.0.1:8080/'],
  ];
  for (const [method, url, htu] of requests) {
    test(`${method} ${url}: each claim of the proof`, async () => {
      const key = newKey();
      const token = boundToken(key);
      const nowMs = 1_700_000_000_500;
      const headers = await dpopRequestHeaders(token, key, new DpopNonceCache(), { method, url }, () => nowMs);
      assert.equal(headers.Authorization, `DPoP ${ACCESS_TOKEN}`);
      const { payload, protectedHeader } = await verify(headers.DPoP);
      assert.equal(protectedHeader.typ, 'dpop+jwt');
      assert.equal(protectedHeader.alg, 'ES256');
      const jwk = protectedHeader.jwk as JWK;
      assert.equal('d' in jwk, false, 'the private key is in the proof');
      assert.equal(await calculateJwkThumbprint(jwk, 'sha256'), token.dpop?.thumbprint, 'jwk thumbprint != cnf.jkt');
      assert.equal(payload.htm, method.toUpperCase());
      assert.equal(payload.htu, htu);
      assert.equal(payload.ath, createHash('sha256').update(ACCESS_TOKEN).digest('base64url'));
      assert.equal(payload.iat, Math.floor(nowMs / 1000));
      assert.match(String(payload.jti), /^[0-9a-f-]{36}$/);
      assert.equal(payload.nonce, undefined);
    });
  }

  test('every call makes a fresh proof (new jti)', async () => {
    const key = newKey();
    const nonces = new DpopNonceCache();
    const request = { method: 'GET', url: 'https://api.example.com/v1/accounts' };
    const jtis = new Set<unknown>();
    for (let i = 0; i < 5; i++) {
      const { DPoP } = await dpopRequestHeaders(boundToken(key), key, nonces, request);
      jtis.add((await verify(DPoP)).payload.jti);
    }
    assert.equal(jtis.size, 5);
  });

  test("the nonce the request's origin gave before goes into the proof, another origin's does not", async () => {
    const key = newKey();
    const nonces = new DpopNonceCache();
    nonces.remember('https://api.example.com/other', 'n-api');
    nonces.remember('https://as.example/token', 'n-as');
    const { DPoP } = await dpopRequestHeaders(boundToken(key), key, nonces, {
      method: 'GET',
      url: 'https://api.example.com/v1/accounts',
    });
    assert.equal((await verify(DPoP)).payload.nonce, 'n-api');
  });

  const refused: [string, (key: DpopKey) => CachedToken, string][] = [
    ['a Bearer token', (key) => ({ ...boundToken(key), tokenType: 'Bearer', dpop: undefined }), 'dpop_not_bound'],
    ['a token bound to another DPoP key', () => boundToken(newKey()), 'dpop_not_bound'],
    ['a token with a space', (key) => boundToken(key, 'abc def'), 'dpop_invalid_access_token'],
  ];
  for (const [what, token, code] of refused) {
    test(`${what} is refused with ${code}, and the error text holds no token`, async () => {
      const key = newKey();
      const t = token(key);
      await assert.rejects(
        dpopRequestHeaders(t, key, new DpopNonceCache(), { method: 'GET', url: 'https://api.example.com/' }),
        (e: unknown) => {
          assert.ok(e instanceof ClientCredsError);
          assert.equal(e.code, code);
          assert.ok(e.hint);
          assert.ok(!`${e.message} ${e.hint}`.includes(t.accessToken));
          return true;
        },
      );
    });
  }

  const badRequests: [string, string, string][] = [
    ['not a method', 'GET /x', 'dpop_invalid_method'],
    ['a relative URL', '/v1/accounts', 'invalid_url'],
    ['a file URL', 'file:///etc/passwd', 'invalid_url'],
    ['credentials in the URL', 'https://u:p@api.example.com/', 'invalid_url'],
  ];
  for (const [what, value, code] of badRequests) {
    test(`a request with ${what} is refused with ${code}`, async () => {
      const key = newKey();
      const request =
        code === 'dpop_invalid_method' ? { method: value, url: 'https://a.example/' } : { method: 'GET', url: value };
      await assert.rejects(dpopRequestHeaders(boundToken(key), key, new DpopNonceCache(), request), { code });
    });
  }

  test('header lines and a curl line carry both headers; curl quotes for the shell', () => {
    const headers = { Authorization: 'DPoP tok', DPoP: 'a.b.c' };
    assert.equal(formatHeaderLines(headers), 'Authorization: DPoP tok\nDPoP: a.b.c');
    assert.equal(
      formatCurl({ method: 'get', url: "https://api.example.com/it's?a=1&b=2" }, headers),
      `curl --header 'Authorization: DPoP tok' --header 'DPoP: a.b.c' 'https://api.example.com/it'\\''s?a=1&b=2'`,
    );
    assert.equal(
      formatCurl({ method: 'POST', url: 'https://api.example.com/x' }, headers),
      `curl --request 'POST' --header 'Authorization: DPoP tok' --header 'DPoP: a.b.c' 'https://api.example.com/x'`,
    );
  });
});
