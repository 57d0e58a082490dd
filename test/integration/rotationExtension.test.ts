// Key rotation in the extension's services against the real loopback oidc-provider: a profile whose client is
// registered with a jwks_uri (a loopback static host) rotates its named keys — next key generated into the key store,
// published, promoted, the previous key retired and deleted — with core's KeyRotation over ProfileKeySet, and the
// TokenService (what Fetch Token runs) gets a token signed with the right key, kid = its RFC 7638 thumbprint, at
// every step. A key another profile also uses is kept when retired.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createHttpClient, type HttpClient } from '../../src/core/http';
import { jwkThumbprint } from '../../src/core/keyExport';
import { KeyRotation } from '../../src/core/keyRotation';
import { createProfile } from '../../src/core/profiles';
import { ProfileKeySet } from '../../src/extension/services/profileKeySet';
import { type AuthServer, startAuthServer } from '../support/authServer';
import { type JwksHost, startJwksHost } from '../support/jwksHost';
import { extensionWindow } from '../unit/extension/window';

const CLIENT = 'rotating-extension-client';

let server: AuthServer;
let host: JwksHost;
let http: HttpClient;

before(async () => {
  server = await startAuthServer({ allowLoopbackFetch: true });
  host = await startJwksHost();
  http = createHttpClient({ timeoutMs: 10_000 });
  await server.registerClient({ clientId: CLIENT, jwksUri: host.url });
});
after(async () => {
  await http.close();
  await host.close();
  await server.close();
});

test('a profile rotates its named keys with a token at every step; the retired key leaves the key store', async () => {
  const { keychain, keys, profiles, tokens } = extensionWindow();
  await keys.generate('key-a', { alg: 'ES256' });
  await profiles.save(
    createProfile('generic', {
      name: 'rotating',
      clientId: CLIENT,
      tokenUrl: server.tokenUrl,
      alg: 'ES256',
      key: 'key-a',
      clientJwksUri: host.url,
    }),
  );
  const store = new ProfileKeySet({ keys, profiles, profileName: 'rotating' });
  const rotation = new KeyRotation({ store, http, generate: (opts) => store.generate(opts) });
  const thumbprintOf = async (name: string) => jwkThumbprint(await keys.load(name));
  /** Fetch Token's service gets a token; the assertion was signed with `keyName`, whose thumbprint is the kid. */
  const tokenSignedBy = async (keyName: string) => {
    const kids: (string | undefined)[] = [];
    const outcome = await tokens.fetch('rotating', {
      step: (event) => {
        if (event.step === 'sign') kids.push(event.kid);
      },
    });
    assert.ok(outcome.token.accessToken);
    assert.deepEqual(kids, [await thumbprintOf(keyName)]);
  };

  // 1. key-a is published and signs; its kid is its thumbprint.
  host.publish(await keys.publicJwks('key-a'));
  await server.refreshClientJwks(CLIENT);
  await tokenSignedBy('key-a');

  // 2. The next key is a named key of its own, the profile's nextKey; promotion waits for its publication.
  const generated = await rotation.generateNext({ alg: 'ES256' });
  const afterGenerate = await profiles.get('rotating');
  assert.equal(afterGenerate.key, 'key-a');
  assert.ok(afterGenerate.nextKey, 'the profile names its next key');
  assert.equal(await thumbprintOf(afterGenerate.nextKey), generated.kid);
  assert.deepEqual(
    generated.jwks.keys.map((k) => k.kid).sort(),
    [await thumbprintOf('key-a'), generated.kid].sort(),
    'the JWKS to publish holds both keys under their thumbprints',
  );
  await assert.rejects(rotation.promote({ jwksUri: host.url }), { code: 'key_not_published' });
  host.publish(generated.jwks);
  await server.refreshClientJwks(CLIENT);
  await tokenSignedBy('key-a');

  // 3. Promoted: the profile signs with the next key, keeps key-a as its previous key, and gets a token.
  const promotion = await rotation.promote({ jwksUri: host.url });
  const afterPromote = await profiles.get('rotating');
  assert.equal(afterPromote.key, afterGenerate.nextKey);
  assert.equal(afterPromote.previousKey, 'key-a');
  assert.equal(afterPromote.nextKey, undefined);
  assert.equal(promotion.kid, generated.kid);
  await tokenSignedBy(afterGenerate.nextKey);

  // 4. Retired: key-a leaves the profile and the key store; the new key goes on signing.
  host.publish({ keys: generated.jwks.keys.filter((k) => k.kid === generated.kid) });
  const retirement = await rotation.retire({ jwksUri: host.url });
  assert.equal(retirement.stillPublished, false);
  assert.deepEqual(store.lastDeleted(), ['key-a']);
  assert.equal(keys.get('key-a'), undefined);
  assert.equal(keychain.values.has('clientCreds.privateKey:key-a'), false, 'the private key is deleted');
  assert.equal((await profiles.get('rotating')).previousKey, undefined);
  await server.refreshClientJwks(CLIENT);
  await tokenSignedBy(afterGenerate.nextKey);
});

test('a retired key that another profile signs with stays in the key store', async () => {
  const { keys, profiles } = extensionWindow();
  await keys.generate('shared', { alg: 'ES256' });
  for (const name of ['rotating', 'other']) {
    await profiles.save(
      createProfile('generic', { name, clientId: CLIENT, tokenUrl: server.tokenUrl, alg: 'ES256', key: 'shared' }),
    );
  }
  const store = new ProfileKeySet({ keys, profiles, profileName: 'rotating' });
  const rotation = new KeyRotation({ store, http, generate: (opts) => store.generate(opts) });
  await rotation.generateNext({ alg: 'ES256' });
  await rotation.promote({ confirmed: true });
  await rotation.retire();
  assert.deepEqual(store.lastDeleted(), []);
  assert.ok(keys.get('shared'), 'the key "other" signs with is kept');
  assert.equal((await profiles.get('other')).key, 'shared');
  assert.notEqual((await profiles.get('rotating')).key, 'shared');
});
