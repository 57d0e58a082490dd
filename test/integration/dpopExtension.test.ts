// The extension's DPoP path against the real loopback oidc-provider with DPoP on (with and without a required
// nonce) and a loopback resource that validates `Authorization: DPoP` + proof: TokenService fetches a DPoP-bound
// token for a DPoP profile with the key DpopKeys generated for it, the cached record remembers the binding, and the
// headers that Copy Authorization for a Request… and the clientCreds.dpopProof command build are accepted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { createProfile } from '../../src/core/profiles';
import { dpopProof } from '../../src/extension/commands/dpopProof';
import { SecretPrefix } from '../../src/extension/contract';
import { parseCachedToken } from '../../src/extension/services/cachedToken';
import { authorizeRequest } from '../../src/extension/services/dpopAuthorization';
import type { Services } from '../../src/extension/services/services';
import { type AuthServer, startAuthServer } from '../support/authServer';
import { type ResourceServer, startResourceServer } from '../support/resourceServer';
import { extensionWindow } from '../unit/extension/window';

type Mode = 'no nonce' | 'nonce required';
const stacks = new Map<Mode, { as: AuthServer; resource: ResourceServer }>();
let seq = 0;

before(async () => {
  for (const [mode, opts] of [
    ['no nonce', {}],
    ['nonce required', { dpopNonce: 'required' as const }],
  ] as const) {
    const as = await startAuthServer(opts);
    stacks.set(mode, { as, resource: await startResourceServer({ issuer: as.issuer, jwksUrl: as.jwksUrl }) });
  }
});
after(async () => {
  for (const { as, resource } of stacks.values()) {
    await resource.close();
    await as.close();
  }
});

/** The extension's services over a fake keychain and settings, with a registered client for a new profile. */
async function window(mode: Mode, dpop: boolean) {
  const stack = stacks.get(mode);
  assert.ok(stack);
  const { keychain, sink, log, secrets, profiles, keys, dpop: dpopKeys, tokens } = extensionWindow({ dpop: true });
  assert.ok(dpopKeys);
  const name = `ext-dpop-${++seq}`;
  await keys.generate(name, { alg: 'ES256' });
  await stack.as.registerClient({ clientId: name, jwks: await keys.publicJwks(name) });
  await profiles.save(
    createProfile('generic', {
      name,
      clientId: name,
      tokenUrl: stack.as.tokenUrl,
      audience: 'token-endpoint',
      alg: 'ES256',
      key: name,
      dpop,
    }),
  );
  await profiles.setActive(name);
  const services = { log, secrets, keys, profiles, tokens, dpop: dpopKeys } as unknown as Services;
  return { ...stack, keychain, sink, name, tokens, dpopKeys, profiles, services };
}

