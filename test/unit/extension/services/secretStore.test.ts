import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import type { CachedToken } from '../../../../src/extension/services/cachedToken';
import {
  PRIVATE_KEY_PREFIX,
  parseSecretKey,
  type SecretChange,
  SecretStorageError,
  SecretStore,
  TOKEN_PREFIX,
} from '../../../../src/extension/services/secretStore';
import { Keychain, TestSecretStorage } from '../fakes';

const PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const TOKEN: CachedToken = {
  accessToken: 'eyJ.fake.token',
  tokenType: 'Bearer',
  obtainedAt: 1_700_000_000_000,
  expiresAt: 1_700_000_600_000,
  scope: 'openid',
  tokenEndpoint: 'https://login.example/token',
};

describe('SecretStore', () => {
  test('keeps keys and tokens under the contract keys, by profile', async () => {
    const keychain = new Keychain();
    const store = new SecretStore(new TestSecretStorage(keychain));
    await store.storePrivateKeyPem('bank', PEM);
    await store.storeToken('bank', TOKEN);
    assert.equal(keychain.values.get(`${PRIVATE_KEY_PREFIX}bank`), PEM);
    assert.deepEqual(JSON.parse(keychain.values.get(`${TOKEN_PREFIX}bank`) ?? ''), TOKEN);
    assert.equal(await store.getPrivateKeyPem('bank'), PEM);
    assert.deepEqual(await store.getToken('bank'), TOKEN);
    assert.equal(await store.getPrivateKeyPem('other'), undefined);
    assert.equal(await store.hasPrivateKey('bank'), true);
    await store.deletePrivateKey('bank');
    await store.deleteToken('bank');
    assert.equal(keychain.values.size, 0);
  });

  const refused: [string, string][] = [
    [
      'a public key',
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    ],
    [
      'PKCS#1',
      generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs1', format: 'pem' })
        .toString(),
    ],
    [
      'an encrypted PKCS#8',
      generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' })
        .toString(),
    ],
    ['arbitrary text', 'not a key'],
  ];
  for (const [what, pem] of refused) {
    test(`refuses to store ${what}`, async () => {
      const keychain = new Keychain();
      const store = new SecretStore(new TestSecretStorage(keychain));
      await assert.rejects(store.storePrivateKeyPem('bank', pem), TypeError);
      assert.equal(keychain.values.size, 0);
    });
  }

  test('a change made in another window arrives as a typed change', async () => {
    const keychain = new Keychain();
    const here = new SecretStore(new TestSecretStorage(keychain));
    const there = new SecretStore(new TestSecretStorage(keychain));
    const seen: SecretChange[] = [];
    here.onDidChange((c) => seen.push(c));
    await there.storeToken('bank', TOKEN);
    await there.storePrivateKeyPem('work', PEM);
    keychain.changes.fire({ key: 'someOtherExtension.secret' });
    assert.deepEqual(seen, [
      { kind: 'token', profile: 'bank' },
      { kind: 'privateKey', name: 'work' },
    ]);
    assert.deepEqual(await here.getToken('bank'), TOKEN);
    here.dispose();
    await there.storeToken('bank', { ...TOKEN, obtainedAt: 1 });
    assert.equal(seen.length, 2, 'a disposed store still listened');
  });

  test('an unreadable stored token reads as no token', async () => {
    const keychain = new Keychain();
    keychain.values.set(`${TOKEN_PREFIX}bank`, '{not json');
    assert.equal(await new SecretStore(new TestSecretStorage(keychain)).getToken('bank'), undefined);
  });

  test('a failing keyring becomes a SecretStorageError that names the operation, not the value', async () => {
    const keychain = new Keychain();
    const store = new SecretStore(new TestSecretStorage(keychain));
    keychain.failing = true;
    for (const op of [
      () => store.getPrivateKeyPem('bank'),
      () => store.storePrivateKeyPem('bank', PEM),
      () => store.deleteToken('bank'),
    ]) {
      const error = await op().then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof SecretStorageError);
      assert.equal(error.code, 'secret_storage_failed');
      assert.equal(error.kind, 'storage', 'a keyring failure is not a settings problem');
      assert.match(error.message, /secret storage could not (read|store|delete)/);
      assert.ok(!error.message.includes('PRIVATE'));
      assert.ok(error.hint);
    }
  });

  test('a rename moves the token, copying before deleting, and leaves the named key alone', async () => {
    const keychain = new Keychain();
    const storage = new TestSecretStorage(keychain);
    const store = new SecretStore(storage);
    await store.storePrivateKeyPem('old', PEM);
    await store.storeToken('old', TOKEN);
    // Fail the first delete: the copy must already exist.
    const realDelete = storage.delete.bind(storage);
    let failed = false;
    storage.delete = async (key: string) => {
      if (!failed) {
        failed = true;
        throw new Error('keyring went away');
      }
      return realDelete(key);
    };
    await assert.rejects(store.renameProfile('old', 'new'), SecretStorageError);
    assert.deepEqual(await store.getToken('new'), TOKEN);
    assert.deepEqual(await store.getToken('old'), TOKEN);
    await store.renameProfile('old', 'new');
    assert.deepEqual(await store.getToken('new'), TOKEN);
    assert.equal(await store.getToken('old'), undefined);
    // Keys have names of their own: a profile's rename does not touch the key that happens to share its name.
    assert.equal(await store.getPrivateKeyPem('old'), PEM);
    assert.equal(await store.getPrivateKeyPem('new'), undefined);
  });

  test('a rename refuses to overwrite a different token of an existing name', async () => {
    const store = new SecretStore(new TestSecretStorage());
    await store.storeToken('a', TOKEN);
    await store.storeToken('b', { ...TOKEN, accessToken: 'another-token' });
    await assert.rejects(store.renameProfile('a', 'b'), /already exists/);
    assert.deepEqual(await store.getToken('a'), TOKEN);
  });

  test('the names of the stored private keys, when SecretStorage can list them', async () => {
    const storage = new TestSecretStorage();
    const store = new SecretStore(storage);
    await store.storePrivateKeyPem('bank', PEM);
    await store.storePrivateKeyPem('a:b', PEM);
    await store.storeToken('bank', TOKEN);
    assert.deepEqual((await store.privateKeyNames())?.sort(), ['a:b', 'bank']);
    // An older VS Code without SecretStorage.keys(): the caller falls back to the names it knows.
    const bare = new SecretStore({
      get: storage.get.bind(storage),
      store: storage.store.bind(storage),
      delete: storage.delete.bind(storage),
      onDidChange: storage.onDidChange,
    } as unknown as TestSecretStorage);
    assert.equal(await bare.privateKeyNames(), undefined);
  });

  test('parseSecretKey', () => {
    assert.deepEqual(parseSecretKey('clientCreds.privateKey:a:b'), { kind: 'privateKey', name: 'a:b' });
    assert.deepEqual(parseSecretKey('clientCreds.token:x'), { kind: 'token', profile: 'x' });
    assert.equal(parseSecretKey('clientCreds.other:x'), undefined);
  });
});
