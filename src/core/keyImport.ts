/**
 * Reads a private key a user brings: PEM (PKCS#8, PKCS#1, SEC1, encrypted), DER bytes, or a JWK / single-key
 * JWKS, and refuses what cannot sign a client assertion. Errors are KeyErrors with a stable code and a hint; they
 * never contain key text. Every form and every refusal message of key input lives here.
 */
import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject, X509Certificate } from 'node:crypto';
import { KeyError } from './errors';
import { describeKey, KEYGEN_HINT, MIN_RSA_BITS, tooSmallKeyError, unsupportedKeyMessage } from './keyDescription';

const PRIVATE_KEY_HINT =
  'import the private key file (BEGIN PRIVATE KEY / BEGIN RSA PRIVATE KEY / BEGIN EC PRIVATE KEY) or a JWK with "d"';
const PASSPHRASE_HINT = 'set CLIENT_CREDS_PASSPHRASE or enter it when asked';
const PRIVATE_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);
const CERT_LABELS = new Set(['CERTIFICATE', 'TRUSTED CERTIFICATE', 'X509 CERTIFICATE', 'CERTIFICATE REQUEST']);

/** True when `input` holds an encrypted PEM private key (PKCS#8 ENCRYPTED PRIVATE KEY or legacy Proc-Type: 4,ENCRYPTED). */
export function isEncryptedPrivateKey(input: string): boolean {
  return /-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(input) || /Proc-Type:\s*4,ENCRYPTED/i.test(input);
}

/**
 * Reads a private key from PEM (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8, legacy encrypted PEM), DER bytes, or a JWK
 * (or a JWKS holding exactly one private key). Refuses, with KeyError: empty input (`key_empty`), public keys and
 * certificates (`key_is_public`), a missing or wrong passphrase (`key_passphrase_required`, `key_bad_passphrase`),
 * unreadable text (`key_unreadable`), DSA/X25519/Ed448/secp256k1/symmetric keys (`key_unsupported`) and RSA under
 * 2048 bits (`key_too_small`).
 */
export function importPrivateKey(input: string | Uint8Array, opts: { passphrase?: string } = {}): KeyObject {
  if (typeof input !== 'string' && input.length > 0 && !looksLikeText(input)) return usable(importDer(input, opts));
  const text = (typeof input === 'string' ? input : Buffer.from(input).toString('utf8')).replace(/^\uFEFF/, '').trim();
  if (text === '') throw new KeyError('key_empty', 'the private key is empty', PRIVATE_KEY_HINT);
  if (text.startsWith('{') || text.startsWith('[')) return usable(importJwk(text));
  return usable(importPem(text, opts));
}

/** Refuses keys that import but cannot be used: public, unsupported type, RSA too small, RSA-PSS with no JOSE alg. */
function usable(key: KeyObject): KeyObject {
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
  return key;
}

function importPem(text: string, opts: { passphrase?: string }): KeyObject {
  const blocks = pemBlocks(text);
  const labels = blocks.map((b) => b.label);
  const privateBlock = blocks.find((b) => PRIVATE_LABELS.has(b.label));
  if (!privateBlock) throw notAPrivatePem(text, labels);
  const { pem } = privateBlock;
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
      `the ${privateBlock.label} block could not be read (damaged, or a key type OpenSSL does not know)`,
      PRIVATE_KEY_HINT,
      { cause },
    );
  }
}

/**
 * The complete BEGIN/END blocks of a PEM text, in one linear pass over its markers (a lazy regex with a
 * back-reference would go quadratic on text full of BEGIN lines without END).
 */
function pemBlocks(text: string): { label: string; pem: string }[] {
  const out: { label: string; pem: string }[] = [];
  let open: { label: string; start: number } | undefined;
  for (const m of text.matchAll(/-----(BEGIN|END) ([A-Z0-9 ]{1,64})-----/g)) {
    if (m[1] === 'BEGIN') open = { label: m[2] ?? '', start: m.index };
    else if (open && open.label === m[2]) {
      out.push({ label: open.label, pem: text.slice(open.start, m.index + m[0].length) });
      open = undefined;
    }
  }
  return out;
}

