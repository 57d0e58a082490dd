/**
 * Private keys for signing client assertions: generate, import (PEM, DER, JWK), describe, check against an
 * algorithm, and export the public half as SPKI PEM, JWK or JWKS. Everything is a node:crypto KeyObject.
 * Errors are KeyErrors with a stable code and a hint; they never contain key text. Longer than most modules
 * because every key form and every refusal message lives here, in one place.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair as generateKeyPairCallback,
  type JsonWebKey,
  type KeyObject,
  X509Certificate,
} from 'node:crypto';
import { promisify } from 'node:util';
import { curveOf, digestLength, type SigningAlg } from './algorithms';
import { ConfigError, KeyError } from './errors';

/** The kind of key, as far as choosing an algorithm goes (RSA-PSS keys are `rsa`). */
export type KeyAlgFamily = 'rsa' | 'ec' | 'ed25519';
/** The EC curves JOSE signs with (RFC 7518 §3.4). */
export type EcCurve = 'P-256' | 'P-384' | 'P-521';

/** What to generate: RS*, PS* -> RSA (`bits`, default 2048); ES256/384/512 -> P-256/P-384/P-521; EdDSA -> Ed25519. */
export interface KeyGenOptions {
  alg: SigningAlg;
  bits?: 2048 | 3072 | 4096;
}
/** A new key pair: the KeyObject, its unencrypted PKCS#8 PEM, and the SPKI public PEM. */
export interface GeneratedKeyPair {
  privateKey: KeyObject;
  privateKeyPem: string;
  publicKeyPem: string;
}
/** A key as a user would name it, and the algorithms it can sign with. */
export interface KeyDescription {
  family: KeyAlgFamily;
  bits?: number;
  curve?: EcCurve;
  algs: SigningAlg[];
  label: string;
}
/** A public JWK as published in a JWKS: `kid` is the RFC 7638 thumbprint, `use` is always `sig`. */
export type PublicJwk = {
  kty: 'RSA' | 'EC' | 'OKP';
  n?: string;
  e?: string;
  crv?: string;
  x?: string;
  y?: string;
  kid: string;
  use: 'sig';
  alg?: SigningAlg;
};

/** RFC 7518 §3.3: RSA keys of 2048 bits or larger MUST be used with RS* and PS*. */
export const MIN_RSA_BITS = 2048;

const PRIVATE_KEY_HINT =
  'import the private key file (BEGIN PRIVATE KEY / BEGIN RSA PRIVATE KEY / BEGIN EC PRIVATE KEY) or a JWK with "d"';
const PASSPHRASE_HINT = 'set CLIENT_CREDS_PASSPHRASE or enter it when asked';
const SUPPORTED = 'RSA (2048 bits or more), EC P-256/P-384/P-521, or Ed25519';
const GENERATE = '`client-creds keygen` or the "Client Creds: Generate Key Pair" command';
const KEYGEN_HINT = `use an ${SUPPORTED} private key, or generate one with ${GENERATE}`;
const RSA_ALGS: SigningAlg[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const PSS_ALGS: SigningAlg[] = ['PS256', 'PS384', 'PS512'];
const OPENSSL_CURVES: Record<string, EcCurve> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
const CURVE_ALG: Record<EcCurve, SigningAlg> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
const PRIVATE_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);
const CERT_LABELS = new Set(['CERTIFICATE', 'TRUSTED CERTIFICATE', 'X509 CERTIFICATE', 'CERTIFICATE REQUEST']);

const generate = promisify(generateKeyPairCallback);

/**
 * Generates a key pair for `alg` on the libuv threadpool (async crypto.generateKeyPair), so a 4096-bit RSA key
 * never blocks the event loop. Refuses `bits` outside 2048/3072/4096 or given for a non-RSA alg (ConfigError).
 */
export async function generateKeyPair(opts: KeyGenOptions): Promise<GeneratedKeyPair> {
  const { alg, bits } = opts;
  const isRsa = alg.startsWith('RS') || alg.startsWith('PS');
  if (bits !== undefined && (!isRsa || ![2048, 3072, 4096].includes(bits))) {
    throw new ConfigError(
      'invalid_bits',
      isRsa ? `RSA key size ${bits} is not offered` : `--bits applies to RSA keys only, not ${alg}`,
      isRsa ? 'choose 2048, 3072 or 4096' : 'leave out --bits; the curve follows from the alg',
    );
  }
  let pair: { privateKey: KeyObject };
  if (isRsa) pair = await generate('rsa', { modulusLength: bits ?? 2048, publicExponent: 0x10001 });
  else if (alg === 'EdDSA') pair = await generate('ed25519', {});
  else pair = await generate('ec', { namedCurve: curveOf(alg as 'ES256' | 'ES384' | 'ES512') });
  return {
    privateKey: pair.privateKey,
    privateKeyPem: exportPrivateKeyPem(pair.privateKey),
    publicKeyPem: exportPublicKeyPem(pair.privateKey),
  };
}

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

