// DPoP (RFC 9449) against the real loopback oidc-provider, which implements it, nonces included: core's flow gets
// DPoP-bound tokens whose cnf.jkt is the DPoP key's thumbprint for every proof alg Jack Henry lists, retries once
// when the server requires a nonce, reuses the nonces the server gives, and meets the server's refusals.
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { SigningAlg } from '../../src/core/algorithms';
import { DpopNonceCache } from '../../src/core/dpopNonces';
import { createDpopKey, type DpopAlg } from '../../src/core/dpopProof';
import type { DpopSession } from '../../src/core/dpopToken';
import { ConfigError, OAuthError } from '../../src/core/errors';
import { fetchToken } from '../../src/core/flow';
import type { FlowEvent } from '../../src/core/flowSteps';
import { createHttpClient, type HttpClient } from '../../src/core/http';
import { publicJwks } from '../../src/core/keyExport';
import { createProfile, type Profile } from '../../src/core/profiles';
import { type AuthServer, startAuthServer } from '../support/authServer';

const KEY_FOR: Record<DpopAlg, () => KeyObject> = {
  ES256: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
  ES384: () => generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey,
  ES512: () => generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey,
  PS256: () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
  PS384: () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
  PS512: () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
  EdDSA: () => generateKeyPairSync('ed25519').privateKey,
};

const servers: Record<'off' | 'offered' | 'required', AuthServer | undefined> = {
  off: undefined,
  offered: undefined,
  required: undefined,
};
let http: HttpClient;
let clientKey: KeyObject;
let clientSeq = 0;

before(async () => {
  servers.off = await startAuthServer();
  servers.offered = await startAuthServer({ dpopNonce: 'offered' });
  servers.required = await startAuthServer({ dpopNonce: 'required' });
  http = createHttpClient({ timeoutMs: 10_000 });
  clientKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
});
after(async () => {
  await http.close();
  for (const server of Object.values(servers)) await server?.close();
});

function server(mode: keyof typeof servers): AuthServer {
  const s = servers[mode];
  assert.ok(s, mode);
  return s;
}

/** Registers a new client of `mode`'s server and returns its DPoP profile (token URL, or discovery with `issuer`). */
async function dpopProfile(mode: keyof typeof servers, how: 'token-url' | 'issuer' = 'token-url'): Promise<Profile> {
  const s = server(mode);
  const clientId = `dpop-client-${++clientSeq}`;
  await s.registerClient({ clientId, jwks: publicJwks(clientKey) });
  return createProfile('generic', {
    name: clientId,
    clientId,
    alg: 'ES256' satisfies SigningAlg,
    dpop: true,
    ...(how === 'issuer' ? { issuer: s.issuer } : { tokenUrl: s.tokenUrl, audience: 'token-endpoint' }),
  });
}

const tokenPosts = (s: AuthServer) => s.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/token')).length;

/** The access token verified against the server's JWKS; its claims. */
async function verifiedClaims(s: AuthServer, token: string): Promise<Record<string, unknown>> {
  return (await jwtVerify(token, createRemoteJWKSet(new URL(s.jwksUrl)), { issuer: s.issuer })).payload;
}

describe('a DPoP-bound token for every proof alg the server takes (no nonce)', () => {
  for (const alg of ['ES256', 'ES384', 'ES512', 'PS256', 'PS384'] as DpopAlg[]) {
    test(alg, async () => {
      const profile = await dpopProfile('off');
      const dpop: DpopSession = { key: createDpopKey(KEY_FOR[alg](), alg), nonces: new DpopNonceCache() };
      const result = await fetchToken({ profile, key: clientKey, http, dpop });
      assert.equal(result.response.tokenType, 'DPoP');
      const claims = await verifiedClaims(server('off'), result.response.accessToken);
      assert.deepEqual(claims.cnf, { jkt: dpop.key.thumbprint });
      assert.deepEqual(result.dpop, { thumbprint: dpop.key.thumbprint, binding: 'bound', nonceRetried: false });
    });
  }

  test('without DPoP the same server gives a Bearer token without cnf', async () => {
    const profile = { ...(await dpopProfile('off')), dpop: false };
    const result = await fetchToken({ profile, key: clientKey, http });
    assert.equal(result.response.tokenType, 'Bearer');
    assert.equal((await verifiedClaims(server('off'), result.response.accessToken)).cnf, undefined);
  });
});

