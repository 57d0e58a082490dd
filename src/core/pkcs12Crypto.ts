/**
 * The password-based cryptography of PKCS#12 files, done with node:crypto: PBES2 (PBKDF2 with HMAC-SHA-1/-2, then
 * AES-CBC or 3DES-CBC; RFC 8018 §6.2), the PKCS#12 PBE schemes with 3DES (RFC 7292 Appendix B key derivation and
 * Appendix C), and the integrity MAC (RFC 7292 §5). RC2 and RC4 need OpenSSL's legacy provider, which Node does not
 * load: they are reported as unsupported, never guessed at. ASN.1 parameters are parsed by @peculiar/asn1-schema.
 */
import { createDecipheriv, createHash, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import type { MacData } from '@peculiar/asn1-pfx';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import type { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { Pbes2Params, Pbkdf2Params, Pkcs12PbeParams } from './pkcs12Schema';

/** An encryption or MAC algorithm this build cannot compute; `what` names it for the user. */
export class UnsupportedPkcs12Algorithm extends Error {
  constructor(readonly what: string) {
    super(`unsupported PKCS#12 algorithm: ${what}`);
  }
}

const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';
const HMACS: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
const CIPHERS: Record<string, { name: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 },
};
/** RFC 7292 Appendix C object identifiers, with what Node can do with them. */
const PKCS12_PBE: Record<string, { name: string; cipher?: string; keyLength: number; ivLength: number }> = {
  '1.2.840.113549.1.12.1.1': { name: 'pbeWithSHAAnd128BitRC4', keyLength: 16, ivLength: 0 },
  '1.2.840.113549.1.12.1.2': { name: 'pbeWithSHAAnd40BitRC4', keyLength: 5, ivLength: 0 },
  '1.2.840.113549.1.12.1.3': { name: '3-key 3DES', cipher: 'des-ede3-cbc', keyLength: 24, ivLength: 8 },
  '1.2.840.113549.1.12.1.4': { name: '2-key 3DES', cipher: 'des-ede-cbc', keyLength: 16, ivLength: 8 },
  '1.2.840.113549.1.12.1.5': { name: 'RC2-128', keyLength: 16, ivLength: 8 },
  '1.2.840.113549.1.12.1.6': { name: 'RC2-40', keyLength: 5, ivLength: 8 },
};
const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
/** The most PBKDF2 / PKCS#12 KDF iterations accepted: a hostile file could otherwise stall the process. */
const MAX_ITERATIONS = 10_000_000;

/**
 * Decrypts data encrypted under `alg` (PBES2 or a PKCS#12 PBE scheme) with `passphrase`. Throws
 * UnsupportedPkcs12Algorithm for RC2/RC4 and unknown schemes, and node:crypto's error for a wrong passphrase
 * (bad padding).
 */
export function pbeDecrypt(alg: AlgorithmIdentifier, data: Buffer, passphrase: string): Buffer {
  if (alg.algorithm === PBES2) return pbes2Decrypt(params(alg), data, passphrase);
  const scheme = PKCS12_PBE[alg.algorithm];
  if (!scheme) throw new UnsupportedPkcs12Algorithm(`encryption ${alg.algorithm}`);
  if (!scheme.cipher) throw new UnsupportedPkcs12Algorithm(scheme.name);
  const p = AsnConvert.parse(params(alg), Pkcs12PbeParams);
  const salt = Buffer.from(p.salt.buffer);
  const iterations = checkedIterations(p.iterations);
  const password = bmpPassword(passphrase);
  const key = pkcs12Kdf('sha1', password, salt, 1, iterations, scheme.keyLength);
  const iv = pkcs12Kdf('sha1', password, salt, 2, iterations, scheme.ivLength);
  return decipher(scheme.cipher, key, iv, data);
}

function pbes2Decrypt(der: ArrayBuffer, data: Buffer, passphrase: string): Buffer {
  const p = AsnConvert.parse(der, Pbes2Params);
  if (p.keyDerivationFunc.algorithm !== PBKDF2) {
    throw new UnsupportedPkcs12Algorithm(`key derivation ${p.keyDerivationFunc.algorithm}`);
  }
  const cipher = CIPHERS[p.encryptionScheme.algorithm];
  if (!cipher) throw new UnsupportedPkcs12Algorithm(`PBES2 cipher ${p.encryptionScheme.algorithm}`);
  const kdf = AsnConvert.parse(params(p.keyDerivationFunc), Pbkdf2Params);
  const prf = kdf.prf ? HMACS[kdf.prf.algorithm] : 'sha1';
  if (!prf) throw new UnsupportedPkcs12Algorithm(`PBKDF2 PRF ${kdf.prf?.algorithm}`);
  const keyLength = kdf.keyLength ?? cipher.keyLength;
  if (keyLength !== cipher.keyLength) throw new UnsupportedPkcs12Algorithm(`key length ${keyLength}`);
  // The IV parameter of AES-CBC and DES-EDE3-CBC is a bare OCTET STRING.
  const iv = Buffer.from(AsnConvert.parse(params(p.encryptionScheme), OctetString).buffer);
  const key = pbkdf2Sync(
    Buffer.from(passphrase, 'utf8'),
    Buffer.from(kdf.salt.buffer),
    checkedIterations(kdf.iterationCount),
    keyLength,
    prf,
  );
  return decipher(cipher.name, key, iv, data);
}

function decipher(name: string, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const d = createDecipheriv(name, key, iv);
  return Buffer.concat([d.update(data), d.final()]);
}

/**
 * Checks the integrity MAC (RFC 7292 §5: HMAC keyed by the Appendix B derivation with ID 3) over the authenticated
 * safe's content. 'mismatch' means a wrong passphrase (or a damaged file); 'unsupported' an unknown digest.
 */
export function verifyMac(mac: MacData, content: Buffer, passphrase: string): 'ok' | 'mismatch' | 'unsupported' {
  const hash = DIGESTS[mac.mac.digestAlgorithm.algorithm];
  if (!hash) return 'unsupported';
  const expected = Buffer.from(mac.mac.digest.buffer);
  const length = createHash(hash).digest().length;
  const salt = Buffer.from(mac.macSalt.buffer);
  const key = pkcs12Kdf(hash, bmpPassword(passphrase), salt, 3, checkedIterations(mac.iterations), length);
  const actual = createHmac(hash, key).update(content).digest();
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? 'ok' : 'mismatch';
}

function params(alg: AlgorithmIdentifier): ArrayBuffer {
  if (!alg.parameters) throw new UnsupportedPkcs12Algorithm(`${alg.algorithm} without parameters`);
  return alg.parameters;
}

function checkedIterations(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_ITERATIONS) {
    throw new UnsupportedPkcs12Algorithm(`an iteration count of ${n}`);
  }
  return n;
}

