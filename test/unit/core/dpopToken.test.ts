// DPoP at the token endpoint through core's flow, over a scripted transport (the real server is in
// test/integration/dpop.test.ts): the proof each request carries (verified with jose as a server would), the one
// nonce retry with a fresh assertion and a fresh proof (RFC 9449 §8), nonces kept per origin for the next proofs,
// and the answers a DPoP client must not accept silently.
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { EmbeddedJWK, jwtVerify } from 'jose';
import { DpopNonceCache } from '../../../src/core/dpopNonces';
import { createDpopKey } from '../../../src/core/dpopProof';
import { type DpopSession, dpopBinding } from '../../../src/core/dpopToken';
import { ConfigError, OAuthError, ResponseError } from '../../../src/core/errors';
import { fetchToken } from '../../../src/core/flow';
import type { FlowEvent } from '../../../src/core/flowSteps';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../src/core/http';
import { createProfile, type Profile } from '../../../src/core/profiles';

const TOKEN_URL = 'https://as.example.com/oauth/token';

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

/** A transport that answers from a script (one answer per request, the last one repeated) and records requests. */
function scripted(...answers: Answer[]): HttpClient & { sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  return {
    sent,
    async request(req) {
      sent.push(req);
      const a = answers[Math.min(sent.length - 1, answers.length - 1)] as Answer;
      return {
        status: a.status,
        headers: { 'content-type': 'application/json', ...a.headers },
        body: typeof a.body === 'string' ? a.body : JSON.stringify(a.body),
        url: req.url,
      } satisfies HttpResponse;
    },
    async close() {},
  };
}

const DPOP_OK: Answer = { status: 200, body: { access_token: 'opaque-token-1', token_type: 'DPoP', expires_in: 600 } };
const NONCE_CHALLENGE = (nonce: string): Answer => ({
  status: 400,
  body: { error: 'use_dpop_nonce', error_description: 'nonce is required in the DPoP proof' },
  headers: { 'dpop-nonce': nonce },
});

let clientKey: KeyObject;
let dpopPrivate: KeyObject;
before(() => {
  clientKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  dpopPrivate = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
});

const profile = (fields: Partial<Profile> = {}): Profile =>
  createProfile('generic', {
    name: 'dpop',
    clientId: 'client-1',
    tokenUrl: TOKEN_URL,
    audience: 'token-endpoint',
    alg: 'ES256',
    dpop: true,
    ...fields,
  });

const session = (nonces = new DpopNonceCache()): DpopSession => ({ key: createDpopKey(dpopPrivate), nonces });

/** The proof a recorded request carried, verified as RFC 9449 §4.3 says. */
async function proofOf(req: HttpRequest | undefined): Promise<Record<string, unknown>> {
  const proof = req?.headers?.dpop;
  assert.ok(proof, 'the request carries a DPoP header');
  const { payload } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'] });
  return payload;
}

function assertionJti(req: HttpRequest | undefined): unknown {
  const jwt = new URLSearchParams(req?.body ?? '').get('client_assertion') ?? '';
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')).jti;
}

