// Private key backups: every supported key type goes through encrypt -> import with the passphrase -> the same
// RFC 7638 thumbprint; the file is PBES2 with PBKDF2-HMAC-SHA256 at the stated iterations and AES-256-CBC (read back
// with asn1js, independently of the writer's code); a wrong, missing or weak passphrase is refused clearly and never
// echoed; two backups of one key share nothing but the key.
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, test } from 'node:test';
import { fromBER, Integer, type ObjectIdentifier, type OctetString, Sequence } from 'asn1js';
import { backupPassphraseProblem, MIN_BACKUP_PASSPHRASE_LENGTH } from '../../../src/core/backupPassphrase';
import { isClientCredsError } from '../../../src/core/errors';
import { BACKUP_ITERATIONS, BACKUP_OIDS, encryptPrivateKeyBackup } from '../../../src/core/keyBackup';
import { jwkThumbprint } from '../../../src/core/keyExport';
import { importPrivateKey } from '../../../src/core/keyImport';

const PASSPHRASE = 'correct horse battery staple';

const KEYS: { name: string; key: () => KeyObject }[] = [
  { name: 'RSA 2048', key: () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey },
  { name: 'EC P-256', key: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey },
  { name: 'EC P-384', key: () => generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey },
  { name: 'EC P-521', key: () => generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey },
  { name: 'Ed25519', key: () => generateKeyPairSync('ed25519').privateKey },
];

/** The fields of an EncryptedPrivateKeyInfo with PBES2 / PBKDF2 parameters, read with asn1js. */
function parseBackup(pem: string) {
  const match =
    /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n([A-Za-z0-9+/=\n]+)\n-----END ENCRYPTED PRIVATE KEY-----\n$/.exec(pem);
  assert.ok(match?.[1], 'not an ENCRYPTED PRIVATE KEY PEM');
  assert.ok(
    match[1].split('\n').every((line) => line.length <= 64),
    'PEM lines are longer than 64 characters',
  );
  const parsed = fromBER(Buffer.from(match[1].replace(/\n/g, ''), 'base64'));
  assert.equal(parsed.offset > 0, true, 'not DER');
  const at = (block: unknown, ...path: number[]): unknown =>
    path.reduce<unknown>((b, i) => (b as Sequence).valueBlock.value[i], block);
  const oid = (block: unknown) => (block as ObjectIdentifier).valueBlock.toString();
  const bytes = (block: unknown) => Buffer.from((block as OctetString).valueBlock.valueHexView);
  const root = parsed.result;
  assert.ok(root instanceof Sequence);
  assert.ok(at(root, 0, 1, 0, 1, 1) instanceof Integer);
  return {
    scheme: oid(at(root, 0, 0)),
    kdf: oid(at(root, 0, 1, 0, 0)),
    salt: bytes(at(root, 0, 1, 0, 1, 0)),
    iterations: (at(root, 0, 1, 0, 1, 1) as Integer).valueBlock.valueDec,
    prf: oid(at(root, 0, 1, 0, 1, 2, 0)),
    cipher: oid(at(root, 0, 1, 1, 0)),
    iv: bytes(at(root, 0, 1, 1, 1)),
    encrypted: bytes(at(root, 1)),
  };
}

