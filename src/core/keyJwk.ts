/**
 * Private keys given as JSON: a JWK (RFC 7517), a JWKS holding exactly one private key, or a service-account file
 * with the PEM in `private_key` (Google's format; its `private_key_id` is the key's `kid`). Also what a JWK says
 * about itself: its `kid` and `alg` (RFC 7517 §4.4-4.5), what it is for (`use`, `key_ops`) and its certificate
 * chain (`x5c`). Errors are KeyErrors that never contain key text.
 */
import { createPrivateKey, type JsonWebKey, type KeyObject, X509Certificate } from 'node:crypto';
import { isSigningAlg, type SigningAlg } from './algorithms';
import { KeyError } from './errors';
import { KEYGEN_HINT, unsupportedKeyMessage } from './keyDescription';

/** The hint of refusals that can be fixed by giving the private key itself. */
export const PRIVATE_KEY_HINT =
  'import the private key file (BEGIN PRIVATE KEY / BEGIN RSA PRIVATE KEY / BEGIN EC PRIVATE KEY) or a JWK with "d"';

/** What a JSON key file holds: a key read from a JWK, or the PEM text of a service-account file, plus metadata. */
export type JsonKey =
  | { kind: 'jwk'; key: KeyObject; kid?: string; alg?: SigningAlg; certificates: X509Certificate[] }
  | { kind: 'pem'; pem: string; kid?: string };

/**
 * Reads a JSON key text. Refuses, with KeyError: invalid JSON or a JSON value that is no key (`key_unreadable`), a
 * JWKS with no private key or a public JWK (`key_is_public`), a JWKS with several private keys (`key_unreadable`),
 * a key marked for encryption (`key_not_for_signing`), a JWK `alg` that is not an asymmetric signing algorithm
 * (`key_jwk_alg_unsupported`), unsupported key types and curves (`key_unsupported`), a damaged `x5c`
 * (`certificate_unreadable`).
 */
export function readJsonKey(text: string): JsonKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new KeyError('key_unreadable', 'the key looks like JSON but is not valid JSON', PRIVATE_KEY_HINT, { cause });
  }
  if (isRecord(parsed) && typeof parsed.private_key === 'string') {
    const id = parsed.private_key_id;
    return { kind: 'pem', pem: parsed.private_key, ...(typeof id === 'string' && id !== '' ? { kid: id } : {}) };
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
        'import a single private JWK (the one whose public half the server registered)',
      );
    }
    jwk = privates[0];
  }
  if (!isRecord(jwk)) {
    const hint = `${PRIVATE_KEY_HINT}, or a service-account JSON with "private_key"`;
    throw new KeyError('key_unreadable', 'the JSON is not a JWK object', hint);
  }
  return { kind: 'jwk', ...readJwk(jwk) };
}

function readJwk(jwk: Record<string, unknown>): {
  key: KeyObject;
  kid?: string;
  alg?: SigningAlg;
  certificates: X509Certificate[];
} {
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
  checkPurpose(jwk);
  const alg = jwkAlg(jwk.alg);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch (cause) {
    throw new KeyError('key_unreadable', `the ${jwk.kty} JWK has missing or malformed members`, PRIVATE_KEY_HINT, {
      cause,
    });
  }
  const out: { key: KeyObject; kid?: string; alg?: SigningAlg; certificates: X509Certificate[] } = {
    key,
    certificates: x5cCertificates(jwk.x5c),
  };
  if (typeof jwk.kid === 'string' && jwk.kid !== '') out.kid = jwk.kid;
  if (alg) out.alg = alg;
  return out;
}

/** RFC 7517 §4.2-4.3: a key marked `use: enc`, or whose `key_ops` lack `sign`, is not for signing assertions. */
function checkPurpose(jwk: Record<string, unknown>): void {
  const hint = 'use the signing key the server registered (its JWK has "use": "sig" or no "use" at all)';
  if (jwk.use !== undefined && jwk.use !== 'sig') {
    throw new KeyError('key_not_for_signing', `this JWK is marked "use": ${short(jwk.use)}, not for signing`, hint);
  }
  if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('sign')) {
    throw new KeyError('key_not_for_signing', 'this JWK\'s "key_ops" do not include "sign"', hint);
  }
}

/** The JWK's `alg` when it is one this client signs with; undefined when absent; KeyError for anything else. */
function jwkAlg(alg: unknown): SigningAlg | undefined {
  if (alg === undefined) return undefined;
  if (isSigningAlg(alg)) return alg;
  throw new KeyError(
    'key_jwk_alg_unsupported',
    `this JWK says "alg": ${short(alg)}, which is not an asymmetric signing algorithm for a client assertion`,
    'remove "alg" from the JWK, or use a key meant for RS*, PS*, ES* or EdDSA signatures',
  );
}

/** RFC 7517 §4.7: `x5c` is an array of standard-base64 DER certificates, the one for this key first. */
function x5cCertificates(x5c: unknown): X509Certificate[] {
  if (x5c === undefined) return [];
  const hint = 'remove "x5c" from the JWK, or fix it: standard base64 DER certificates, the key\'s own first';
  if (!Array.isArray(x5c) || x5c.length === 0) {
    throw new KeyError('certificate_unreadable', 'the JWK\'s "x5c" is not a list of certificates', hint);
  }
  return x5c.map((item, i) => {
    try {
      if (typeof item !== 'string') throw new TypeError('not a string');
      return new X509Certificate(Buffer.from(item, 'base64'));
    } catch (cause) {
      throw new KeyError('certificate_unreadable', `certificate ${i + 1} of the JWK's "x5c" cannot be read`, hint, {
        cause,
      });
    }
  });
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
