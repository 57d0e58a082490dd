// A profile's key set over named keys (what the rotation commands run on), with fakes for SecretStorage, globalState
// and settings: how the set is read from the profile's key, nextKey and previousKey, what a save writes back, and the
// refusals — a key of the set that is not stored, a lost next key, a profile without a signing key.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { createProfile } from '../../../../src/core/profiles';
import { KeyStore } from '../../../../src/extension/services/keyStore';
import { keyNamesOf, ProfileKeySet } from '../../../../src/extension/services/profileKeySet';
import { ProfileSettings } from '../../../../src/extension/services/profileSettings';
import { SecretStore } from '../../../../src/extension/services/secretStore';
import { Keychain, TestMemento, TestSecretStorage, TestSettings } from '../fakes';

async function setup(fields: { key?: string; nextKey?: string } = {}) {
  const keychain = new Keychain();
  const keys = new KeyStore({ secrets: new SecretStore(new TestSecretStorage(keychain)), state: new TestMemento() });
  const profiles = new ProfileSettings(new TestSettings());
  await profiles.save(
    createProfile('generic', { name: 'p', clientId: 'c', tokenUrl: 'https://as.example/token', ...fields }),
  );
  const store = new ProfileKeySet({ keys, profiles, profileName: 'p', now: () => Date.UTC(2026, 10, 30) });
  return { keychain, keys, profiles, store };
}

describe('ProfileKeySet', () => {
  test('a profile without a signing key has no key set', async () => {
    const { store } = await setup();
    assert.equal(await store.load(), undefined);
  });

  test('the set is the profile’s key and next key; a generated key is named after the profile', async () => {
    const { keys, profiles, store } = await setup({ key: 'a' });
    await keys.generate('a', { alg: 'ES256' });
    const next = await store.generate({ alg: 'ES256' });
    assert.ok(keys.get('p-next-2026-11-30'), 'the next key is a named key');
    const loaded = await store.load();
    assert.ok(loaded);
    await store.save({ signing: loaded.signing, next });
    const saved = await profiles.get('p');
    assert.deepEqual([saved.key, saved.nextKey, saved.previousKey], ['a', 'p-next-2026-11-30', undefined]);
    assert.deepEqual(keyNamesOf(saved, keys), ['a', 'p-next-2026-11-30']);
    const again = await store.load();
    assert.equal(again?.next?.equals(next), true);
  });

  test('a key of the set that is not in the key store is refused, and the profile is left as it was', async () => {
    const { keys, profiles, store } = await setup({ key: 'a' });
    await keys.generate('a', { alg: 'ES256' });
    const loaded = await store.load();
    assert.ok(loaded);
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    await assert.rejects(store.save({ signing: loaded.signing, next: stranger }), { code: 'key_not_found' });
    assert.equal((await profiles.get('p')).nextKey, undefined);
  });

  test('a next key lost from the secret storage is reported by name', async () => {
    const { keys, keychain, store } = await setup({ key: 'a', nextKey: 'b' });
    await keys.generate('a', { alg: 'ES256' });
    await keys.generate('b', { alg: 'ES256' });
    keychain.values.delete('clientCreds.privateKey:b');
    await assert.rejects(
      store.load(),
      (e: Error & { code?: string }) => e.code === 'key_lost' && /"b"/.test(e.message),
    );
  });
});
