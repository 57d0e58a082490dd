// A key's certificate chain in the key store: kept in SecretStorage beside the private key (never in globalState),
// summed up in the registry, only while it holds the key's public key, and deleted, restored, adopted and replaced
// together with the key. Certificates of another key are never kept, whatever way they come in.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, type X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import { readCertificates } from '../../../../src/core/certificate';
import { StateKey } from '../../../../src/extension/contract';
import { parseRegistry } from '../../../../src/extension/services/keyRegistry';
import { KeyStore } from '../../../../src/extension/services/keyStore';
import { SecretStore } from '../../../../src/extension/services/secretStore';
import { keyFixture, P12_PASSPHRASE } from '../../../support/keyFiles';
import { Keychain, TestMemento, TestSecretStorage } from '../fakes';

const CERT = 'clientCreds.certificate:';
const KEY = 'clientCreds.privateKey:';
const cert = (file: string) => readCertificates(keyFixture(file))[0] as X509Certificate;
const RSA = cert('test-only-rsa.cert.pem');
const CA = cert('test-only-ca.cert.pem');
const EC = cert('test-only-ec.cert.pem');
const sha256 = (c: X509Certificate) => createHash('sha256').update(c.raw).digest('base64url');
const rsaKeyPem = keyFixture('test-only-rsa.key.pem').toString();
const otherPem = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** SecretStorage whose certificate entries can be made to fail on their own (a write or delete cut half-way). */
class CertFailingStorage extends TestSecretStorage {
  failCertificates = false;
  override async store(key: string, value: string): Promise<void> {
    if (this.failCertificates && key.startsWith(CERT)) throw new Error('keyring locked');
    return super.store(key, value);
  }
  override async delete(key: string): Promise<void> {
    if (this.failCertificates && key.startsWith(CERT)) throw new Error('keyring locked');
    return super.delete(key);
  }
}

function setup() {
  const keychain = new Keychain();
  const storage = new CertFailingStorage(keychain);
  const state = new TestMemento();
  const secrets = new SecretStore(storage);
  const keys = new KeyStore({ secrets, state, now: () => 1_700_000_000_000 });
  return { keychain, storage, state, secrets, keys };
}

const storedChain = (keychain: Keychain, name: string) => {
  const pem = keychain.values.get(CERT + name);
  return pem === undefined ? [] : readCertificates(pem).map((c) => c.subject);
};

