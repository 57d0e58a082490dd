// From keys by profile to named keys: the state an earlier version left (a key per profile under
// clientCreds.privateKey:<profile>, a key awaiting its profile in globalState, tokens, a workspace profile, a damaged
// entry) migrates on first activation with nothing lost: every secret byte-for-byte where it was, each key
// registered with its real thumbprint, each user profile naming its key, and signing still works. A second run
// changes nothing; a failing keychain changes nothing.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { jwkThumbprint } from '../../../../src/core/keyExport';
import { importPrivateKey } from '../../../../src/core/keyImport';
import { StateKey } from '../../../../src/extension/contract';
import { migrateLegacyKeys } from '../../../../src/extension/services/keyMigration';
import { KeyStore } from '../../../../src/extension/services/keyStore';
import { Log } from '../../../../src/extension/services/log';
import { ProfileSettings, type SettingsStore } from '../../../../src/extension/services/profileSettings';
import { SecretStore } from '../../../../src/extension/services/secretStore';
import { Keychain, TestLogSink, TestMemento, TestSecretStorage, TestSettings } from '../fakes';

const pem = (kind: 'rsa' | 'ec') =>
  (kind === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  ).privateKey
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();

/** Settings where a trusted workspace adds a profile of its own on top of the user's list. */
class WorkspaceOverlay implements SettingsStore {
  constructor(
    readonly user: TestSettings,
    private readonly workspaceProfiles: unknown[],
  ) {}
  get<T>(key: string): T | undefined {
    const user = this.user.get<unknown[]>(key);
    return (key === 'profiles' ? [...(user ?? []), ...this.workspaceProfiles] : user) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    return this.user.update(key, value);
  }
  userValue<T>(key: string): T | undefined {
    return this.user.get<T>(key);
  }
}

/** What an earlier version left behind. */
function legacyState() {
  const keychain = new Keychain();
  const keys = { bank: pem('rsa'), work: pem('ec'), later: pem('ec'), team: pem('ec') };
  keychain.values.set('clientCreds.privateKey:bank', keys.bank);
  keychain.values.set('clientCreds.privateKey:work', keys.work);
  keychain.values.set('clientCreds.privateKey:later', keys.later);
  keychain.values.set('clientCreds.privateKey:team', keys.team);
  keychain.values.set(
    'clientCreds.privateKey:broken',
    '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
  );
  keychain.values.set(
    'clientCreds.token:bank',
    JSON.stringify({ accessToken: 't', tokenType: 'Bearer', obtainedAt: 1, tokenEndpoint: 'https://x/token' }),
  );
  const user = new TestSettings();
  user.values.set('profiles', [
    { name: 'bank', preset: 'jack-henry', clientId: 'bank-client' },
    { name: 'work', preset: 'generic', clientId: 'work-client', issuer: 'https://login.example.com', alg: 'ES256' },
    { name: 'no-key', preset: 'jack-henry', clientId: 'c' },
  ]);
  user.values.set('activeProfile', 'bank');
  const settings = new WorkspaceOverlay(user, [
    { name: 'team', preset: 'jack-henry', clientId: 'team-client', tokenUrl: 'https://team.example/token' },
  ]);
  const state = new TestMemento();
  state.values.set(StateKey.keyAwaitingProfile, { name: 'later', alg: 'ES256' });
  state.values.set(StateKey.lastKeyChoice, 'ES256');
  return { keychain, keys, user, settings, state };
}

function services(keychain: Keychain, settings: SettingsStore, state: TestMemento) {
  const sink = new TestLogSink();
  const secrets = new SecretStore(new TestSecretStorage(keychain));
  const keys = new KeyStore({ secrets, state, now: () => 42 });
  const profiles = new ProfileSettings(settings);
  return { sink, secrets, keys, profiles, deps: { secrets, keys, profiles, state, log: new Log(sink) } };
}