async function callResource(url: string, headers: Record<string, string>) {
  const res = await fetch(url, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

for (const mode of ['no nonce', 'nonce required'] as const) {
  describe(`a DPoP profile in the extension (${mode})`, () => {
    test("fetches a DPoP-bound token whose cnf.jkt is the thumbprint of the profile's generated DPoP key", async () => {
      const w = await window(mode, true);
      assert.equal(await w.dpopKeys.thumbprint(w.name), undefined, 'a DPoP key before the first fetch');
      const { token } = await w.tokens.fetch(w.name);
      const thumbprint = await w.dpopKeys.thumbprint(w.name);
      assert.ok(thumbprint, 'no DPoP key was generated');
      assert.equal(token.tokenType, 'DPoP');
      assert.deepEqual(token.dpop, { thumbprint, binding: 'bound' });
      const { payload } = await jwtVerify(token.accessToken, createRemoteJWKSet(new URL(w.as.jwksUrl)), {
        issuer: w.as.issuer,
      });
      assert.equal((payload.cnf as { jkt?: string } | undefined)?.jkt, thumbprint);
      const stored = parseCachedToken(w.keychain.values.get(`${SecretPrefix.token}${w.name}`));
      assert.deepEqual(stored?.dpop, token.dpop, 'the cached record forgot the binding');
      assert.ok(!w.sink.lines.join('\n').includes(token.accessToken), 'the token reached the log');
    });

    test('the headers built for a request are accepted by the resource, a fresh proof each time', async () => {
      const w = await window(mode, true);
      await w.tokens.fetch(w.name);
      const posts = w.as.requests.filter((r) => r.method === 'POST').length;
      for (let i = 0; i < 2; i++) {
        const { headers } = await authorizeRequest(w.services, w.name, { method: 'GET', url: w.resource.url });
        const answer = await callResource(w.resource.url, { ...headers });
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
      }
      assert.equal(w.as.requests.filter((r) => r.method === 'POST').length, posts, 'a valid token was fetched again');
    });

    test('clientCreds.dpopProof fetches a token when there is none and returns headers the resource accepts', async () => {
      const w = await window(mode, true);
      const headers = await dpopProof(w.services)({ method: 'GET', url: `${w.resource.url}?page=2` });
      assert.deepEqual(Object.keys(headers).sort(), ['Authorization', 'DPoP']);
      const answer = await callResource(`${w.resource.url}?page=2`, { ...headers });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      // A proof is for one request: the same headers again, for a POST, are refused.
      const post = await fetch(w.resource.url, { method: 'POST', headers: { ...headers } });
      assert.equal(post.status, 401);
    });
  });
}

describe('a resource that requires its own nonce', () => {
  test('its DPoP-Nonce, passed to clientCreds.dpopProof, goes into the proof and the retry is accepted', async () => {
    const w = await window('no nonce', true);
    w.resource.requireNonce = true;
    try {
      const first = await fetch(w.resource.url, {
        headers: { ...(await dpopProof(w.services)({ method: 'GET', url: w.resource.url })) },
      });
      assert.equal(first.status, 401);
      const nonce = first.headers.get('dpop-nonce') ?? '';
      assert.equal(nonce, w.resource.nonce);
      const headers = await dpopProof(w.services)({ method: 'GET', url: w.resource.url, nonce });
      const answer = await callResource(w.resource.url, { ...headers });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      // Remembered for the origin: the next proof carries it without being told.
      const next = await dpopProof(w.services)({ method: 'GET', url: w.resource.url });
      assert.equal((await callResource(w.resource.url, { ...next })).status, 200);
    } finally {
      w.resource.requireNonce = false;
    }
  });
  test('a nonce that is not an RFC 9449 nonce is refused, and not echoed', async () => {
    const w = await window('no nonce', true);
    for (const nonce of ['has space', 'quote"d', '', 'x'.repeat(5000)]) {
      await assert.rejects(
        dpopProof(w.services)({ method: 'GET', url: w.resource.url, nonce }),
        (e: { code?: string; message?: string }) =>
          e.code === 'dpop_invalid_nonce' && (nonce === '' || !String(e.message).includes(nonce)),
      );
    }
  });
});

describe('a Bearer profile on the same server', () => {
  test('gets a Bearer token with no DPoP key, and DPoP headers are refused with a hint', async () => {
    const w = await window('no nonce', false);
    const { token } = await w.tokens.fetch(w.name);
    assert.equal(token.tokenType, 'Bearer');
    assert.equal(token.dpop, undefined);
    assert.equal(await w.dpopKeys.thumbprint(w.name), undefined, 'a DPoP key was made for a Bearer profile');
    await assert.rejects(
      dpopProof(w.services)({ method: 'GET', url: w.resource.url }),
      (e: { code?: string; hint?: string }) => e.code === 'dpop_not_bound' && /Edit Profile/.test(e.hint ?? ''),
    );
  });
});

describe('clientCreds.dpopProof arguments', () => {
  const bad: [string, unknown][] = [
    ['nothing', undefined],
    ['a string', 'GET https://a.example/'],
    ['no url', { method: 'GET' }],
    ['a numeric method', { method: 1, url: 'https://a.example/' }],
    ['a non-string profile', { method: 'GET', url: 'https://a.example/', profile: 3 }],
    ['a non-string nonce', { method: 'GET', url: 'https://a.example/', nonce: ['n'] }],
  ];
  for (const [what, arg] of bad) {
    test(`${what} is refused with argument_missing and how to call it`, async () => {
      const w = await window('no nonce', true);
      await assert.rejects(dpopProof(w.services)(arg), (e: { code?: string; hint?: string }) => {
        assert.equal(e.code, 'argument_missing');
        assert.match(e.hint ?? '', /executeCommand/);
        return true;
      });
    });
  }
});
