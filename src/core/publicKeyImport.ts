/**
 * The public keys in a text a user brings to build a JWKS: public key PEM (SPKI or PKCS#1), certificates (their
 * subject key), and JWK or JWKS JSON, public or private (only the public members are read). Private key PEM is not
 * read here: it goes through keyImport.ts, which knows encrypted keys. Errors are KeyErrors that never hold key text.
 */
import { createPublicKey, type JsonWebKey, type KeyObject, X509Certificate } from 'node:crypto';
import { KeyError } from './errors';
import { describeKey, KEYGEN_HINT, MIN_RSA_BITS, tooSmallKeyError } from './keyDescription';

const PUBLIC_HINT =
  'give a public key PEM (BEGIN PUBLIC KEY / BEGIN RSA PUBLIC KEY), a certificate, a JWK or a JWKS, or a private key file';
const PUBLIC_LABELS = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY']);
const CERT_LABELS = new Set(['CERTIFICATE', 'TRUSTED CERTIFICATE', 'X509 CERTIFICATE']);
const PUBLIC_JWK_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const;
/** A JWKS bigger than this is not a client's key set. */
const MAX_JWKS_KEYS = 100;

/** True when `text` holds a private key PEM block (plain or encrypted), which keyImport.ts reads. */
export function holdsPrivateKeyPem(text: string): boolean {
  return /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.test(text) || /Proc-Type:\s*4,ENCRYPTED/i.test(text);
}

/**
 * Every public key in `text`: each public key or certificate PEM block, or each key of a JWK / JWKS (private JWKs
 * give their public half). Each is checked to be a JOSE signing key: KeyError `key_unsupported` (symmetric, DSA,
 * X25519, other curves), `key_too_small` (RSA under 2048 bits), `key_unreadable` (damaged PEM or JSON, or no key
 * found), `key_empty`.
 */
export function importPublicKeys(text: string): KeyObject[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new KeyError('key_empty', 'the key file is empty', PUBLIC_HINT);
  const keys = trimmed.startsWith('{') ? fromJson(trimmed) : fromPem(trimmed);
  return keys.map(usableForSigning);
}

function fromPem(text: string): KeyObject[] {
  const keys: KeyObject[] = [];
  for (const { label, pem } of pemBlocksOf(text)) {
    try {
      if (PUBLIC_LABELS.has(label)) keys.push(createPublicKey(pem));
      else if (CERT_LABELS.has(label)) keys.push(new X509Certificate(pem).publicKey);
    } catch (cause) {
      throw new KeyError('key_unreadable', `the ${label} block could not be read`, PUBLIC_HINT, { cause });
    }
  }
  if (keys.length === 0) throw new KeyError('key_unreadable', 'no public key or certificate in this text', PUBLIC_HINT);
  return keys;
}

/** The BEGIN/END blocks of `text`, in order; each END is searched from its BEGIN on, and the scan stops at a BEGIN without END, so the work stays linear. */
function pemBlocksOf(text: string): { label: string; pem: string }[] {
  const out: { label: string; pem: string }[] = [];
  const begin = /-----BEGIN ([A-Z0-9 ]{1,64})-----/g;
  for (let m = begin.exec(text); m !== null; m = begin.exec(text)) {
    const label = m[1] ?? '';
    const endMarker = `-----END ${label}-----`;
    const end = text.indexOf(endMarker, m.index);
    if (end === -1) throw new KeyError('key_unreadable', `the ${label} block has no END line`, PUBLIC_HINT);
    out.push({ label, pem: text.slice(m.index, end + endMarker.length) });
    begin.lastIndex = end + endMarker.length;
  }
  return out;
}

function fromJson(text: string): KeyObject[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new KeyError('key_unreadable', 'the key looks like JSON but is not valid JSON', PUBLIC_HINT, { cause });
  }
  const entries = isRecord(parsed) && Array.isArray(parsed.keys) ? parsed.keys : [parsed];
  if (entries.length === 0) throw new KeyError('key_unreadable', 'this JWKS holds no keys', PUBLIC_HINT);
  if (entries.length > MAX_JWKS_KEYS) {
    throw new KeyError('key_unreadable', `this JWKS holds more than ${MAX_JWKS_KEYS} keys`, PUBLIC_HINT);
  }
  return entries.map((entry, i) => fromJwk(entry, entries.length > 1 ? `key ${i + 1} of the JWKS` : 'the JWK'));
}

function fromJwk(entry: unknown, what: string): KeyObject {
  if (!isRecord(entry)) throw new KeyError('key_unreadable', `${what} is not a JSON object`, PUBLIC_HINT);
  if (entry.kty === 'oct') {
    throw new KeyError('key_unsupported', `${what} is a symmetric key; a JWKS publishes public keys`, KEYGEN_HINT);
  }
  const members: Record<string, unknown> = {};
  for (const name of PUBLIC_JWK_MEMBERS) if (entry[name] !== undefined) members[name] = entry[name];
  try {
    return createPublicKey({ key: members as JsonWebKey, format: 'jwk' });
  } catch (cause) {
    throw new KeyError('key_unreadable', `${what} has missing or malformed members`, PUBLIC_HINT, { cause });
  }
}

function usableForSigning(key: KeyObject): KeyObject {
  const desc = describeKey(key);
  if (desc.family === 'rsa' && (desc.bits ?? 0) < MIN_RSA_BITS) throw tooSmallKeyError(desc.bits);
  return key;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
