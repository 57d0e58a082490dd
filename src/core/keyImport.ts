/**
 * Reads a private key a user brings, synchronously: PEM (PKCS#8, PKCS#1, SEC1, encrypted) in any of the spellings
 * keyText.ts puts back into shape, a `cat cert.pem key.pem` bundle, DER bytes or bare base64 DER, a JWK / single-key
 * JWKS, or a service-account JSON. PKCS#12 files are recognised but read by keyInput.ts (the ASN.1 library they
 * need is loaded only then). Refuses what cannot sign a client assertion. Errors are KeyErrors with a stable code
 * and a hint; they never contain key text.
 */
import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import type { SigningAlg } from './algorithms';
import { certificatesForKey, parsePemCertificate } from './certificate';
import { KeyError } from './errors';
import {
  assertKeyFitsAlg,
  describeKey,
  KEYGEN_HINT,
  MIN_RSA_BITS,
  tooSmallKeyError,
  unsupportedKeyMessage,
} from './keyDescription';
import { PRIVATE_KEY_HINT, readJsonKey } from './keyJwk';
import { bareBase64Der, decodeKeyBytes, hasPemMarker, type PemBlock, pemBlocks, unwrapKeyText } from './keyText';

/** Where a key came from, for messages: a PEM text, DER bytes, a JWK, a service-account JSON, a PKCS#12 file. */
export type KeySource = 'pem' | 'der' | 'jwk' | 'service-account' | 'pkcs12';

/** A private key with what came with it: its certificate chain (the key's own first) and a JWK's `kid` / `alg`. */
export interface KeyMaterial {
  key: KeyObject;
  certificates: X509Certificate[];
  kid?: string;
  alg?: SigningAlg;
  source: KeySource;
  /** Things the user should know (such as certificates that could not be read); never key text. */
  notes: string[];
}

/** Bytes that are not a DER key, public key or certificate: possibly PKCS#12, for keyInput.ts to try. */
export interface MaybePkcs12 {
  maybePkcs12: Uint8Array;
}

const PASSPHRASE_HINT = 'set CLIENT_CREDS_PASSPHRASE or enter it when asked';
const PRIVATE_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);
const CERT_LABELS = new Set(['CERTIFICATE', 'TRUSTED CERTIFICATE', 'X509 CERTIFICATE']);
const REQUEST_LABELS = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
const JKS_MAGIC = [0xfe, 0xed, 0xfe, 0xed];

/** True when `input` holds an encrypted PEM private key (PKCS#8 ENCRYPTED PRIVATE KEY or legacy Proc-Type: 4,ENCRYPTED). */
export function isEncryptedPrivateKey(input: string): boolean {
  return /-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(input) || /Proc-Type:\s*4,ENCRYPTED/i.test(input);
}

/**
 * Reads a private key (see the module comment for the forms) and returns only the key. Refuses, with KeyError:
 * empty input (`key_empty`), public keys and certificates (`key_is_public`), a missing or wrong passphrase
 * (`key_passphrase_required`, `key_bad_passphrase`), unreadable text or bytes, PKCS#12 included
 * (`key_unreadable`: use readKeyInput for those), DSA/X25519/Ed448/secp256k1/symmetric keys and other key formats
 * (`key_unsupported`), RSA under 2048 bits (`key_too_small`), a bundled certificate of another key
 * (`key_certificate_mismatch`), and the JWK refusals of keyJwk.ts.
 */
export function importPrivateKey(input: string | Uint8Array, opts: { passphrase?: string } = {}): KeyObject {
  const material = parseKeyMaterial(input, opts);
  if ('maybePkcs12' in material) {
    throw new KeyError(
      'key_unreadable',
      'the binary data is not a DER private key (PKCS#8, PKCS#1 or SEC1)',
      'if it is a PKCS#12 (.pfx/.p12) file, import it with its passphrase, or convert it: `openssl pkcs12 -in <file.p12> -nodes -out key.pem`',
    );
  }
  return material.key;
}

/**
 * Reads a private key with its certificates and JWK metadata, or hands back bytes that may be a PKCS#12 file.
 * Same refusals as {@link importPrivateKey}, except that unknown binary data is returned as `maybePkcs12`.
 */
export function parseKeyMaterial(input: string | Uint8Array, opts: { passphrase?: string }): KeyMaterial | MaybePkcs12 {
  if (typeof input !== 'string') {
    if (input.length > 0 && JKS_MAGIC.every((b, i) => input[i] === b)) throw javaKeyStore();
    const decoded = decodeKeyBytes(input);
    if (decoded.kind === 'binary') return parseDer(decoded.bytes, opts);
    return parseText(decoded.text, opts);
  }
  return parseText(input, opts);
}

