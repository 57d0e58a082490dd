// The key store with fakes for SecretStorage and globalState: named keys (generate, import, several profiles on one
// key), the registry that holds names and thumbprints but never key material, a lost key refused with its name and
// thumbprint, a backup restored under its old name with its history, and the order of writes that never leaves a
// record for a key dropped on purpose.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { jwkThumbprint } from '../../../../src/core/keyExport';
import { StateKey } from '../../../../src/extension/contract';
import { type KeyRecord, parseRegistry } from '../../../../src/extension/services/keyRegistry';
import { KeyStore, LostKeyError, suggestKeyName } from '../../../../src/extension/services/keyStore';
import { SecretStore } from '../../../../src/extension/services/secretStore';
import { Keychain, TestMemento, TestSecretStorage } from '../fakes';

function setup(now = () => 1_700_000_000_000) {
  const keychain = new Keychain();
  const state = new TestMemento();
  const secrets = new SecretStore(new TestSecretStorage(keychain));
  const keys = new KeyStore({ secrets, state, now });
  return { keychain, state, secrets, keys };
}

const pemOf = (alg: 'rsa' | 'ec') =>
  (alg === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  ).privateKey
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();

describe('KeyStore', () => {
  test('a generated key: private half in SecretStorage, a record with name, alg, thumbprint and dates', async () => {
    const { keys, keychain, state } = setup();
    const info = await keys.generate('bank-key', { alg: 'ES256' });
    assert.match(keychain.values.get('clientCreds.privateKey:bank-key') ?? '', /^-----BEGIN PRIVATE KEY-----/);
    assert.deepEqual(keys.get('bank-key'), {
      name: 'bank-key',
      thumbprint: info.thumbprint,
      keyType: 'EC P-256',
      alg: 'ES256',
      createdAt: 1_700_000_000_000,
      storedAt: 1_700_000_000_000,
      source: 'generated',
    } satisfies KeyRecord);
    assert.equal(jwkThumbprint(await keys.load('bank-key')), info.thumbprint);
    const stored = JSON.stringify(state.values.get(StateKey.keys));
    assert.ok(stored.includes(info.thumbprint));
    assert.doesNotMatch(stored, /PRIVATE KEY|"d"\s*:/, 'key material in the registry');
  });

  test('names are unique: a second key of the same name is refused and the first one is untouched', async () => {
    const { keys, keychain } = setup();
    await keys.generate('k', { alg: 'ES256' });
    const before = keychain.values.get('clientCreds.privateKey:k');
    await assert.rejects(keys.generate('k', { alg: 'EdDSA' }), { code: 'key_name_taken', message: /"k"/ });
    await assert.rejects(keys.add('k', await keys.read(pemOf('ec'))), { code: 'key_name_taken' });
    assert.equal(keychain.values.get('clientCreds.privateKey:k'), before);
  });

  test('an imported key is read without being stored, then stored under the name given', async () => {
    const { keys, keychain } = setup();
    const read = await keys.read(pemOf('rsa'));
    assert.equal(keychain.values.size, 0, 'read() stored something');
    const info = await keys.add('imported', read);
    assert.equal(info.record.source, 'imported');
    assert.equal(info.record.alg, 'PS256');
    assert.equal(info.record.keyType, 'RSA 2048-bit');
    assert.equal(info.thumbprint, read.thumbprint);
  });

  test('keyNameFor: the key a profile names, else only a migrated key of its own name', async () => {
    const { keys, state } = setup();
    await keys.generate('generated', { alg: 'ES256' });
    const migrated: KeyRecord = { ...(keys.get('generated') as KeyRecord), name: 'legacy', source: 'migrated' };
    await state.update(StateKey.keys, { version: 1, keys: [...keys.list(), migrated] });
    assert.equal(keys.keyNameFor({ name: 'p', key: 'generated' }), 'generated');
    assert.equal(keys.keyNameFor({ name: 'legacy' }), 'legacy');
    // A key made today does not attach itself to a profile that happens to share its name.
    assert.equal(keys.keyNameFor({ name: 'generated' }), undefined);
    assert.equal(keys.keyNameFor({ name: 'nothing' }), undefined);
  });

  test('a key missing from SecretStorage is lost: refused with its name, thumbprint and the ways back', async () => {
    const { keys, keychain } = setup();
    const info = await keys.generate('bank-key', { alg: 'PS256', bits: 2048 });
    keychain.values.delete('clientCreds.privateKey:bank-key');
    for (const use of [
      () => keys.load('bank-key'),
      () => keys.info('bank-key'),
      () => keys.backup('bank-key', 'x'.repeat(20)),
    ]) {
      const error = await use().then(
        () => assert.fail('a lost key was used'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof LostKeyError);
      assert.equal(error.code, 'key_lost');
      assert.equal(error.record.thumbprint, info.thumbprint);
      assert.ok(error.message.includes('"bank-key"') && error.message.includes(info.thumbprint), error.message);
      assert.match(error.hint ?? '', /backup.*import.*generate/s);
    }
    // A key that was never stored is not "lost": it is not found.
    await assert.rejects(keys.load('never'), { code: 'key_not_found', message: /"never"/ });
  });

  test('a backup restored under the lost name keeps the history; a different key under that name starts anew', async () => {
    let clock = 1_000;
    const { keys, keychain } = setup(() => clock);
    const info = await keys.generate('k', { alg: 'ES256' });
    const original = await keys.load('k');
    clock = 2_000;
    await keys.markBackedUp('k');
    const backup = await keys.backup('k', 'correct horse battery staple');
    keychain.values.delete('clientCreds.privateKey:k');
    clock = 3_000;
    const read = await keys.read(backup, 'correct horse battery staple');
    assert.equal(read.thumbprint, info.thumbprint);
    await keys.add('k', read, { replace: true });
    assert.deepEqual(
      { ...keys.get('k') },
      { ...info.record, backedUpAt: 2_000, storedAt: 3_000 },
      'the restored key lost its creation date, source or backup date',
    );
    assert.equal(jwkThumbprint(await keys.load('k')), jwkThumbprint(original));

    clock = 4_000;
    const other = await keys.add('k', await keys.read(pemOf('ec')), { replace: true });
    assert.notEqual(other.thumbprint, info.thumbprint);
    assert.equal(other.record.createdAt, 4_000);
    assert.equal(other.record.backedUpAt, undefined, 'a backup date carried over to another key');
  });

  test('delete drops the record before the key: a failing keychain leaves a key without record, never the reverse', async () => {
    const { keys, keychain } = setup();
    await keys.generate('k', { alg: 'ES256' });
    keychain.failing = true;
    await assert.rejects(keys.delete('k'), { code: 'secret_storage_failed' });
    keychain.failing = false;
    assert.equal(keys.get('k'), undefined);
    assert.ok(keychain.values.has('clientCreds.privateKey:k'), 'the key went first');
    // The next migration adopts it again (keyMigration.test.ts); here: adoptStored does.
    assert.equal((await keys.adoptStored('k'))?.source, 'migrated');
  });

  test('a failing keychain on store leaves no record behind', async () => {
    const { keys, keychain } = setup();
    keychain.failing = true;
    await assert.rejects(keys.generate('k', { alg: 'ES256' }), { code: 'secret_storage_failed' });
    keychain.failing = false;
    assert.deepEqual(keys.list(), []);
  });

  test('changes to a key, here or in another window, are announced by name', async () => {
    const { keys, keychain } = setup();
    const seen: string[] = [];
    keys.onDidChange((name) => seen.push(name));
    await keys.generate('a', { alg: 'ES256' });
    await keys.markBackedUp('a');
    const other = new SecretStore(new TestSecretStorage(keychain));
    await other.storePrivateKeyPem('b', pemOf('ec'));
    await keys.delete('a');
    assert.deepEqual([...new Set(seen)], ['a', 'b']);
    assert.ok(seen.filter((n) => n === 'a').length >= 4);
  });
});

describe('the key registry', () => {
  const good: KeyRecord = {
    name: 'k',
    thumbprint: 'A'.repeat(43),
    keyType: 'EC P-256',
    alg: 'ES256',
    createdAt: 1,
    storedAt: 2,
    source: 'generated',
  };

  test('reads well-formed records and drops everything else, whatever wrote it', () => {
    const table: { entry: unknown; kept: boolean }[] = [
      { entry: good, kept: true },
      { entry: { ...good, backedUpAt: 3 }, kept: true },
      { entry: { ...good, name: '' }, kept: false },
      { entry: { ...good, thumbprint: 'short' }, kept: false },
      { entry: { ...good, alg: 'HS256' }, kept: false },
      { entry: { ...good, alg: 'none' }, kept: false },
      { entry: { ...good, source: 'stolen' }, kept: false },
      { entry: { ...good, createdAt: 'yesterday' }, kept: false },
      { entry: { ...good, storedAt: -1 }, kept: false },
      { entry: null, kept: false },
      { entry: 'k', kept: false },
    ];
    for (const { entry, kept } of table) {
      assert.equal(parseRegistry({ version: 1, keys: [entry] }).length, kept ? 1 : 0, JSON.stringify(entry));
    }
    assert.deepEqual(parseRegistry(undefined), []);
    assert.deepEqual(parseRegistry({ keys: 'nope' }), []);
    assert.equal(parseRegistry({ keys: [good, { ...good, keyType: 'other' }] }).length, 1, 'a duplicate name kept');
  });

  test('unknown fields never survive a write', async () => {
    const { keys, state } = setup();
    await state.update(StateKey.keys, { version: 1, keys: [{ ...good, privateKeyPem: pemOf('ec') }] });
    await keys.markBackedUp('k');
    assert.doesNotMatch(JSON.stringify(state.values.get(StateKey.keys)), /PRIVATE KEY/);
  });
});

test('suggestKeyName: from the algorithm and the UTC date, made unique', () => {
  const day = Date.UTC(2025, 10, 30, 23, 59);
  assert.equal(suggestKeyName('PS256', [], day), 'ps256-2025-11-30');
  assert.equal(suggestKeyName('PS256', ['ps256-2025-11-30'], day), 'ps256-2025-11-30-2');
  assert.equal(suggestKeyName('PS256', ['ps256-2025-11-30', 'ps256-2025-11-30-2'], day), 'ps256-2025-11-30-3');
  assert.equal(suggestKeyName('EC P-256', [], day), 'ec-p-256-2025-11-30');
  assert.equal(suggestKeyName('', [], day), 'key-2025-11-30');
});
