// Import Private Key reads through KeyStore.read, which is core readKeyInput, as the CLI's --private-key is: the same
// table of key files (test/support/keyFiles.ts, also run through the CLI in test/unit/cli/keyInput.test.ts) gives the
// same keys here, stored as PKCS#8, with their certificates and JWK metadata.
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { ClientCredsError } from '../../../../src/core/errors';
import { jwkThumbprint } from '../../../../src/core/keyExport';
import { KeyStore } from '../../../../src/extension/services/keyStore';
import { SecretStore } from '../../../../src/extension/services/secretStore';
import { keyFileCases, keyFixture, P12_PASSPHRASE } from '../../../support/keyFiles';
import { Keychain, TestMemento, TestSecretStorage } from '../fakes';

function keyStore() {
  const keychain = new Keychain();
  const keys = new KeyStore({ secrets: new SecretStore(new TestSecretStorage(keychain)), state: new TestMemento() });
  return { keys, keychain };
}
const readImportedKey = (input: string | Uint8Array, ask: (retry: boolean) => Promise<string>) =>
  keyStore().keys.read(input, ask);

describe('KeyStore.read accepts every key file the CLI accepts', () => {
  for (const c of keyFileCases()) {
    test(c.name, async () => {
      const asked: boolean[] = [];
      const { keys, keychain } = keyStore();
      const read = await keys.read(c.bytes, async (retry) => {
        asked.push(retry);
        return c.passphrase ?? 'not needed';
      });
      assert.deepEqual(asked, c.passphrase ? [false] : [], 'the passphrase is asked for only when needed');
      assert.equal(read.thumbprint, jwkThumbprint(c.key), 'the same key');
      assert.equal(read.certificates?.[0]?.subject, c.certificate);
      assert.equal(read.alg, c.alg);
      await keys.add('imported', read);
      const stored = keychain.values.get('clientCreds.privateKey:imported') ?? '';
      assert.match(stored, /^-----BEGIN PRIVATE KEY-----\n/);
      assert.equal(jwkThumbprint(createPrivateKey(stored)), jwkThumbprint(c.key), 'stored as PKCS#8');
      if (c.alg !== undefined) assert.equal(keys.get('imported')?.alg, c.alg, "the JWK's alg is the key's algorithm");
    });
  }
});

describe('KeyStore.read refuses what the CLI refuses, with the same codes', () => {
  const rows: { name: string; input: () => string | Uint8Array; code: string }[] = [
    {
      name: 'a public key',
      input: () =>
        createPublicKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)
          .export({ type: 'spki', format: 'pem' })
          .toString(),
      code: 'key_is_public',
    },
    { name: 'a certificate', input: () => keyFixture('test-only-rsa.cert.pem'), code: 'key_is_public' },
    {
      name: 'RSA 1024',
      input: () =>
        generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
      code: 'key_too_small',
    },
    {
      name: 'a PKCS#12 file with only certificates',
      input: () => keyFixture('test-only-certs-only.p12'),
      code: 'key_is_public',
    },
    {
      name: 'a PKCS#12 file whose key is under RC2',
      input: () => keyFixture('test-only-rsa-rc2-key.p12'),
      code: 'key_pkcs12_unsupported',
    },
  ];
  for (const r of rows) {
    test(r.name, async () => {
      await assert.rejects(
        readImportedKey(r.input(), async () => P12_PASSPHRASE),
        (e: unknown) => e instanceof ClientCredsError && e.code === r.code,
      );
    });
  }
  test('three wrong passphrases, then key_bad_passphrase; a cancelled prompt cancels', async () => {
    let calls = 0;
    await assert.rejects(
      readImportedKey(keyFixture('test-only-ec.p12'), async () => `wrong-${++calls}`),
      (e: unknown) => e instanceof ClientCredsError && e.code === 'key_bad_passphrase',
    );
    assert.equal(calls, 3);
    const cancelled = new Error('cancelled');
    await assert.rejects(
      readImportedKey(keyFixture('test-only-ec.p12'), async () => {
        throw cancelled;
      }),
      (e: unknown) => e === cancelled,
    );
  });
});