describe('key migration to named keys', () => {
  test('nothing is lost: secrets untouched, keys registered with their thumbprints, profiles linked', async () => {
    const legacy = legacyState();
    const secretsBefore = new Map(legacy.keychain.values);
    const { keys, profiles, deps, sink } = services(legacy.keychain, legacy.settings, legacy.state);

    const result = await migrateLegacyKeys(deps);

    assert.deepEqual(new Map(legacy.keychain.values), secretsBefore, 'a secret was moved, changed or deleted');
    assert.deepEqual(result.adopted.sort(), ['bank', 'later', 'team', 'work']);
    assert.deepEqual(result.unreadable, ['broken']);
    for (const [name, text] of Object.entries(legacy.keys)) {
      const record = keys.get(name);
      assert.ok(record, `no record for "${name}"`);
      assert.equal(record.thumbprint, jwkThumbprint(importPrivateKey(text)), `wrong thumbprint for "${name}"`);
      assert.equal(record.source, 'migrated');
      assert.equal(record.createdAt, 42);
    }
    // The algorithm each key was used with before: the profile's, or the one chosen for the awaiting key.
    assert.equal(keys.get('bank')?.alg, 'PS256');
    assert.equal(keys.get('work')?.alg, 'ES256');
    assert.equal(keys.get('later')?.alg, 'ES256');
    // User profiles now name their key; the one without a key stays without; the workspace is never written.
    assert.deepEqual(result.linked.sort(), ['bank', 'work']);
    const userProfiles = legacy.user.values.get('profiles') as { name: string; key?: string }[];
    assert.deepEqual(
      userProfiles.map((p) => [p.name, p.key]),
      [
        ['bank', 'bank'],
        ['work', 'work'],
        ['no-key', undefined],
      ],
    );
    assert.equal(legacy.user.values.get('activeProfile'), 'bank');
    // Every profile signs with the key it signed with before, the workspace one included (by its own name).
    for (const name of ['bank', 'work', 'team']) {
      const keyName = keys.keyNameFor(await profiles.get(name));
      assert.equal(keyName, name);
      assert.equal(jwkThumbprint(await keys.load(keyName as string)), keys.get(name)?.thumbprint);
    }
    assert.equal(keys.keyNameFor(await profiles.get('no-key')), undefined);
    // The awaiting key is an ordinary named key now; other globalState stays.
    assert.equal(legacy.state.values.has(StateKey.keyAwaitingProfile), false);
    assert.equal(legacy.state.values.get(StateKey.lastKeyChoice), 'ES256');
    assert.ok(sink.lines.some((l) => l.startsWith('warn') && l.includes('"broken"')));
    assert.doesNotMatch(JSON.stringify([...legacy.state.values]), /PRIVATE KEY/);
  });

  test('a second run changes nothing', async () => {
    const legacy = legacyState();
    const { deps } = services(legacy.keychain, legacy.settings, legacy.state);
    await migrateLegacyKeys(deps);
    const registry = JSON.stringify(legacy.state.values.get(StateKey.keys));
    const writes = legacy.user.writes;
    const again = await migrateLegacyKeys(deps);
    assert.deepEqual(again, { adopted: [], linked: [], unreadable: ['broken'] });
    assert.equal(JSON.stringify(legacy.state.values.get(StateKey.keys)), registry);
    assert.equal(legacy.user.writes, writes, 'the settings were written again');
  });

  test('without SecretStorage.keys() the profile names and the awaiting key are looked up', async () => {
    const legacy = legacyState();
    const storage = new TestSecretStorage(legacy.keychain);
    const bare = {
      get: storage.get.bind(storage),
      store: storage.store.bind(storage),
      delete: storage.delete.bind(storage),
      onDidChange: storage.onDidChange,
    };
    const secrets = new SecretStore(bare as unknown as TestSecretStorage);
    const keys = new KeyStore({ secrets, state: legacy.state });
    const profiles = new ProfileSettings(legacy.settings);
    const result = await migrateLegacyKeys({
      secrets,
      keys,
      profiles,
      state: legacy.state,
      log: new Log(new TestLogSink()),
    });
    assert.deepEqual(result.adopted.sort(), ['bank', 'later', 'team', 'work']);
  });

  test('a failing keychain fails the migration and changes nothing', async () => {
    const legacy = legacyState();
    const { deps } = services(legacy.keychain, legacy.settings, legacy.state);
    legacy.keychain.failing = true;
    await assert.rejects(migrateLegacyKeys(deps), { code: 'secret_storage_failed' });
    legacy.keychain.failing = false;
    assert.equal(legacy.state.values.has(StateKey.keys), false);
    assert.ok(legacy.state.values.has(StateKey.keyAwaitingProfile), 'the awaiting key was forgotten');
    assert.equal((legacy.user.values.get('profiles') as { key?: string }[])[0]?.key, undefined);
  });
});