/**
 * Names a key and lists the algorithms it can sign with. Refuses key types JOSE cannot sign with
 * (KeyError `key_unsupported`). Works on private and public KeyObjects.
 */
export function describeKey(key: KeyObject): KeyDescription {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return {
        family: 'rsa',
        bits: details.modulusLength,
        algs: [...RSA_ALGS],
        label: `RSA ${details.modulusLength}-bit`,
      };
    case 'rsa-pss':
      return {
        family: 'rsa',
        bits: details.modulusLength,
        algs: pssAlgs(details),
        label: `RSA-PSS ${details.modulusLength}-bit`,
      };
    case 'ec': {
      const curve = OPENSSL_CURVES[details.namedCurve ?? ''];
      if (!curve) {
        throw new KeyError(
          'key_unsupported',
          `EC curve ${details.namedCurve ?? '(unknown)'} is not supported`,
          KEYGEN_HINT,
        );
      }
      return { family: 'ec', curve, algs: [CURVE_ALG[curve]], label: `EC ${curve}` };
    }
    case 'ed25519':
      return { family: 'ed25519', algs: ['EdDSA'], label: 'Ed25519' };
    default:
      throw new KeyError('key_unsupported', unsupportedMessage(key.asymmetricKeyType), KEYGEN_HINT);
  }
}

/**
 * Throws KeyError `key_alg_mismatch` unless `key` can sign `alg` (RSA for RS* and PS*, the matching curve for ES*,
 * Ed25519 for EdDSA), naming the algorithms that do fit; `key_too_small` for RSA under 2048 bits.
 */
export function assertKeyFitsAlg(key: KeyObject, alg: SigningAlg): void {
  const desc = describeKey(key);
  if (desc.family === 'rsa' && (desc.bits ?? 0) < MIN_RSA_BITS) throw tooSmall(desc.bits);
  if (desc.algs.includes(alg)) return;
  const fits = desc.algs.length > 0 ? desc.algs.join(', ') : 'no JOSE algorithm';
  throw new KeyError(
    'key_alg_mismatch',
    `${alg} does not fit this ${desc.label} key; it signs with ${fits}`,
    desc.algs[0]
      ? `set the alg to ${desc.algs[0]}, or import ${keyFor(alg)} to sign ${alg}`
      : `import ${keyFor(alg)} to sign ${alg}`,
  );
}

/** The algorithm to use when none was chosen: RSA -> PS256, P-256 -> ES256, P-384 -> ES384, P-521 -> ES512, Ed25519 -> EdDSA. */
export function defaultAlgForKey(key: KeyObject): SigningAlg {
  const desc = describeKey(key);
  const alg = desc.family === 'rsa' && desc.algs.includes('PS256') ? 'PS256' : desc.algs[0];
  if (!alg)
    throw new KeyError('key_unsupported', `no JOSE algorithm can sign with this ${desc.label} key`, KEYGEN_HINT);
  return alg;
}

