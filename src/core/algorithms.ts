/**
 * The signing algorithms a client assertion may use (RFC 7518 §3, RFC 8037) and what each one needs.
 * Only asymmetric algorithms are here: `none` is an unsigned token and HS* is client_secret_jwt
 * (a shared secret), neither of which is private_key_jwt.
 */
import { ConfigError } from './errors';

/** Every algorithm Client Creds signs and verifies with, in the order shown to users. */
export const SIGNING_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

/** One of {@link SIGNING_ALGS}. */
export type SigningAlg = (typeof SIGNING_ALGS)[number];

/** The node:crypto digest behind an RS*, PS* or ES* algorithm. */
export type DigestName = 'sha256' | 'sha384' | 'sha512';

/** True when `x` is exactly one of {@link SIGNING_ALGS} (case-sensitive, as in a JOSE header). */
export function isSigningAlg(x: unknown): x is SigningAlg {
  return typeof x === 'string' && (SIGNING_ALGS as readonly string[]).includes(x);
}

/**
 * Reads an algorithm name typed by a user (case-insensitive: `ps256` gives `PS256`).
 * Refuses `none`, HS*, and anything else outside {@link SIGNING_ALGS} with ConfigError `unsupported_alg`
 * whose message explains why.
 */
export function parseSigningAlg(x: string): SigningAlg {
  const text = String(x).trim();
  const match = SIGNING_ALGS.find((alg) => alg.toLowerCase() === text.toLowerCase());
  if (match) return match;
  const allowed = SIGNING_ALGS.join(', ');
  if (text.toLowerCase() === 'none') {
    throw new ConfigError(
      'unsupported_alg',
      'alg "none" means an unsigned assertion; no server accepts it for private_key_jwt',
      `choose one of ${allowed}`,
    );
  }
  if (/^hs(256|384|512)$/i.test(text)) {
    throw new ConfigError(
      'unsupported_alg',
      `alg "${text.toUpperCase()}" signs with a shared secret (client_secret_jwt), not a private key`,
      `private_key_jwt needs an asymmetric algorithm: ${allowed}`,
    );
  }
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  throw new ConfigError('unsupported_alg', `alg "${shown}" is not supported`, `choose one of ${allowed}`);
}

/** The digest an algorithm hashes with; `undefined` for EdDSA (node:crypto signs Ed25519 with a null digest). */
export function digestOf(alg: SigningAlg): DigestName | undefined {
  if (alg === 'EdDSA') return undefined;
  return `sha${alg.slice(2)}` as DigestName;
}

/** Length in bytes of the digest of `alg` (the RSA-PSS salt length, RFC 7518 §3.5). */
export function digestLength(alg: SigningAlg): number {
  return alg === 'EdDSA' ? 64 : Number(alg.slice(2)) / 8;
}

/** The named curve an ES* algorithm requires (RFC 7518 §3.4), in JOSE spelling. */
export function curveOf(alg: 'ES256' | 'ES384' | 'ES512'): 'P-256' | 'P-384' | 'P-521' {
  return alg === 'ES256' ? 'P-256' : alg === 'ES384' ? 'P-384' : 'P-521';
}
