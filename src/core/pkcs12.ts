/**
 * PKCS#12 (`.pfx` / `.p12`, RFC 7292) files: the private key and the certificates inside, with the file's
 * passphrase. The structure is parsed by @peculiar/asn1-pfx; the password-based decryption and the integrity MAC
 * are node:crypto (see pkcs12Crypto.ts). Loaded only when a PKCS#12 file is seen, so other inputs never pay for
 * the ASN.1 library: the bundles keep this module in a file of its own (dist/pkcs12.js, see esbuild.mjs). For that
 * reason it imports nothing else of the project: its errors are {@link Pkcs12Error}s, which keyInput.ts turns into
 * KeyErrors (a KeyError class from another bundle would not be the same class). They never contain key material.
 */
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { type ContentInfo, id_data, id_encryptedData } from '@peculiar/asn1-cms';
import {
  AuthenticatedSafe,
  CertBag,
  id_certBag,
  id_keyBag,
  id_pkcs8ShroudedKeyBag,
  id_x509Certificate,
  PFX,
  PKCS8ShroudedKeyBag,
  SafeContents,
} from '@peculiar/asn1-pfx';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import type { ErrorCode } from './errors';
import { pbeDecrypt, UnsupportedPkcs12Algorithm, verifyMac } from './pkcs12Crypto';
import { EncryptedData } from './pkcs12Schema';