describe('the token request of a DPoP profile', () => {
  test('carries a proof for POST to the token endpoint, without ath, and gets a DPoP token', async () => {
    const http = scripted(DPOP_OK);
    const s = session();
    const result = await fetchToken({ profile: profile(), key: clientKey, http, dpop: s });
    assert.equal(http.sent.length, 1);
    const claims = await proofOf(http.sent[0]);
    assert.equal(claims.htm, 'POST');
    assert.equal(claims.htu, TOKEN_URL);
    assert.equal(claims.ath, undefined, 'no access token yet, so no ath');
    assert.equal(claims.nonce, undefined);
    assert.deepEqual(result.dpop, { thumbprint: s.key.thumbprint, binding: 'opaque', nonceRetried: false });
    assert.equal(result.response.tokenType, 'DPoP');
  });

  test('a profile without DPoP sends no proof, even with a DPoP key at hand', async () => {
    const http = scripted({ status: 200, body: { access_token: 't', token_type: 'Bearer' } });
    const result = await fetchToken({ profile: profile({ dpop: false }), key: clientKey, http, dpop: session() });
    assert.equal(http.sent[0]?.headers?.dpop, undefined);
    assert.equal(result.dpop, undefined);
  });

  test('a DPoP profile without a DPoP key is refused before anything is sent', async () => {
    const http = scripted(DPOP_OK);
    await assert.rejects(
      fetchToken({ profile: profile(), key: clientKey, http }),
      (e: unknown) => e instanceof ConfigError && e.code === 'dpop_key_missing' && /DPoP/.test(String(e.hint)),
    );
    assert.equal(http.sent.length, 0);
  });

  test('use_dpop_nonce is retried once: fresh assertion, fresh proof with the nonce, steps reported twice', async () => {
    const http = scripted(NONCE_CHALLENGE('nonce-1'), DPOP_OK);
    const events: FlowEvent[] = [];
    const result = await fetchToken({
      profile: profile(),
      key: clientKey,
      http,
      dpop: session(),
      observer: { step: (e) => events.push(e) },
    });
    assert.equal(http.sent.length, 2);
    const [first, second] = [await proofOf(http.sent[0]), await proofOf(http.sent[1])];
    assert.equal(first.nonce, undefined);
    assert.equal(second.nonce, 'nonce-1');
    assert.notEqual(first.jti, second.jti, 'a fresh proof');
    assert.notEqual(assertionJti(http.sent[0]), assertionJti(http.sent[1]), 'a fresh assertion');
    assert.equal(result.dpop?.nonceRetried, true);
    assert.deepEqual(
      events.map((e) => (e.step === 'dpop' ? `dpop${e.nonceRetry ? '(retry)' : ''}` : e.step)),
      ['payload', 'sign', 'dpop', 'request', 'payload', 'sign', 'dpop(retry)', 'request', 'response'],
    );
    const retry = events.filter((e) => e.step === 'dpop')[1];
    assert.equal(retry?.step === 'dpop' && retry.nonce, 'nonce-1');
  });

  test('the nonce a server gives is used in the next proofs to it, from any answer, and only to it', async () => {
    const nonces = new DpopNonceCache();
    const s = session(nonces);
    await fetchToken({ profile: profile(), key: clientKey, http: scripted(NONCE_CHALLENGE('n-1'), DPOP_OK), dpop: s });
    const again = scripted({ ...DPOP_OK, headers: { 'dpop-nonce': 'n-2' } });
    await fetchToken({ profile: profile(), key: clientKey, http: again, dpop: s });
    assert.equal(again.sent.length, 1, 'no challenge: the remembered nonce was sent at once');
    assert.equal((await proofOf(again.sent[0])).nonce, 'n-1');
    const third = scripted(DPOP_OK);
    await fetchToken({ profile: profile(), key: clientKey, http: third, dpop: s });
    assert.equal((await proofOf(third.sent[0])).nonce, 'n-2', 'a nonce on a success answer replaces the old one');
    const elsewhere = scripted(DPOP_OK);
    const other = profile({ tokenUrl: 'https://other.example.com/oauth/token' });
    await fetchToken({ profile: other, key: clientKey, http: elsewhere, dpop: s });
    assert.equal((await proofOf(elsewhere.sent[0])).nonce, undefined, 'nonces are per server');
  });

  const refusals: { name: string; answers: Answer[]; requests: number; check: (e: unknown) => boolean }[] = [
    {
      name: 'a second use_dpop_nonce: no third try',
      answers: [NONCE_CHALLENGE('a'), NONCE_CHALLENGE('b')],
      requests: 2,
      check: (e) => e instanceof OAuthError && e.code === 'oauth_use_dpop_nonce' && /DPoP-Nonce/.test(String(e.hint)),
    },
    {
      name: 'use_dpop_nonce without a DPoP-Nonce header',
      answers: [{ status: 400, body: { error: 'use_dpop_nonce' } }],
      requests: 1,
      check: (e) => e instanceof OAuthError && e.code === 'oauth_use_dpop_nonce',
    },
    {
      name: 'use_dpop_nonce with a malformed nonce',
      answers: [{ ...NONCE_CHALLENGE('bad nonce "x"') }],
      requests: 1,
      check: (e) => e instanceof OAuthError && e.code === 'oauth_use_dpop_nonce',
    },
    {
      name: 'invalid_dpop_proof',
      answers: [{ status: 400, body: { error: 'invalid_dpop_proof' } }],
      requests: 1,
      check: (e) => e instanceof OAuthError && e.code === 'oauth_invalid_dpop_proof' && /clock/.test(String(e.hint)),
    },
    {
      name: 'invalid_client is not retried',
      answers: [{ status: 401, body: { error: 'invalid_client' }, headers: { 'dpop-nonce': 'n' } }],
      requests: 1,
      check: (e) => e instanceof OAuthError && e.code === 'oauth_invalid_client',
    },
  ];
  for (const tokenType of ['Bearer', 'bearer', 'N_A', 'DPoP-ish', 'mac']) {
    refusals.push({
      name: `token_type ${tokenType} answered to a DPoP request`,
      answers: [{ status: 200, body: { access_token: 'opaque-token-2', token_type: tokenType } }],
      requests: 1,
      check: (e) =>
        e instanceof ResponseError &&
        e.code === 'dpop_not_bound' &&
        e.message.includes(tokenType) &&
        !e.message.includes('opaque-token-2'),
    });
  }
  for (const c of refusals) {
    test(`refused: ${c.name}`, async () => {
      const http = scripted(...c.answers);
      await assert.rejects(fetchToken({ profile: profile(), key: clientKey, http, dpop: session() }), c.check);
      assert.equal(http.sent.length, c.requests);
    });
  }

  for (const tokenType of ['DPoP', 'dpop', 'DPOP']) {
    test(`token_type ${tokenType} is accepted (RFC 6749 §5.1: case-insensitive)`, async () => {
      const http = scripted({ status: 200, body: { access_token: 't', token_type: tokenType } });
      const result = await fetchToken({ profile: profile(), key: clientKey, http, dpop: session() });
      assert.equal(result.response.tokenType, tokenType);
    });
  }

  test("the server's dpop_signing_alg_values_supported rules out the key's alg before any token request", async () => {
    const issuer = 'https://as.example.com';
    const metadata = {
      issuer,
      token_endpoint: TOKEN_URL,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      dpop_signing_alg_values_supported: ['PS256', 'EdDSA'],
    };
    const http = scripted({ status: 200, body: metadata });
    await assert.rejects(
      fetchToken({ profile: profile({ tokenUrl: undefined, issuer }), key: clientKey, http, dpop: session() }),
      (e: unknown) => e instanceof ConfigError && e.code === 'alg_not_supported_by_server' && /ES256/.test(e.message),
    );
    assert.ok(
      http.sent.every((r) => r.method === 'GET'),
      'only discovery was requested',
    );
  });
});