/** The private key as unencrypted PKCS#8 PEM (for SecretStorage or a 0600 file). Refuses a public key. */
export function exportPrivateKeyPem(key: KeyObject): string {
  if (key.type !== 'private')
    throw new KeyError('key_is_public', 'only a private key can be exported as a private key');
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** The public half as SPKI "BEGIN PUBLIC KEY" PEM, the form Jack Henry's Users & Groups screen takes. */
export function exportPublicKeyPem(key: KeyObject): string {
  return toPublic(key).export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * The public half as a JWK with `kid` = RFC 7638 thumbprint, `use: sig`, and `alg` when given
 * (after checking the key fits it). Refuses unsupported key types.
 */
export function publicJwk(key: KeyObject, alg?: SigningAlg): PublicJwk {
  if (alg) assertKeyFitsAlg(key, alg);
  else describeKey(key);
  const members = jwkMembers(key);
  const jwk: PublicJwk = { ...members, kid: thumbprintOf(members), use: 'sig' };
  if (alg) jwk.alg = alg;
  return jwk;
}

/** A JWKS holding the one public JWK of {@link publicJwk}. */
export function publicJwks(key: KeyObject, alg?: SigningAlg): { keys: PublicJwk[] } {
  return { keys: [publicJwk(key, alg)] };
}

/** The RFC 7638 JWK thumbprint (SHA-256, base64url) of the key's public half. */
export function jwkThumbprint(key: KeyObject): string {
  describeKey(key);
  return thumbprintOf(jwkMembers(key));
}

type JwkMembers = Pick<PublicJwk, 'kty' | 'n' | 'e' | 'crv' | 'x' | 'y'>;

function thumbprintOf(m: JwkMembers): string {
  // RFC 7638 §3.2: only the required members, in lexicographic order, no whitespace.
  const required =
    m.kty === 'RSA'
      ? { e: m.e, kty: m.kty, n: m.n }
      : m.kty === 'EC'
        ? { crv: m.crv, kty: m.kty, x: m.x, y: m.y }
        : { crv: m.crv, kty: m.kty, x: m.x };
  return createHash('sha256').update(JSON.stringify(required)).digest('base64url');
}

function jwkMembers(key: KeyObject): JwkMembers {
  let pub = toPublic(key);
  // node:crypto cannot export rsa-pss keys as JWK; the RSAPublicKey inside their SPKI is the same (n, e).
  if (pub.asymmetricKeyType === 'rsa-pss') {
    pub = createPublicKey({
      key: rsaPublicKeyOfSpki(pub.export({ type: 'spki', format: 'der' })),
      format: 'der',
      type: 'pkcs1',
    });
  }
  const j = pub.export({ format: 'jwk' });
  if (j.kty === 'RSA') return { kty: 'RSA', n: j.n, e: j.e };
  if (j.kty === 'EC') return { kty: 'EC', crv: j.crv, x: j.x, y: j.y };
  return { kty: 'OKP', crv: j.crv, x: j.x };
}

/** The subjectPublicKey BIT STRING of a DER SubjectPublicKeyInfo (input is OpenSSL's own output). */
function rsaPublicKeyOfSpki(der: Buffer): Buffer {
  const tlv = (at: number) => {
    let len = der[at + 1] ?? 0;
    let p = at + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + (der[p++] ?? 0);
    }
    return { start: p, end: p + len };
  };
  const spki = tlv(0);
  const algorithm = tlv(spki.start);
  const bits = tlv(algorithm.end);
  return der.subarray(bits.start + 1, bits.end);
}

function toPublic(key: KeyObject): KeyObject {
  if (key.type === 'secret') throw new KeyError('key_unsupported', unsupportedMessage(undefined), KEYGEN_HINT);
  return key.type === 'public' ? key : createPublicKey(key);
}

function pssAlgs(details: NonNullable<KeyObject['asymmetricKeyDetails']>): SigningAlg[] {
  if (!details.hashAlgorithm) return [...PSS_ALGS];
  // A restricted RSA-PSS key signs only with its own hash; JOSE also needs MGF1 with that same hash.
  const alg = PSS_ALGS.find((a) => `sha${a.slice(2)}` === details.hashAlgorithm);
  if (!alg || (details.mgf1HashAlgorithm ?? details.hashAlgorithm) !== details.hashAlgorithm) return [];
  return (details.saltLength ?? 0) <= digestLength(alg) ? [alg] : [];
}

function keyFor(alg: SigningAlg): string {
  if (RSA_ALGS.includes(alg)) return 'an RSA key of 2048 bits or more';
  if (alg === 'EdDSA') return 'an Ed25519 key';
  return `an EC ${curveOf(alg as 'ES256' | 'ES384' | 'ES512')} key`;
}

function tooSmall(bits: number | undefined): KeyError {
  return new KeyError(
    'key_too_small',
    `the RSA key has ${bits ?? 'too few'} bits; at least ${MIN_RSA_BITS} are required (RFC 7518 §3.3)`,
    `generate a new key with ${GENERATE} and register its public key`,
  );
}

function unsupportedMessage(type: string | undefined): string {
  switch (type) {
    case 'dsa':
      return 'DSA keys cannot sign a JWT (JOSE has no DSA algorithm)';
    case 'x25519':
    case 'x448':
      return `${type.toUpperCase()} is a key-agreement key and cannot sign; EdDSA needs an Ed25519 key`;
    case 'ed448':
      return 'Ed448 keys are not supported; EdDSA here uses Ed25519';
    case 'dh':
      return 'Diffie-Hellman keys cannot sign';
    case undefined:
      return 'a symmetric (secret) key cannot sign a private_key_jwt assertion';
    default:
      return `${type} keys are not supported`;
  }
}

/** Refuses keys that import but cannot be used: public, unsupported type, RSA too small, RSA-PSS with no JOSE alg. */
function usable(key: KeyObject): KeyObject {
  if (key.type !== 'private') throw new KeyError('key_is_public', 'this is a public key', PRIVATE_KEY_HINT);
  const desc = describeKey(key);
  if (desc.family === 'rsa' && (desc.bits ?? 0) < MIN_RSA_BITS) throw tooSmall(desc.bits);
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
    return new KeyError('key_unsupported', unsupportedMessage('dsa'), KEYGEN_HINT);
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
  if (jwk.kty === 'oct') throw new KeyError('key_unsupported', unsupportedMessage(undefined), KEYGEN_HINT);
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
    throw new KeyError('key_unsupported', unsupportedMessage(known ? crv : `OKP ${crv.slice(0, 20)}`), KEYGEN_HINT);
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