/** A refusal with the stable code, message and hint a KeyError carries; keyInput.ts converts it. */
export class Pkcs12Error extends Error {
  override readonly name = 'Pkcs12Error';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What a PKCS#12 file held: one private key, its certificates (in file order) and notes for the user. */
export interface Pkcs12Contents {
  key: KeyObject;
  certificates: X509Certificate[];
  notes: string[];
}

const CONVERT = 'openssl pkcs12 -in <file.p12> -nodes -out key.pem';
const CONVERT_LEGACY = 'openssl pkcs12 -legacy -in <file.p12> -nodes -out key.pem';
const PASSPHRASE_HINT = 'set CLIENT_CREDS_PASSPHRASE or enter it when asked';

/** The PFX structure of `der`, or undefined when the bytes are not a PKCS#12 file. Never throws. */
export function parsePfx(der: Uint8Array): PFX | undefined {
  try {
    const pfx = AsnConvert.parse(Buffer.from(der), PFX);
    return pfx.version === 3 ? pfx : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the one private key and the certificates of a PKCS#12 file. Refuses, with Pkcs12Error: no passphrase
 * (`key_passphrase_required`), a passphrase that fails the integrity MAC or the decryption (`key_bad_passphrase`),
 * an encryption Node cannot do, such as RC2 (`key_pkcs12_unsupported`, with the openssl command that converts the
 * file), a file with no private key (`key_is_public`) or several (`key_unreadable`), and damaged content
 * (`key_unreadable`). Certificates under an unsupported cipher are skipped with a note.
 */
export function readPkcs12(pfx: PFX, passphrase: string | undefined): Pkcs12Contents {
  if (passphrase === undefined) {
    throw new Pkcs12Error(
      'key_passphrase_required',
      'this PKCS#12 (.pfx/.p12) file is protected by a passphrase',
      PASSPHRASE_HINT,
    );
  }
  if (pfx.authSafe.contentType !== id_data) {
    throw new Pkcs12Error(
      'key_pkcs12_unsupported',
      'this PKCS#12 file uses public-key integrity mode, which is not supported',
      `convert it: \`${CONVERT}\``,
    );
  }
  const safeBytes = Buffer.from(damaged(() => AsnConvert.parse(pfx.authSafe.content, OctetString)).buffer);
  if (pfx.macData && verifyMac(pfx.macData, safeBytes, passphrase) === 'mismatch') {
    throw new Pkcs12Error('key_bad_passphrase', 'the passphrase does not open this PKCS#12 file', PASSPHRASE_HINT);
  }
  const keys: KeyObject[] = [];
  const certificates: X509Certificate[] = [];
  const notes: string[] = [];
  for (const info of damaged(() => AsnConvert.parse(safeBytes, AuthenticatedSafe))) {
    const bags = safeContents(info, passphrase, notes);
    for (const bag of bags ?? []) {
      if (bag.bagId === id_pkcs8ShroudedKeyBag) keys.push(shroudedKey(bag.bagValue, passphrase));
      else if (bag.bagId === id_keyBag) keys.push(plainKey(Buffer.from(bag.bagValue)));
      else if (bag.bagId === id_certBag) {
        const cert = certificate(bag.bagValue);
        if (cert) certificates.push(cert);
      }
    }
  }
  if (keys.length === 0) {
    throw new Pkcs12Error(
      'key_is_public',
      'this PKCS#12 file holds only certificates, no private key',
      'export the PKCS#12 file again with its private key, or import the private key file itself',
    );
  }
  if (keys.length > 1) {
    throw new Pkcs12Error(
      'key_unreadable',
      `this PKCS#12 file holds ${keys.length} private keys`,
      `extract the one to use: \`${CONVERT}\`, then keep only its block`,
    );
  }
  return { key: keys[0] as KeyObject, certificates, notes };
}

/** The bags of one ContentInfo: plain (`data`) or password-encrypted (`encryptedData`); undefined when skipped. */
function safeContents(info: ContentInfo, passphrase: string, notes: string[]): SafeContents | undefined {
  if (info.contentType === id_data) {
    const octets = damaged(() => AsnConvert.parse(info.content, OctetString));
    return damaged(() => AsnConvert.parse(octets.buffer, SafeContents));
  }
  if (info.contentType !== id_encryptedData) return undefined;
  const eci = damaged(() => AsnConvert.parse(info.content, EncryptedData)).encryptedContentInfo;
  const content = eci.encryptedContent;
  const encrypted = content?.value
    ? Buffer.from(content.value.buffer)
    : Buffer.concat((content?.constructedValue ?? []).map((o) => Buffer.from(o.buffer)));
  let plain: Buffer;
  try {
    plain = pbeDecrypt(eci.contentEncryptionAlgorithm, encrypted, passphrase);
  } catch (e) {
    if (e instanceof UnsupportedPkcs12Algorithm) {
      // The key is what signs; certificates under RC2 (older exports) are skipped, and the user told how to add one.
      notes.push(
        `the certificates in this PKCS#12 file are encrypted with ${e.what}, which Node cannot decrypt, so they were not read; to send a certificate thumbprint, give the certificate separately (\`openssl pkcs12 -legacy -in <file.p12> -clcerts -nokeys -out cert.pem\`)`,
      );
      return undefined;
    }
    throw badPassphrase(e);
  }
  return damaged(() => AsnConvert.parse(plain, SafeContents));
}

function shroudedKey(bagValue: ArrayBuffer, passphrase: string): KeyObject {
  const bag = damaged(() => AsnConvert.parse(bagValue, PKCS8ShroudedKeyBag));
  let der: Buffer;
  try {
    der = pbeDecrypt(bag.encryptionAlgorithm, Buffer.from(bag.encryptedData.buffer), passphrase);
  } catch (e) {
    if (e instanceof UnsupportedPkcs12Algorithm) {
      throw new Pkcs12Error(
        'key_pkcs12_unsupported',
        `the private key in this PKCS#12 file is encrypted with ${e.what}, which Node cannot decrypt`,
        `convert it to PEM: \`${CONVERT_LEGACY}\``,
      );
    }
    throw badPassphrase(e);
  }
  try {
    return plainKey(der);
  } catch (e) {
    // Decryption with a wrong passphrase passes the padding check about once in 256 tries and yields garbage.
    throw badPassphrase(e);
  }
}

function plainKey(der: Buffer): KeyObject {
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch (cause) {
    throw new Pkcs12Error(
      'key_unreadable',
      'the private key in this PKCS#12 file cannot be read',
      `convert it: \`${CONVERT}\``,
      {
        cause,
      },
    );
  }
}

function certificate(bagValue: ArrayBuffer): X509Certificate | undefined {
  const bag = damaged(() => AsnConvert.parse(bagValue, CertBag));
  if (bag.certId !== id_x509Certificate) return undefined;
  const der = damaged(() => AsnConvert.parse(bag.certValue, OctetString));
  return damaged(() => new X509Certificate(Buffer.from(der.buffer)));
}

function badPassphrase(cause: unknown): Pkcs12Error {
  return new Pkcs12Error('key_bad_passphrase', 'the passphrase does not decrypt this PKCS#12 file', PASSPHRASE_HINT, {
    cause,
  });
}

function damaged<T>(parse: () => T): T {
  try {
    return parse();
  } catch (cause) {
    if (cause instanceof Pkcs12Error) throw cause;
    throw new Pkcs12Error(
      'key_unreadable',
      'this PKCS#12 file is damaged and cannot be read',
      `check the file, or convert it: \`${CONVERT}\``,
      {
        cause,
      },
    );
  }
}
