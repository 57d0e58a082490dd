/**
 * What a private or public key is, as far as JOSE signing goes: its family, size or curve, a label a user
 * recognises, and the algorithms it can sign with. Also the refusals every key path shares (too small,
 * unsupported type), so import, alg checks and export word them the same way.
 */
import type { KeyObject } from 'node:crypto';
import { curveOf, digestLength, type SigningAlg } from './algorithms';
import { KeyError } from './errors';

/** The kind of key, as far as choosing an algorithm goes (RSA-PSS keys are `rsa`). */
export type KeyAlgFamily = 'rsa' | 'ec' | 'ed25519';
/** The EC curves JOSE signs with (RFC 7518 §3.4). */
export type EcCurve = 'P-256' | 'P-384' | 'P-521';

/** A key as a user would name it, and the algorithms it can sign with. */
export interface KeyDescription {
  family: KeyAlgFamily;
  bits?: number;
  curve?: EcCurve;
  algs: SigningAlg[];
  label: string;
}

/** RFC 7518 §3.3: RSA keys of 2048 bits or larger MUST be used with RS* and PS*. */
export const MIN_RSA_BITS = 2048;

const SUPPORTED = 'RSA (2048 bits or more), EC P-256/P-384/P-521, or Ed25519';
const GENERATE = '`client-creds keygen` or the "Client Creds: Generate Key Pair" command';
/** The hint of every refusal of a key type: which keys work, and how to generate one. */
export const KEYGEN_HINT = `use an ${SUPPORTED} private key, or generate one with ${GENERATE}`;
const RSA_ALGS: SigningAlg[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const PSS_ALGS: SigningAlg[] = ['PS256', 'PS384', 'PS512'];
const OPENSSL_CURVES: Record<string, EcCurve> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
const CURVE_ALG: Record<EcCurve, SigningAlg> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };

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
      throw new KeyError('key_unsupported', unsupportedKeyMessage(key.asymmetricKeyType), KEYGEN_HINT);
  }
}

/**
 * Throws KeyError `key_alg_mismatch` unless `key` can sign `alg` (RSA for RS* and PS*, the matching curve for ES*,
 * Ed25519 for EdDSA), naming the algorithms that do fit; `key_too_small` for RSA under 2048 bits.
 */
export function assertKeyFitsAlg(key: KeyObject, alg: SigningAlg): void {
  const desc = describeKey(key);
  if (desc.family === 'rsa' && (desc.bits ?? 0) < MIN_RSA_BITS) throw tooSmallKeyError(desc.bits);
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

/** KeyError `key_too_small` for an RSA key under {@link MIN_RSA_BITS}, with how to replace it. */
export function tooSmallKeyError(bits: number | undefined): KeyError {
  return new KeyError(
    'key_too_small',
    `the RSA key has ${bits ?? 'too few'} bits; at least ${MIN_RSA_BITS} are required (RFC 7518 §3.3)`,
    `generate a new key with ${GENERATE} and register its public key`,
  );
}

/** Why a key of this type (a node:crypto asymmetricKeyType; undefined for a secret key) cannot sign a JWT. */
export function unsupportedKeyMessage(type: string | undefined): string {
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