describe('KeyStore: the certificate that comes with a key', () => {
  test('a PKCS#12 key: the chain in SecretStorage, a summary in the registry, the certificate for signing', async () => {
    const { keys, keychain, state } = setup();
    const info = await keys.add('entra', await keys.read(keyFixture('test-only-rsa.p12'), P12_PASSPHRASE));
    assert.deepEqual(storedChain(keychain, 'entra'), [RSA.subject, CA.subject], 'leaf first, then its issuer');
    assert.deepEqual(info.record.certificate, {
      subject: 'CN=Client Creds test-only RSA',
      notAfter: Date.parse(RSA.validTo),
      x5tS256: sha256(RSA),
    });
    assert.deepEqual(keys.get('entra')?.certificate, info.record.certificate);
    const registry = JSON.stringify(state.values.get(StateKey.keys));
    assert.doesNotMatch(registry, /BEGIN|PRIVATE|CERTIFICATE-----/, 'key or certificate material in globalState');
    const signing = await keys.signingKey('entra');
    assert.ok(signing.certificate?.raw.equals(RSA.raw), 'the key signs with its own certificate');
    assert.deepEqual(
      (await keys.info('entra')).certificates.map((c) => c.subject),
      [RSA.subject, CA.subject],
    );
  });

  test('a key without a certificate has none anywhere', async () => {
    const { keys, keychain } = setup();
    const generated = await keys.generate('gen', { alg: 'ES256' });
    const imported = await keys.add('imp', await keys.read(otherPem()));
    for (const [name, info] of [
      ['gen', generated],
      ['imp', imported],
    ] as const) {
      assert.equal(keychain.values.has(CERT + name), false);
      assert.equal(info.record.certificate, undefined);
      assert.deepEqual(info.certificates, []);
      assert.equal((await keys.signingKey(name)).certificate, undefined);
    }
  });

  describe('no certificate of another key is kept', () => {
    const bundles: { name: string; certs: X509Certificate[]; kept: string[] }[] = [
      { name: 'leaf and its CA', certs: [RSA, CA], kept: [RSA.subject, CA.subject] },
      { name: 'CA first, leaf after', certs: [CA, RSA], kept: [RSA.subject, CA.subject] },
      { name: "another key's certificate beside the leaf", certs: [EC, RSA], kept: [RSA.subject] },
      { name: "another key's certificate between leaf and CA", certs: [RSA, EC, CA], kept: [RSA.subject, CA.subject] },
    ];
    for (const b of bundles) {
      test(`a bundle: ${b.name}`, async () => {
        const { keys, keychain } = setup();
        const bundle = [...b.certs.map((c) => c.toString()), rsaKeyPem].join('\n');
        await keys.add('k', await keys.read(bundle));
        assert.deepEqual(storedChain(keychain, 'k'), b.kept);
      });
    }

    test('certificates that do not hold the key are refused before anything is stored', async () => {
      const { keys, keychain } = setup();
      for (const certificates of [[EC], [CA], [EC, CA]]) {
        const read = { ...(await keys.read(rsaKeyPem)), certificates };
        await assert.rejects(keys.add('k', read), { code: 'key_certificate_mismatch' });
        assert.equal(keychain.values.size, 0, 'something was stored');
        assert.deepEqual(keys.list(), []);
      }
    });

    const replacements: { name: string; replace: (keys: KeyStore) => Promise<unknown> }[] = [
      { name: 'a generated key', replace: (keys) => keys.generate('k', { alg: 'ES256' }, { replace: true }) },
      {
        name: 'an imported key',
        replace: async (keys) => keys.add('k', await keys.read(otherPem()), { replace: true }),
      },
    ];
    for (const r of replacements) {
      test(`a key replaced by ${r.name} loses the old key's certificate`, async () => {
        const { keys, keychain } = setup();
        await keys.add('k', await keys.read(keyFixture('test-only-rsa.p12'), P12_PASSPHRASE));
        await r.replace(keys);
        assert.equal(keychain.values.has(`${CERT}k`), false);
        assert.equal(keys.get('k')?.certificate, undefined);
        assert.equal((await keys.signingKey('k')).certificate, undefined);
      });
    }

    test('a certificate left behind by a failed delete is never used by the next key of that name', async () => {
      const { keys, keychain, storage } = setup();
      await keys.add('k', await keys.read(keyFixture('test-only-rsa.p12'), P12_PASSPHRASE));
      storage.failCertificates = true;
      await assert.rejects(keys.delete('k'), { code: 'secret_storage_failed' });
      assert.equal(keys.get('k'), undefined, 'record first');
      assert.equal(keychain.values.has(`${KEY}k`), false, 'then the private key');
      assert.equal(keychain.values.has(`${CERT}k`), true, 'the certificate is what remains');
      // Another key under that name, while the keychain still refuses certificate writes: the stale one is not used.
      await keys.generate('k', { alg: 'ES256' }).then(
        () => assert.fail('the stale certificate could not be deleted, so the store must fail'),
        (e: { code?: string }) => assert.equal(e.code, 'secret_storage_failed'),
      );
      assert.equal((await keys.signingKey('k')).certificate, undefined);
      assert.deepEqual((await keys.info('k')).certificates, []);
      storage.failCertificates = false;
      await keys.generate('k', { alg: 'ES256' }, { replace: true });
      assert.equal(keychain.values.has(`${CERT}k`), false, 'the stale certificate was deleted');
    });
  });

  test('delete removes record, private key and certificate', async () => {
    const { keys, keychain } = setup();
    await keys.add('k', await keys.read(keyFixture('test-only-ec.p12'), P12_PASSPHRASE));
    assert.equal(keychain.values.has(`${CERT}k`), true);
    await keys.delete('k');
    assert.deepEqual([...keychain.values.keys()], []);
    assert.deepEqual(keys.list(), []);
  });

  test('a backup carries the certificate chain, and restoring a lost key brings both back', async () => {
    const { keys, keychain } = setup();
    const info = await keys.add('k', await keys.read(keyFixture('test-only-rsa.p12'), P12_PASSPHRASE));
    const backup = await keys.backup('k', 'correct horse battery staple');
    assert.match(backup, /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    assert.deepEqual(
      readCertificates(backup).map((c) => c.subject),
      [RSA.subject, CA.subject],
    );
    keychain.values.clear(); // the keyring was wiped: the key is lost, its record stays
    await assert.rejects(keys.signingKey('k'), { code: 'key_lost' });
    await keys.add('k', await keys.read(backup, 'correct horse battery staple'), { replace: true });
    assert.deepEqual(storedChain(keychain, 'k'), [RSA.subject, CA.subject]);
    assert.deepEqual(keys.get('k')?.certificate, info.record.certificate);
  });

  test('the same key restored without its certificate keeps the stored one', async () => {
    const { keys, keychain } = setup();
    await keys.add('k', await keys.read(keyFixture('test-only-rsa.p12'), P12_PASSPHRASE));
    keychain.values.delete(`${KEY}k`);
    await keys.add('k', await keys.read(rsaKeyPem), { replace: true });
    assert.deepEqual(storedChain(keychain, 'k'), [RSA.subject, CA.subject]);
    assert.equal(keys.get('k')?.certificate?.x5tS256, sha256(RSA));
  });

  test('a stored key without record is adopted with its certificate', async () => {
    const { keys, state } = setup();
    await keys.add('k', await keys.read(keyFixture('test-only-ec.p12'), P12_PASSPHRASE));
    await state.update(StateKey.keys, undefined);
    const record = await keys.adoptStored('k');
    assert.equal(record?.source, 'migrated');
    assert.equal(record?.certificate?.x5tS256, sha256(EC));
  });

  test("another window's certificate change is announced by key name", async () => {
    const { keys, keychain } = setup();
    const seen: string[] = [];
    keys.onDidChange((name) => seen.push(name));
    await new SecretStore(new TestSecretStorage(keychain)).storeCertificatePem('elsewhere', EC.toString());
    assert.deepEqual(seen, ['elsewhere']);
  });
});

describe('SecretStore keeps only certificates as a certificate chain', () => {
  const refused: [string, string][] = [
    ['a private key', rsaKeyPem],
    ['a certificate with a private key after it', `${RSA.toString()}${rsaKeyPem}`],
    ['a public key', '-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n'],
    ['empty text', ''],
    ['text before the certificate', `note\n${RSA.toString()}`],
  ];
  for (const [name, value] of refused) {
    test(name, async () => {
      const { secrets, keychain } = setup();
      await assert.rejects(secrets.storeCertificatePem('k', value), TypeError);
      assert.equal(keychain.values.size, 0);
    });
  }
  test('a chain of certificates is kept as given', async () => {
    const { secrets } = setup();
    const chain = `${RSA.toString()}${CA.toString()}`;
    await secrets.storeCertificatePem('k', chain);
    assert.equal(await secrets.getCertificatePem('k'), chain);
  });
});

describe('the registry keeps a certificate summary, and only a well-formed one', () => {
  const record = {
    name: 'k',
    thumbprint: 'A'.repeat(43),
    keyType: 'RSA 2048-bit',
    alg: 'PS256',
    createdAt: 1,
    storedAt: 2,
    source: 'imported',
  };
  const good = { subject: 'CN=x', notAfter: 3, x5tS256: 'B'.repeat(43) };
  const table: { name: string; certificate: unknown; kept: boolean }[] = [
    { name: 'well-formed', certificate: good, kept: true },
    { name: 'a PEM instead of a summary', certificate: RSA.toString(), kept: false },
    { name: 'a thumbprint that is not base64url SHA-256', certificate: { ...good, x5tS256: 'abc' }, kept: false },
    { name: 'notAfter as text', certificate: { ...good, notAfter: '2030-01-01' }, kept: false },
    { name: 'a huge subject', certificate: { ...good, subject: 'x'.repeat(5000) }, kept: false },
    { name: 'no subject', certificate: { notAfter: 3, x5tS256: good.x5tS256 }, kept: false },
  ];
  for (const c of table) {
    test(c.name, () => {
      const [parsed] = parseRegistry({ version: 1, keys: [{ ...record, certificate: c.certificate }] });
      assert.ok(parsed, 'the record itself is kept');
      assert.deepEqual(parsed.certificate, c.kept ? good : undefined);
    });
  }
  test('extra fields of a summary are not kept', () => {
    const [parsed] = parseRegistry({ keys: [{ ...record, certificate: { ...good, pem: RSA.toString() } }] });
    assert.deepEqual(parsed?.certificate, good);
  });
});