/** RFC 7292 Appendix B.1: the password as a BMPString (UTF-16 big-endian) with a two-byte NUL terminator. */
function bmpPassword(passphrase: string): Buffer {
  const le = Buffer.from(`${passphrase}\0`, 'utf16le');
  return le.swap16();
}

/**
 * RFC 7292 Appendix B.2: derives `n` bytes of key (`id` 1), IV (2) or MAC key (3) material from a BMPString
 * password and a salt with `iterations` rounds of `hash`.
 */
function pkcs12Kdf(hash: string, password: Buffer, salt: Buffer, id: 1 | 2 | 3, iterations: number, n: number): Buffer {
  if (n === 0) return Buffer.alloc(0);
  const u = createHash(hash).digest().length;
  const v = hash === 'sha384' || hash === 'sha512' ? 128 : 64;
  const fill = (src: Buffer) => {
    if (src.length === 0) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length] as number;
    return out;
  };
  const d = Buffer.alloc(v, id);
  const i = Buffer.concat([fill(salt), fill(password)]);
  const blocks: Buffer[] = [];
  for (let produced = 0; produced < n; produced += u) {
    let a = createHash(hash).update(d).update(i).digest();
    for (let r = 1; r < iterations; r++) a = createHash(hash).update(a).digest();
    blocks.push(a);
    const b = fill(a).subarray(0, v);
    // I_j = (I_j + B + 1) mod 2^(8v), for every v-byte block of I.
    for (let j = 0; j < i.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (i[j + k] as number) + (b[k] as number) + carry;
        i[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, n);
}