describe('private key backup', () => {
  for (const { name, key: make } of KEYS) {
    test(`${name}: encrypt, import with the passphrase, same RFC 7638 thumbprint`, async () => {
      const key = make();
      const pem = await encryptPrivateKeyBackup(key, PASSPHRASE);
      const restored = importPrivateKey(pem, { passphrase: PASSPHRASE });
      assert.equal(jwkThumbprint(restored), jwkThumbprint(key));
      assert.equal(restored.asymmetricKeyType, key.asymmetricKeyType);
    });
  }

  test('the file is PBES2: PBKDF2-HMAC-SHA256 at the stated iterations, a 16-byte salt, AES-256-CBC', async () => {
    const pem = await encryptPrivateKeyBackup(
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
      PASSPHRASE,
    );
    const backup = parseBackup(pem);
    assert.equal(backup.scheme, BACKUP_OIDS.pbes2);
    assert.equal(backup.kdf, BACKUP_OIDS.pbkdf2);
    assert.equal(backup.prf, BACKUP_OIDS.hmacWithSHA256);
    assert.equal(backup.cipher, BACKUP_OIDS.aes256Cbc);
    assert.equal(backup.iterations, BACKUP_ITERATIONS);
    assert.ok(BACKUP_ITERATIONS >= 600_000, 'below the OWASP figure for PBKDF2-HMAC-SHA256');
    assert.equal(backup.salt.length, 16);
    assert.equal(backup.iv.length, 16);
    assert.equal(backup.encrypted.length % 16, 0, 'not whole AES blocks');
    assert.doesNotMatch(pem, /BEGIN PRIVATE KEY/);
  });

  test('two backups of one key share neither salt, IV nor ciphertext', async () => {
    const key = generateKeyPairSync('ed25519').privateKey;
    const [a, b] = await Promise.all([
      encryptPrivateKeyBackup(key, PASSPHRASE),
      encryptPrivateKeyBackup(key, PASSPHRASE),
    ]);
    const [pa, pb] = [parseBackup(a), parseBackup(b)];
    assert.notDeepEqual(pa.salt, pb.salt);
    assert.notDeepEqual(pa.iv, pb.iv);
    assert.notDeepEqual(pa.encrypted, pb.encrypted);
  });

  test('a wrong or missing passphrase is refused clearly, and the error never holds the passphrase', async () => {
    const pem = await encryptPrivateKeyBackup(
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
      PASSPHRASE,
    );
    const cases = [
      { passphrase: 'correct horse battery stapler', code: 'key_bad_passphrase' },
      { passphrase: '', code: 'key_bad_passphrase' },
      { passphrase: undefined, code: 'key_passphrase_required' },
    ];
    for (const { passphrase, code } of cases) {
      const error = (() => {
        try {
          importPrivateKey(pem, passphrase === undefined ? {} : { passphrase });
        } catch (e) {
          return e;
        }
        return assert.fail(`imported with passphrase ${JSON.stringify(passphrase)}`);
      })();
      assert.ok(isClientCredsError(error));
      assert.equal(error.code, code);
      assert.ok(error.hint, 'no hint says what to do');
      for (const text of [error.message, error.hint ?? '']) {
        assert.ok(!text.includes(PASSPHRASE) && !(passphrase && text.includes(passphrase)), text);
      }
    }
  });

  test('a weak passphrase is refused before anything is derived, without echoing it', async () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    for (const weak of ['', 'p4ss', 'Zq9-Zq9-Zq9', ' '.repeat(MIN_BACKUP_PASSPHRASE_LENGTH)]) {
      await assert.rejects(encryptPrivateKeyBackup(key, weak), (e: unknown) => {
        assert.ok(isClientCredsError(e));
        assert.equal(e.code, 'backup_passphrase_weak');
        assert.match(e.hint ?? '', new RegExp(`${MIN_BACKUP_PASSPHRASE_LENGTH} characters`));
        if (weak.trim() !== '') assert.ok(!e.message.includes(weak));
        return true;
      });
    }
  });

  test('the passphrase rule counts characters, not UTF-16 units or bytes', () => {
    const table: { passphrase: string; problem: ReturnType<typeof backupPassphraseProblem> }[] = [
      { passphrase: '', problem: 'too_short' },
      { passphrase: 'a'.repeat(MIN_BACKUP_PASSPHRASE_LENGTH - 1), problem: 'too_short' },
      { passphrase: 'a'.repeat(MIN_BACKUP_PASSPHRASE_LENGTH), problem: undefined },
      // Six emoji are twelve UTF-16 units but six characters; twelve are enough.
      { passphrase: '🔑'.repeat(6), problem: 'too_short' },
      { passphrase: '🔑'.repeat(MIN_BACKUP_PASSPHRASE_LENGTH), problem: undefined },
      { passphrase: 'ключ-пароль-1', problem: undefined },
      { passphrase: '\t'.repeat(20), problem: 'blank' },
      { passphrase: `  ${'b'.repeat(MIN_BACKUP_PASSPHRASE_LENGTH)}  `, problem: undefined },
    ];
    for (const { passphrase, problem } of table) {
      assert.equal(backupPassphraseProblem(passphrase), problem, JSON.stringify(passphrase));
    }
  });

  test('a public key cannot be backed up', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await assert.rejects(encryptPrivateKeyBackup(publicKey, PASSPHRASE), { code: 'key_is_public' });
  });
});
