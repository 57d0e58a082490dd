// Key rotation through a published JWKS against the real loopback oidc-provider: a client registered with a
// jwks_uri (a loopback static host; the provider's loopback guard is lifted in the test server), rotated from key A
// to key B with core's KeyRotation (a fake store standing in for the extension's) and a token at every step, then
// key A refused once the server has re-read the JWKS without it.
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { after, before, test } from 'node:test';
import { KeyError, OAuthError } from '../../src/core/errors';
import { fetchToken } from '../../src/core/flow';
import { createHttpClient, type HttpClient } from '../../src/core/http';
import { decodeJwt } from '../../src/core/jwt';
import { jwkThumbprint } from '../../src/core/keyExport';
import { KeyRotation, type KeySetStore } from '../../src/core/keyRotation';
import { type KeySet, keySetJwks } from '../../src/core/keySet';
import { createProfile, type Profile } from '../../src/core/profiles';
import { type AuthServer, startAuthServer } from '../support/authServer';
import { type JwksHost, startJwksHost } from '../support/jwksHost';

const CLIENT = 'rotating-client';

let server: AuthServer;
let host: JwksHost;
let http: HttpClient;
let profile: Profile;

before(async () => {
  server = await startAuthServer({ allowLoopbackFetch: true });
  host = await startJwksHost();
  http = createHttpClient({ timeoutMs: 10_000 });
  await server.registerClient({ clientId: CLIENT, jwksUri: host.url });
  profile = createProfile('generic', {
    name: 'rotating',
    clientId: CLIENT,
    tokenUrl: server.tokenUrl,
    audience: 'token-endpoint',
    alg: 'ES256',
    clientJwksUri: host.url,
  });
});
after(async () => {
  await http.close();
  await host.close();
  await server.close();
});

/** A token signed with `key`; the assertion's kid must be the key's thumbprint (the profile publishes a JWKS). */
async function tokenWith(key: KeyObject): Promise<void> {
  const result = await fetchToken({ profile, key, http });
  assert.equal(result.assertion.header.kid, jwkThumbprint(key));
  assert.equal(decodeJwt(result.response.accessToken).payload.client_id, CLIENT);
}

async function refusedWith(key: KeyObject): Promise<void> {
  await assert.rejects(
    fetchToken({ profile, key, http }),
    (e: unknown) => e instanceof OAuthError && e.code === 'oauth_invalid_client',
  );
}

test('rotate from key A to key B with a token at every step; A refused once the server has re-read the JWKS', async () => {
  const a = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  let stored: KeySet | undefined = { signing: a };
  const store: KeySetStore = {
    load: async () => stored,
    save: async (set) => {
      stored = set;
    },
  };
  const rotation = new KeyRotation({ store, http });
  const signing = () => {
    assert.ok(stored);
    return stored.signing;
  };

  // 1. A is published and signs.
  host.publish(keySetJwks({ signing: a }));
  await tokenWith(signing());

  // 2. B is generated; until it is published, promotion is refused (checked at the JWKS URI itself).
  const { kid: kidB, jwks } = await rotation.generateNext({ alg: 'ES256' });
  await assert.rejects(
    rotation.promote({ jwksUri: host.url }),
    (e: unknown) => e instanceof KeyError && e.code === 'key_not_published',
  );
  host.publish(jwks);
  await tokenWith(signing());
  const b = stored?.next;
  assert.ok(b);
  // The server still holds its earlier copy of the JWKS: an assertion signed with B is refused until it re-reads it,
  // which is why the README says to wait before promoting.
  await refusedWith(b);
  await server.refreshClientJwks(CLIENT);
  await tokenWith(signing());

  // 3. The check passes, B is promoted and signs.
  const check = await rotation.checkPublished(host.url);
  assert.deepEqual(
    check.keys.map((k) => [k.role, k.status]),
    [
      ['signing', 'published'],
      ['next', 'published'],
    ],
  );
  const promotion = await rotation.promote({ jwksUri: host.url });
  assert.equal(promotion.kid, kidB);
  assert.equal(signing(), b);
  await tokenWith(signing());

  // 4. A leaves the JWKS and the key set; B goes on signing.
  host.publish(keySetJwks({ signing: b }));
  const retirement = await rotation.retire({ jwksUri: host.url });
  assert.equal(retirement.retiredKid, jwkThumbprint(a));
  assert.equal(retirement.stillPublished, false);
  assert.deepEqual(stored, { signing: b });
  await tokenWith(signing());

  // 5. The server forgets A only when it re-reads the JWKS (its copy is kept while every assertion's key is in it).
  await tokenWith(a);
  await server.refreshClientJwks(CLIENT);
  await refusedWith(a);
  await tokenWith(signing());
  assert.ok(host.fetches >= 4, `the JWKS URI was read by the server and by the checks (${host.fetches})`);
});