function notAPrivatePem(text: string, labels: string[]): KeyError {
  if (
    labels.includes('PUBLIC KEY') ||
    labels.includes('RSA PUBLIC KEY') ||
    /^(ssh-(rsa|ed25519)|ecdsa-sha2-)/.test(text)
  ) {
    return new KeyError('key_is_public', 'this is a public key, not the private key', PRIVATE_KEY_HINT);
  }
  if (labels.some((l) => CERT_LABELS.has(l) || l === 'NEW CERTIFICATE REQUEST')) {
    return new KeyError('key_is_public', 'this is a certificate; it holds only the public key', PRIVATE_KEY_HINT);
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
  if (/-----BEGIN [A-Z0-9 ]+-----/.test(text) && labels.length === 0) {
    return new KeyError('key_unreadable', 'the PEM block is incomplete (no matching END line)', PRIVATE_KEY_HINT);
  }
  const found = labels.length > 0 ? `found ${labels.map((l) => `"${l}"`).join(', ')}` : 'not PEM or JSON';
  return new KeyError('key_unreadable', `no private key in this text (${found})`, PRIVATE_KEY_HINT);
}

function importJwk(text: string): KeyObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new KeyError('key_unreadable', 'the key looks like JSON but is not valid JSON', PRIVATE_KEY_HINT, { cause });
  }
  let jwk = parsed;
  if (isRecord(parsed) && Array.isArray(parsed.keys)) {
    const privates = parsed.keys.filter((k) => isRecord(k) && ('d' in k || k.kty === 'oct'));
    if (privates.length === 0)
      throw new KeyError('key_is_public', 'this JWKS holds only public keys', PRIVATE_KEY_HINT);
    if (privates.length > 1) {
      throw new KeyError(
        'key_unreadable',
        `this JWKS holds ${privates.length} private keys`,
        'import a single private JWK',
      );
    }
    jwk = privates[0];
  }
  if (!isRecord(jwk)) throw new KeyError('key_unreadable', 'the JSON is not a JWK object', PRIVATE_KEY_HINT);
  if (jwk.kty === 'oct') throw new KeyError('key_unsupported', unsupportedKeyMessage(undefined), KEYGEN_HINT);
  if (jwk.kty !== 'RSA' && jwk.kty !== 'EC' && jwk.kty !== 'OKP') {
    throw new KeyError(
      'key_unsupported',
      `JWK key type ${JSON.stringify(jwk.kty)?.slice(0, 20)} is not supported`,
      KEYGEN_HINT,
    );
  }
  if (jwk.kty === 'EC' && !['P-256', 'P-384', 'P-521'].includes(String(jwk.crv))) {
    throw new KeyError('key_unsupported', `EC curve ${String(jwk.crv).slice(0, 20)} is not supported`, KEYGEN_HINT);
  }
  if (jwk.kty === 'OKP' && jwk.crv !== 'Ed25519') {
    const crv = String(jwk.crv).toLowerCase();
    const known = ['x25519', 'x448', 'ed448'].includes(crv);
    throw new KeyError('key_unsupported', unsupportedKeyMessage(known ? crv : `OKP ${crv.slice(0, 20)}`), KEYGEN_HINT);
  }
  if (!('d' in jwk)) {
    throw new KeyError('key_is_public', 'this JWK has no "d" member: it is a public key', PRIVATE_KEY_HINT);
  }
  try {
    return createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch (cause) {
    throw new KeyError('key_unreadable', `the ${jwk.kty} JWK has missing or malformed members`, PRIVATE_KEY_HINT, {
      cause,
    });
  }
}

function importDer(der: Uint8Array, opts: { passphrase?: string }): KeyObject {
  const buf = Buffer.from(der);
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      return createPrivateKey({ key: buf, format: 'der', type, passphrase: opts.passphrase });
    } catch (cause) {
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
  throw new KeyError('key_unreadable', 'the binary data is not a DER private key', PRIVATE_KEY_HINT);
}

function succeeds(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}

function looksLikeText(bytes: Uint8Array): boolean {
  // DER always starts with a SEQUENCE tag (0x30); anything else is treated as PEM or JSON text.
  return bytes[0] !== 0x30;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