function parseText(raw: string, opts: { passphrase?: string }): KeyMaterial | MaybePkcs12 {
  const text = unwrapKeyText(raw);
  if (text === '') throw new KeyError('key_empty', 'the private key is empty', PRIVATE_KEY_HINT);
  if (text.startsWith('{') || text.startsWith('[')) {
    const json = readJsonKey(text);
    if (json.kind === 'jwk') {
      const { kind: _, ...rest } = json;
      return usable({
        ...rest,
        certificates: certificatesForKey(json.key, json.certificates),
        source: 'jwk',
        notes: [],
      });
    }
    const inner = parseText(json.pem, opts);
    if ('maybePkcs12' in inner)
      throw new KeyError('key_unreadable', 'the "private_key" of this JSON is not a PEM key', PRIVATE_KEY_HINT);
    return { ...inner, source: 'service-account', ...(json.kid !== undefined ? { kid: json.kid } : {}) };
  }
  if (text.startsWith('PuTTY-User-Key-File-')) {
    throw new KeyError(
      'key_unsupported',
      'PuTTY (.ppk) private keys are not read directly',
      'convert a copy to PEM with `puttygen key.ppk -O private-openssh -o key.pem`',
    );
  }
  const blocks = pemBlocks(text);
  if (blocks.length === 0 && !hasPemMarker(text)) {
    const der = bareBase64Der(text);
    if (der) return parseDer(der, opts);
  }
  return parsePem(text, blocks, opts);
}

/**
 * Refuses keys that import but cannot be used: public, unsupported type, RSA too small, RSA-PSS with no JOSE alg,
 * a JWK whose own `alg` does not fit it.
 */
function usable(material: KeyMaterial): KeyMaterial {
  const { key } = material;
  if (key.type !== 'private') throw new KeyError('key_is_public', 'this is a public key', PRIVATE_KEY_HINT);
  const desc = describeKey(key);
  if (desc.family === 'rsa' && (desc.bits ?? 0) < MIN_RSA_BITS) throw tooSmallKeyError(desc.bits);
  if (desc.algs.length === 0) {
    throw new KeyError(
      'key_unsupported',
      `this ${desc.label} key is restricted to PSS parameters no JOSE algorithm uses (PS* needs MGF1 with the same hash)`,
      KEYGEN_HINT,
    );
  }
  // RFC 7517 §4.4: a JWK's alg is the one it is meant for; a key that cannot sign it is a broken JWK.
  if (material.alg) assertKeyFitsAlg(key, material.alg);
  return material;
}

/** Checks a key that came from elsewhere (a PKCS#12 file) by the same rules as every other input. */
export function usableMaterial(material: KeyMaterial): KeyMaterial {
  return usable({ ...material, certificates: certificatesForKey(material.key, material.certificates) });
}

function parsePem(text: string, blocks: PemBlock[], opts: { passphrase?: string }): KeyMaterial {
  const privateBlocks = blocks.filter((b) => PRIVATE_LABELS.has(b.label));
  const privateBlock = privateBlocks[0];
  if (!privateBlock)
    throw notAPrivatePem(
      text,
      blocks.map((b) => b.label),
    );
  if (privateBlocks.length > 1) {
    throw new KeyError(
      'key_unreadable',
      `this text holds ${privateBlocks.length} private keys`,
      'keep only the private key whose public half the server registered',
    );
  }
  if (!privateBlock.clean) {
    throw new KeyError(
      'key_unreadable',
      `the ${privateBlock.label} block holds characters that are not base64 (quotes, escapes or other text inside it)`,
      'copy the key again from its source, or save it with `printf "%b" "$KEY" > key.pem` if it holds escapes',
    );
  }
  const certs = blocks.filter((b) => CERT_LABELS.has(b.label)).map((b, i) => parsePemCertificate(b.der, i));
  const key = pemKey(privateBlock, opts);
  return usable({ key, certificates: certificatesForKey(key, certs), source: 'pem', notes: [] });
}