describe('a server that requires a DPoP nonce', () => {
  test('use_dpop_nonce is retried once with a fresh assertion and proof; the nonce is then reused', async () => {
    const s = server('required');
    const profile = await dpopProfile('required');
    const dpop: DpopSession = { key: createDpopKey(KEY_FOR.ES256()), nonces: new DpopNonceCache() };
    const events: FlowEvent[] = [];
    const before = tokenPosts(s);
    const first = await fetchToken({ profile, key: clientKey, http, dpop, observer: { step: (e) => events.push(e) } });
    assert.equal(tokenPosts(s) - before, 2, 'one refused request, one retry');
    assert.equal(first.dpop?.nonceRetried, true);
    assert.deepEqual((await verifiedClaims(s, first.response.accessToken)).cnf, { jkt: dpop.key.thumbprint });
    const proofs = events.filter((e): e is Extract<FlowEvent, { step: 'dpop' }> => e.step === 'dpop');
    assert.equal(proofs.length, 2);
    assert.equal(proofs[0]?.nonce, undefined);
    assert.ok(proofs[1]?.nonce, 'the retry carries the nonce');
    const assertions = events.filter((e) => e.step === 'sign').map((e) => (e.step === 'sign' ? e.assertion : ''));
    assert.notEqual(assertions[0], assertions[1], 'a fresh assertion (the first jti is spent)');

    const again = await fetchToken({ profile, key: clientKey, http, dpop });
    assert.equal(tokenPosts(s) - before, 3, 'the remembered nonce was accepted at once');
    assert.equal(again.dpop?.nonceRetried, false);
    assert.equal(again.dpop?.binding, 'bound');
  });

  test('the same with the token endpoint found by discovery', async () => {
    const profile = await dpopProfile('required', 'issuer');
    const dpop: DpopSession = { key: createDpopKey(KEY_FOR.PS256()), nonces: new DpopNonceCache() };
    const result = await fetchToken({ profile, key: clientKey, http, dpop });
    assert.equal(result.dpop?.binding, 'bound');
    assert.equal(result.dpop?.nonceRetried, true);
  });
});

describe('a server that offers nonces without requiring them', () => {
  test('the first proof has none; the nonce of the answer goes into the next proof', async () => {
    const profile = await dpopProfile('offered');
    const dpop: DpopSession = { key: createDpopKey(KEY_FOR.ES384()), nonces: new DpopNonceCache() };
    const nonces: (string | undefined)[] = [];
    const observer = { step: (e: FlowEvent) => (e.step === 'dpop' ? nonces.push(e.nonce) : undefined) };
    await fetchToken({ profile, key: clientKey, http, dpop, observer });
    await fetchToken({ profile, key: clientKey, http, dpop, observer });
    assert.equal(nonces.length, 2, 'no retries');
    assert.equal(nonces[0], undefined);
    assert.ok(nonces[1], 'the second proof carries the nonce the first answer gave');
  });
});

describe("the server's refusals", () => {
  for (const alg of ['PS512', 'EdDSA'] as DpopAlg[]) {
    test(`${alg} proofs (not in Jack Henry's list): invalid_dpop_proof, with a hint`, async () => {
      const profile = await dpopProfile('off');
      const dpop: DpopSession = { key: createDpopKey(KEY_FOR[alg](), alg), nonces: new DpopNonceCache() };
      await assert.rejects(
        fetchToken({ profile, key: clientKey, http, dpop }),
        (e: unknown) => e instanceof OAuthError && e.code === 'oauth_invalid_dpop_proof' && /alg/.test(String(e.hint)),
      );
    });

    test(`${alg} with discovery: refused from the metadata, before any token request`, async () => {
      const s = server('off');
      const profile = await dpopProfile('off', 'issuer');
      const dpop: DpopSession = { key: createDpopKey(KEY_FOR[alg](), alg), nonces: new DpopNonceCache() };
      const before = tokenPosts(s);
      await assert.rejects(
        fetchToken({ profile, key: clientKey, http, dpop }),
        (e: unknown) => e instanceof ConfigError && e.code === 'alg_not_supported_by_server',
      );
      assert.equal(tokenPosts(s), before);
    });
  }
});
