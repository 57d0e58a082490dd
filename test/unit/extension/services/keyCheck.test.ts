// The registry check, over the whole kind of "the key is not where the registry says": present, lost (reset
// keychain, or another browser window wrote its older copy back), unseen (a browser window that loaded its copy
// before another window stored the key), unknown (the keychain failed). The two-window reproduction of a browser
// host is played with two SecretStores over two *copies* of the secrets and one shared globalState.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkKeys } from '../../../../src/extension/services/keyCheck';
import { KeyHealth } from '../../../../src/extension/services/keyHealth';
import { KeyStore } from '../../../../src/extension/services/keyStore';
import { SecretStore } from '../../../../src/extension/services/secretStore';
import { Keychain, TestMemento, TestSecretStorage } from '../fakes';

/** One browser window: its own copy of the secrets (loaded at `openedAt`), the profile's globalState shared. */
function browserWindow(browser: Keychain, state: TestMemento, openedAt: number, clock: { now: number }) {
  const copy = new Keychain();
  for (const [k, v] of browser.values) copy.values.set(k, v);
  const secrets = new SecretStore(new TestSecretStorage(copy));
  const keys = new KeyStore({ secrets, state, now: () => clock.now });
  const health = new KeyHealth({ keys, secrets, isWebHost: true, windowStartedAt: openedAt });
  /** What the browser host does on every store: this window's whole copy replaces the browser's. */
  const save = () => {
    browser.values.clear();
    for (const [k, v] of copy.values) browser.values.set(k, v);
  };
  return { copy, secrets, keys, health, save };
}

describe('the registry check', () => {
  test('desktop: a key whose secret is gone is lost, the rest present, a failing keychain unknown', async () => {
    const keychain = new Keychain();
    const state = new TestMemento();
    const secrets = new SecretStore(new TestSecretStorage(keychain));
    const keys = new KeyStore({ secrets, state, now: () => 5_000 });
    await keys.generate('kept', { alg: 'ES256' });
    await keys.generate('gone', { alg: 'ES256' });
    keychain.values.delete('clientCreds.privateKey:gone');
    const deps = { keys, secrets, isWebHost: false, windowStartedAt: 1_000 };
    const result = await checkKeys(deps);
    assert.deepEqual(
      result.present.map((r) => r.name),
      ['kept'],
    );
    assert.deepEqual(
      result.lost.map((r) => r.name),
      ['gone'],
    );
    assert.deepEqual(result.unseen, [], 'the desktop keychain is shared: nothing is merely unseen there');
    keychain.failing = true;
    const failing = await checkKeys(deps);
    assert.deepEqual(
      failing.unknown.map((r) => r.name),
      ['kept', 'gone'],
    );
    assert.deepEqual([...failing.lost, ...failing.present], []);
  });

  test('browser: B opens, A opens, A stores p, B stores q, A reloads: p is reported lost, by name and thumbprint', async () => {
    const browser = new Keychain();
    const state = new TestMemento();
    const clock = { now: 1_000 };
    const b = browserWindow(browser, state, 1_000, clock);
    clock.now = 2_000;
    const a = browserWindow(browser, state, 2_000, clock);

    clock.now = 3_000;
    const p = await a.keys.generate('p', { alg: 'ES256' });
    a.save();
    // B cannot see p, stored after it loaded its copy: unseen, not lost, and storing now would erase it.
    const beforeB = await b.health.check();
    assert.deepEqual(
      beforeB.unseen.map((r) => r.name),
      ['p'],
    );
    assert.deepEqual(beforeB.lost, []);

    clock.now = 4_000;
    await b.keys.generate('q', { alg: 'ES256' });
    b.save();
    assert.equal(browser.values.has('clientCreds.privateKey:p'), false, 'the reproduction did not lose p');

    clock.now = 5_000;
    const reloaded = browserWindow(browser, state, 5_000, clock);
    const found = await reloaded.health.unreported();
    assert.deepEqual(
      found.lost.map((r) => [r.name, r.thumbprint]),
      [['p', p.thumbprint]],
    );
    assert.deepEqual(found.unseen, []);
    assert.deepEqual(await reloaded.health.unreported(), { lost: [], unseen: [] }, 'reported twice in one window');
    await assert.rejects(reloaded.keys.load('p'), { code: 'key_lost' });
    assert.equal((await reloaded.keys.load('q')).asymmetricKeyType, 'ec');
  });

  test('browser: a key stored after this window opened is unseen until a reload shows it', async () => {
    const browser = new Keychain();
    const state = new TestMemento();
    const clock = { now: 1_000 };
    const older = browserWindow(browser, state, 1_000, clock);
    clock.now = 2_000;
    const newer = browserWindow(browser, state, 2_000, clock);
    await newer.keys.generate('k', { alg: 'EdDSA' });
    newer.save();
    assert.deepEqual(
      (await older.health.unreported()).unseen.map((r) => r.name),
      ['k'],
    );
    const afterReload = browserWindow(browser, state, 3_000, clock);
    const check = await afterReload.health.check();
    assert.deepEqual([check.present.map((r) => r.name), check.unseen, check.lost], [['k'], [], []]);
  });

  test('a key lost again after it was restored is reported again', async () => {
    const keychain = new Keychain();
    const state = new TestMemento();
    let now = 1_000;
    const secrets = new SecretStore(new TestSecretStorage(keychain));
    const keys = new KeyStore({ secrets, state, now: () => now });
    const health = new KeyHealth({ keys, secrets, isWebHost: false, windowStartedAt: 0 });
    await keys.generate('k', { alg: 'ES256' });
    const backup = await keys.backup('k', 'correct horse battery staple');
    keychain.values.delete('clientCreds.privateKey:k');
    assert.equal((await health.unreported()).lost.length, 1);
    now = 2_000;
    await keys.add('k', await keys.read(backup, 'correct horse battery staple'), { replace: true });
    assert.equal((await health.unreported()).lost.length, 0);
    keychain.values.delete('clientCreds.privateKey:k');
    assert.equal((await health.unreported()).lost.length, 1, 'a second loss went unreported');
  });
});