function pemKey(block: PemBlock, opts: { passphrase?: string }): KeyObject {
  const { pem } = block;
  const encrypted = isEncryptedPrivateKey(pem);
  if (encrypted && opts.passphrase === undefined) {
    throw new KeyError(
      'key_passphrase_required',
      'the private key is encrypted and needs its passphrase',
      PASSPHRASE_HINT,
    );
  }
  try {
    return encrypted
      ? createPrivateKey({ key: pem, format: 'pem', passphrase: opts.passphrase })
      : createPrivateKey(pem);
  } catch (cause) {
    if (encrypted) {
      throw new KeyError(
        'key_bad_passphrase',
        'the passphrase does not decrypt this private key',
        `check the passphrase (${PASSPHRASE_HINT})`,
        { cause },
      );
    }
    throw new KeyError(
      'key_unreadable',
      `the ${block.label} block could not be read (damaged, or a key type OpenSSL does not know)`,
      PRIVATE_KEY_HINT,
      { cause },
    );
  }
}

function notAPrivatePem(text: string, labels: string[]): KeyError {
  if (
    labels.includes('PUBLIC KEY') ||
    labels.includes('RSA PUBLIC KEY') ||
    /^(ssh-(rsa|ed25519)|ecdsa-sha2-)/.test(text)
  ) {
    return new KeyError('key_is_public', 'this is a public key, not the private key', PRIVATE_KEY_HINT);
  }
  if (labels.some((l) => CERT_LABELS.has(l) || REQUEST_LABELS.has(l))) {
    return new KeyError(
      'key_is_public',
      'this is a certificate; it holds only the public key',
      `${PRIVATE_KEY_HINT}; to send the certificate's thumbprint, give both (\`cat cert.pem key.pem\`, or --certificate)`,
    );
  }
  if (labels.includes('DSA PRIVATE KEY'))
    return new KeyError('key_unsupported', unsupportedKeyMessage('dsa'), KEYGEN_HINT);
  if (labels.includes('OPENSSH PRIVATE KEY')) {
    return new KeyError(
      'key_unsupported',
      'OpenSSH-format private keys are not read directly',
      'convert a copy to PKCS#8 with `ssh-keygen -p -m PKCS8 -f <copy of the key file>`',
    );
  }
  if (labels.includes('PGP PRIVATE KEY BLOCK')) {
    return new KeyError('key_unsupported', 'OpenPGP private keys cannot sign a JWT', KEYGEN_HINT);
  }
  if (hasPemMarker(text) && labels.length === 0) {
    return new KeyError('key_unreadable', 'the PEM block is incomplete (no matching END line)', PRIVATE_KEY_HINT);
  }
  const found = labels.length > 0 ? `found ${labels.map((l) => `"${l}"`).join(', ')}` : 'not PEM or JSON';
  return new KeyError('key_unreadable', `no private key in this text (${found})`, PRIVATE_KEY_HINT);
}

function parseDer(der: Uint8Array, opts: { passphrase?: string }): KeyMaterial | MaybePkcs12 {
  const buf = Buffer.from(der);
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      const key = createPrivateKey({ key: buf, format: 'der', type, passphrase: opts.passphrase });
      return usable({ key, certificates: [], source: 'der', notes: [] });
    } catch (cause) {
      if (cause instanceof KeyError) throw cause;
      const code = (cause as { code?: string }).code;
      if (type === 'pkcs8' && code === 'ERR_MISSING_PASSPHRASE') {
        throw new KeyError(
          'key_passphrase_required',
          'the private key is encrypted and needs its passphrase',
          PASSPHRASE_HINT,
        );
      }
      if (type === 'pkcs8' && code === 'ERR_OSSL_BAD_DECRYPT') {
        throw new KeyError('key_bad_passphrase', 'the passphrase does not decrypt this private key', PASSPHRASE_HINT, {
          cause,
        });
      }
    }
  }
  if (succeeds(() => createPublicKey({ key: buf, format: 'der', type: 'spki' }))) {
    throw new KeyError('key_is_public', 'this is a public key, not the private key', PRIVATE_KEY_HINT);
  }
  if (succeeds(() => new X509Certificate(buf))) {
    throw new KeyError('key_is_public', 'this is a certificate; it holds only the public key', PRIVATE_KEY_HINT);
  }
  return { maybePkcs12: buf };
}

function javaKeyStore(): KeyError {
  return new KeyError(
    'key_unsupported',
    'this is a Java KeyStore (JKS) file, which is not read directly',
    'convert it to PKCS#12 with `keytool -importkeystore -srckeystore <file.jks> -destkeystore key.p12 -deststoretype PKCS12`, then give key.p12',
  );
}

function succeeds(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}
