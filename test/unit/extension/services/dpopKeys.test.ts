// The DPoP key service over a fake SecretStorage: an ES256 key generated once per profile on first use, shared by
// windows through the keychain, never two for one profile, moved on rename, and SecretStorage failures reported with
// the storage error (no key material in the text).
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { describe, test } from 'node:test';
import { calculateJwkThumbprint } from 'jose';
import { ClientCredsError } from '../../../../src/core/errors';
import { SecretPrefix } from '../../../../src/extension/contract';
import { DpopKeys } from '../../../../src/extension/services/dpopKeys';
import { Keychain, TestSecretStorage } from '../fakes';

function setup() {
  const keychain = new Keychain();
  return { keychain, dpop: new DpopKeys(new TestSecretStorage(keychain)) };
}

describe('DpopKeys', () => {
  test('the first use generates an ES256 (P-256) key and stores it as PKCS#8 under the DPoP prefix', async () => {
    const { keychain, dpop } = setup();
    assert.equal(await dpop.thumbprint('p'), undefined, 'a thumbprint before any key');
    const key = await dpop.key('p');
    assert.equal(key.alg, 'ES256');
    assert.equal(key.jwk.kty, 'EC');
    assert.equal(key.jwk.crv, 'P-256');
    assert.equal('d' in key.jwk, false, 'a private member in the public jwk');
    const pem = keychain.values.get(`${SecretPrefix.dpopKey}p`);
    assert.match(pem ?? '', /^-----BEGIN PRIVATE KEY-----/);
    assert.equal(createPrivateKey(pem ?? '').asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.deepEqual(
      [...keychain.values.keys()],
      [`${SecretPrefix.dpopKey}p`],
      'only the DPoP key is written, nothing under the client key or token prefixes',
    );
  });

  test('the thumbprint is the RFC 7638 thumbprint of the public key', async () => {
    const { dpop } = setup();
    const key = await dpop.key('p');
    assert.equal(key.thumbprint, await calculateJwkThumbprint({ ...key.jwk }, 'sha256'));
    assert.equal(await dpop.thumbprint('p'), key.thumbprint);
  });

  test('the key stays the same across calls and windows, and differs between profiles', async () => {
    const { keychain, dpop } = setup();
    const first = await dpop.key('p');
    const again = await dpop.key('p');
    const otherWindow = await new DpopKeys(new TestSecretStorage(keychain)).key('p');
    const otherProfile = await dpop.key('q');
    assert.equal(again.thumbprint, first.thumbprint);
    assert.equal(otherWindow.thumbprint, first.thumbprint);
    assert.notEqual(otherProfile.thumbprint, first.thumbprint);
  });

  test('concurrent first uses in one window generate one key', async () => {
    const { keychain, dpop } = setup();
    let writes = 0;
    keychain.changes.event(() => writes++);
    const keys = await Promise.all([dpop.key('p'), dpop.key('p'), dpop.session('p')]);
    const thumbprints = new Set(keys.map((k) => ('key' in k ? k.key : k).thumbprint));
    assert.equal(thumbprints.size, 1);
    assert.equal(writes, 1);
  });

  test('one nonce cache per window, shared by every session', async () => {
    const { keychain, dpop } = setup();
    const a = await dpop.session('p');
    const b = await dpop.session('q');
    assert.equal(a.nonces, b.nonces);
    assert.equal(a.nonces, await dpop.nonces());
    assert.notEqual(a.nonces, await new DpopKeys(new TestSecretStorage(keychain)).nonces());
  });

  test('rename moves the key; delete removes it and the next use makes a new one', async () => {
    const { keychain, dpop } = setup();
    const key = await dpop.key('old');
    await dpop.rename('old', 'new');
    assert.equal(keychain.values.has(`${SecretPrefix.dpopKey}old`), false);
    assert.equal((await dpop.key('new')).thumbprint, key.thumbprint);
    await dpop.rename('absent', 'elsewhere');
    assert.equal(keychain.values.has(`${SecretPrefix.dpopKey}elsewhere`), false);
    await dpop.delete('new');
    assert.equal(await dpop.thumbprint('new'), undefined);
    assert.notEqual((await dpop.key('new')).thumbprint, key.thumbprint);
  });

  const failing: [string, (d: DpopKeys) => Promise<unknown>][] = [
    ['key', (d) => d.key('p')],
    ['thumbprint', (d) => d.thumbprint('p')],
    ['delete', (d) => d.delete('p')],
    ['rename', (d) => d.rename('p', 'q')],
  ];
  for (const [name, call] of failing) {
    test(`${name} reports a refusing SecretStorage as secret_storage_failed`, async () => {
      const { keychain, dpop } = setup();
      keychain.failing = true;
      await assert.rejects(call(dpop), (e: unknown) => {
        assert.ok(e instanceof ClientCredsError);
        assert.equal(e.code, 'secret_storage_failed');
        assert.match(e.message, /DPoP key/);
        assert.ok(e.hint, 'no hint on what to do');
        return true;
      });
    });
  }

  test('a key that cannot be stored is not handed out', async () => {
    const { keychain, dpop } = setup();
    const realSet = keychain.values.set.bind(keychain.values);
    keychain.values.set = (k: string, v: string) => {
      if (k.startsWith(SecretPrefix.dpopKey)) throw new Error('keyring locked');
      return realSet(k, v);
    };
    await assert.rejects(dpop.key('p'), { code: 'secret_storage_failed' });
  });
});