describe('binding: cnf.jkt of a JWT access token (RFC 9449 §6.1)', () => {
  const jwt = (payload: Record<string, unknown>) =>
    `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;
  const thumbprint = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
  const cases: [string, string, string | undefined][] = [
    ['the DPoP key', jwt({ cnf: { jkt: thumbprint } }), 'bound'],
    ['no cnf', jwt({ sub: 'x' }), 'no-cnf'],
    ['cnf without jkt (mTLS binding)', jwt({ cnf: { 'x5t#S256': 'abc' } }), 'no-cnf'],
    ['an opaque token', 'opaque-value', 'opaque'],
    ['another key', jwt({ cnf: { jkt: 'another-thumbprint' } }), undefined],
    ['a jkt that is not a string', jwt({ cnf: { jkt: 42 } }), undefined],
  ];
  for (const [name, token, expected] of cases) {
    test(name, () => {
      if (expected) assert.equal(dpopBinding(token, thumbprint), expected);
      else {
        assert.throws(
          () => dpopBinding(token, thumbprint),
          (e: unknown) =>
            e instanceof ResponseError && e.code === 'dpop_binding_mismatch' && !e.message.includes(token),
        );
      }
    });
  }

  test('a DPoP answer whose JWT is bound to another key is refused by the flow', async () => {
    const http = scripted({
      status: 200,
      body: { access_token: jwt({ cnf: { jkt: 'another-thumbprint' } }), token_type: 'DPoP' },
    });
    await assert.rejects(
      fetchToken({ profile: profile(), key: clientKey, http, dpop: session() }),
      (e: unknown) => e instanceof ResponseError && e.code === 'dpop_binding_mismatch',
    );
  });
});

describe('the nonce cache', () => {
  test('keyed by origin: paths share, another port or scheme does not', () => {
    const cache = new DpopNonceCache();
    cache.remember('https://as.example.com/token', 'n1');
    assert.equal(cache.get('https://as.example.com/other/path?x'), 'n1');
    assert.equal(cache.get('https://AS.example.com:443/'), 'n1');
    assert.equal(cache.get('https://as.example.com:8443/token'), undefined);
    assert.equal(cache.get('http://as.example.com/token'), undefined);
    assert.equal(cache.get('not a url'), undefined);
  });

  test('keeps the most recently used origins', () => {
    const cache = new DpopNonceCache(2);
    cache.remember('https://a.example/', 'a');
    cache.remember('https://b.example/', 'b');
    cache.remember('https://a.example/', 'a2');
    cache.remember('https://c.example/', 'c');
    assert.equal(cache.get('https://a.example/'), 'a2');
    assert.equal(cache.get('https://b.example/'), undefined);
    assert.equal(cache.get('https://c.example/'), 'c');
  });

  test('a malformed DPoP-Nonce header is ignored, never stored', () => {
    const cache = new DpopNonceCache();
    cache.remember('https://a.example/', 'good');
    for (const bad of ['', ' ', 'has space', 'quote"', 'x'.repeat(5000)]) {
      assert.equal(cache.rememberFrom('https://a.example/', { 'dpop-nonce': bad }), undefined);
    }
    assert.equal(cache.get('https://a.example/'), 'good');
    assert.throws(() => cache.remember('https://a.example/', 'bad nonce'), /not a valid nonce/);
  });
});
