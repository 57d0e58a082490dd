/**
 * A backup of a private key: an encrypted PKCS#8 PEM ("BEGIN ENCRYPTED PRIVATE KEY", RFC 5958 §3) under a passphrase
 * only the user knows. The encryption is PBES2 (RFC 8018 §6.2) with PBKDF2-HMAC-SHA256 at {@link BACKUP_ITERATIONS}
 * iterations and AES-256-CBC: node:crypto's own `export({ cipher, passphrase })` uses OpenSSL's 2,048 iterations and
 * cannot be told more, so the EncryptedPrivateKeyInfo is put together here (asn1js) from node:crypto's PBKDF2 and
 * AES. Any PKCS#8 reader opens it: core `importPrivateKey` with the passphrase (the extension's Import Private Key,
 * the CLI with CLIENT_CREDS_PASSPHRASE), and `openssl pkey`.
 */
import { createCipheriv, type KeyObject, pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Integer, Null, ObjectIdentifier, OctetString, Sequence } from 'asn1js';
import { backupPassphraseProblem, MIN_BACKUP_PASSPHRASE_LENGTH } from './backupPassphrase';
import { ConfigError, KeyError } from './errors';

/**
 * PBKDF2-HMAC-SHA256 iterations of a backup: OWASP's 2023 figure for PBKDF2-SHA256, about a third of a second on one
 * core of a laptop, run on the libuv threadpool.
 */
export const BACKUP_ITERATIONS = 600_000;

/** The OIDs a backup is made of (RFC 8018 appendices A.2, A.4, B.1.2 and NIST's AES arc). */
export const BACKUP_OIDS = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSHA256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
} as const;

const SALT_BYTES = 16;
const IV_BYTES = 16;
const KEY_BYTES = 32;

const derive = promisify(pbkdf2);

/**
 * The private `key` as an encrypted PKCS#8 PEM under `passphrase` (PBES2: PBKDF2-HMAC-SHA256, {@link BACKUP_ITERATIONS}
 * iterations, a fresh random 16-byte salt, AES-256-CBC with a fresh random IV). The key derivation runs off the event
 * loop. Refuses a public key (KeyError `key_is_public`) and a passphrase shorter than
 * {@link MIN_BACKUP_PASSPHRASE_LENGTH} code points or made of spaces (ConfigError `backup_passphrase_weak`); neither
 * message contains the passphrase.
 */
export async function encryptPrivateKeyBackup(key: KeyObject, passphrase: string): Promise<string> {
  if (key.type !== 'private') throw new KeyError('key_is_public', 'only a private key can be backed up');
  const problem = backupPassphraseProblem(passphrase);
  if (problem) {
    throw new ConfigError(
      'backup_passphrase_weak',
      problem === 'blank' ? 'the backup passphrase is only spaces' : 'the backup passphrase is too short',
      `use at least ${MIN_BACKUP_PASSPHRASE_LENGTH} characters, such as four or five random words`,
    );
  }
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const secret = await derive(Buffer.from(passphrase, 'utf8'), salt, BACKUP_ITERATIONS, KEY_BYTES, 'sha256');
  const plain = key.export({ type: 'pkcs8', format: 'der' });
  const cipher = createCipheriv('aes-256-cbc', secret, iv);
  const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
  plain.fill(0);
  secret.fill(0);
  return toPem(encryptedPrivateKeyInfo(salt, iv, encrypted));
}

/** EncryptedPrivateKeyInfo (RFC 5958 §3) with PBES2-params (RFC 8018 A.4) and PBKDF2-params (RFC 8018 A.2). */
function encryptedPrivateKeyInfo(salt: Buffer, iv: Buffer, encrypted: Buffer): ArrayBuffer {
  const algorithm = (oid: string, params: Sequence | OctetString | Null) =>
    new Sequence({ value: [new ObjectIdentifier({ value: oid }), params] });
  const pbkdf2Params = new Sequence({
    value: [
      new OctetString({ valueHex: salt }),
      new Integer({ value: BACKUP_ITERATIONS }),
      algorithm(BACKUP_OIDS.hmacWithSHA256, new Null()),
    ],
  });
  const pbes2Params = new Sequence({
    value: [
      algorithm(BACKUP_OIDS.pbkdf2, pbkdf2Params),
      algorithm(BACKUP_OIDS.aes256Cbc, new OctetString({ valueHex: iv })),
    ],
  });
  return new Sequence({
    value: [algorithm(BACKUP_OIDS.pbes2, pbes2Params), new OctetString({ valueHex: encrypted })],
  }).toBER(false);
}

function toPem(der: ArrayBuffer): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${lines.join('\n')}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
}
