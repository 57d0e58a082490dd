/**
 * The public half of a key in the forms a server registers: SPKI PEM, a JWK or JWKS with `kid` = RFC 7638
 * thumbprint, and the thumbprint itself; plus the private key as unencrypted PKCS#8 PEM for storage.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { SigningAlg } from './algorithms';
import { KeyError } from './errors';
import { assertKeyFitsAlg, describeKey, KEYGEN_HINT, unsupportedKeyMessage } from './keyDescription';

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
  if (key.type === 'secret') throw new KeyError('key_unsupported', unsupportedKeyMessage(undefined), KEYGEN_HINT);
  return key.type === 'public' ? key : createPublicKey(key);
}
