/**
 * Key files as people have them, shared by the CLI's and the extension's tests so both show the same inputs are
 * accepted: PEM in its stored spellings, DER, PKCS#12, bundles, JWK and service-account JSON. Keys are generated
 * per run; certificates and PKCS#12 files are the test-only fixtures of test/fixtures/keys.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const FIXTURES = resolve(__dirname, '..', 'fixtures', 'keys');
/** A test-only fixture's bytes. */
export const keyFixture = (name: string): Buffer => readFileSync(resolve(FIXTURES, name));
/** The passphrase of every test-only PKCS#12 fixture. */
export const P12_PASSPHRASE = 'test-only-passphrase';

/** One key file: its bytes, the passphrase it needs, and what reading it must give. */
export interface KeyFileCase {
  name: string;
  bytes: Uint8Array;
  passphrase?: string;
  /** The key the file holds. */
  key: KeyObject;
  /** Subject of the key's own certificate, when one comes with it. */
  certificate?: string;
  kid?: string;
  alg?: string;
}

/** Every case, built once per call (fresh keys). */
export function keyFileCases(): KeyFileCase[] {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  // node:crypto reads the fixture PKCS#8 PEM itself, so the expected key does not depend on the code under test.
  const fixtureRsa = createPrivateKey(keyFixture('test-only-rsa.key.pem'));
  const fixtureEc = createPrivateKey(keyFixture('test-only-ec.key.pem'));
  const pem = rsa.export({ type: 'pkcs8', format: 'pem' }).toString();
  const utf8 = (s: string) => Buffer.from(s);
  const rsaSubject = 'CN=Client Creds test-only RSA';
  return [
    { name: 'PKCS#8 PEM', bytes: utf8(pem), key: rsa },
    { name: 'PEM with literal \\n escapes', bytes: utf8(pem.replace(/\n/g, '\\n')), key: rsa },
    { name: 'PEM on one line', bytes: utf8(pem.replace(/\n/g, ' ')), key: rsa },
    { name: 'PEM quoted and indented', bytes: utf8(`"${pem.replace(/^/gm, '  ')}"`), key: rsa },
    {
      name: 'UTF-16 LE PEM with BOM',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pem, 'utf16le')]),
      key: rsa,
    },
    { name: 'UTF-8 BOM and CRLF', bytes: utf8(`\uFEFF${pem.replace(/\n/g, '\r\n')}`), key: rsa },
    { name: 'DER PKCS#8', bytes: rsa.export({ type: 'pkcs8', format: 'der' }), key: rsa },
    { name: 'DER PKCS#1', bytes: rsa.export({ type: 'pkcs1', format: 'der' }), key: rsa },
    { name: 'DER SEC1', bytes: ec.export({ type: 'sec1', format: 'der' }), key: ec },
    {
      name: 'service-account JSON',
      bytes: utf8(JSON.stringify({ type: 'service_account', private_key_id: 'sa-key-1', private_key: pem })),
      key: rsa,
      kid: 'sa-key-1',
    },
    {
      name: 'JWK with kid and alg',
      bytes: utf8(JSON.stringify({ ...rsa.export({ format: 'jwk' }), kid: 'key-2025-b', alg: 'RS256', use: 'sig' })),
      key: rsa,
      kid: 'key-2025-b',
      alg: 'RS256',
    },
    {
      name: 'cat cert.pem key.pem',
      bytes: Buffer.concat([keyFixture('test-only-rsa.cert.pem'), keyFixture('test-only-rsa.key.pem')]),
      key: fixtureRsa,
      certificate: rsaSubject,
    },
    {
      name: 'PKCS#12 (AES, with its chain)',
      bytes: keyFixture('test-only-rsa.p12'),
      passphrase: P12_PASSPHRASE,
      key: fixtureRsa,
      certificate: rsaSubject,
    },
    {
      name: 'PKCS#12 (3DES)',
      bytes: keyFixture('test-only-rsa-3des.p12'),
      passphrase: P12_PASSPHRASE,
      key: fixtureRsa,
      certificate: rsaSubject,
    },
    {
      name: 'PKCS#12 (EC)',
      bytes: keyFixture('test-only-ec.p12'),
      passphrase: P12_PASSPHRASE,
      key: fixtureEc,
      certificate: 'CN=Client Creds test-only EC',
    },
  ];
}
