/**
 * DPoP proofs (RFC 9449 §4): a JWT signed with the client's DPoP key that binds one HTTP request (method and URL,
 * and the access token when one is sent) to that key. Every proof has a fresh `jti` and `iat`; the public key rides
 * in the header so the server can compute the RFC 7638 thumbprint that a bound token carries as `cnf.jkt`.
 *
 * The algorithms are an allow-list (RFC 9449 §4.2 forbids `none` and symmetric algorithms): ES256/384/512,
 * PS256/384/512 and EdDSA. RS256 is left out: PKCS#1 v1.5 signatures are what RFC 9449's examples and Jack Henry's
 * list avoid. ES256K (secp256k1, RFC 8812) is left out too: neither jose, which verifies here, nor the loopback
 * oidc-provider the tests run against supports it, so it could not be checked end to end; ES256, which every DPoP
 * server (Jack Henry included) takes, does the same job.
 */
import { createHash, type KeyObject, randomUUID } from 'node:crypto';
import { parseSigningAlg, type SigningAlg } from './algorithms';
import { signCompact } from './assertion';
import { ConfigError, KeyError } from './errors';
import { assertKeyFitsAlg, describeKey, KEYGEN_HINT } from './keyDescription';
import { publicJwk } from './keyExport';

/** The algorithms a DPoP proof may be signed with, in the order a key's default is picked. */
export const DPOP_SIGNING_ALGS = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'EdDSA'] as const;

/** One of {@link DPOP_SIGNING_ALGS}. */
export type DpopAlg = (typeof DPOP_SIGNING_ALGS)[number];

/** The `typ` header of every DPoP proof (RFC 9449 §4.2). */
export const DPOP_TYP = 'dpop+jwt';

/** The public members of the DPoP key, as carried in the proof header `jwk` (never a private member). */
export type DpopPublicJwk = { kty: 'RSA' | 'EC' | 'OKP'; crv?: string; x?: string; y?: string; n?: string; e?: string };

/** A private key ready to sign proofs: its alg, the header `jwk`, and its RFC 7638 thumbprint (the `cnf.jkt`). */
export interface DpopKey {
  readonly privateKey: KeyObject;
  readonly alg: DpopAlg;
  readonly jwk: Readonly<DpopPublicJwk>;
  readonly thumbprint: string;
}

/** The protected header of a proof. */
export interface DpopHeader {
  typ: typeof DPOP_TYP;
  alg: DpopAlg;
  jwk: DpopPublicJwk;
}

/** The claims of a proof (RFC 9449 §4.2); `iat` in seconds, `ath` and `nonce` only when given. */
export interface DpopClaims {
  jti: string;
  htm: string;
  htu: string;
  iat: number;
  ath?: string;
  nonce?: string;
}

/** A signed proof with what it carries. */
export interface DpopProof {
  jwt: string;
  header: DpopHeader;
  payload: DpopClaims;
}

/** What one proof binds: the request's method and URL, and the access token sent with it. */
export interface DpopProofOptions {
  /** The HTTP method, such as GET or POST (written upper case). */
  method: string;
  /** The request URL; query and fragment are dropped (RFC 9449 §4.3). */
  url: string;
  /** The access token the request carries in `Authorization: DPoP`; gives the `ath` claim. */
  accessToken?: string;
  /** The server's latest `DPoP-Nonce` (RFC 9449 §8). */
  nonce?: string;
  /** Clock in milliseconds; Date.now by default. */
  now?: () => number;
}

const ALLOWED = DPOP_SIGNING_ALGS.join(', ');
// RFC 9110 §5.6.2 token: what an HTTP method name may hold.
const METHOD_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/;
// RFC 9449 §7.1 / RFC 7235 token68: what an access token in `Authorization: DPoP` may hold.
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;
// RFC 9449 §8.1: nonce = 1*NQCHAR, NQCHAR = %x21 / %x23-5B / %x5D-7E.
const NONCE = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** Longest nonce accepted, in characters: RFC 9449 sets no limit, a server's nonce is a few dozen. */
export const MAX_NONCE_LENGTH = 2048;

/** True when `x` is exactly one of {@link DPOP_SIGNING_ALGS}. */
export function isDpopAlg(x: unknown): x is DpopAlg {
  return typeof x === 'string' && (DPOP_SIGNING_ALGS as readonly string[]).includes(x);
}

/**
 * Reads a DPoP proof algorithm typed by a user (case-insensitive). Refuses with ConfigError `unsupported_alg`:
 * `none` and HS* (as for assertions), RS256/384/512 (PKCS#1 v1.5, not offered for proofs), ES256K (secp256k1, not
 * supported) and anything else outside {@link DPOP_SIGNING_ALGS}.
 */
export function parseDpopAlg(text: string): DpopAlg {
  const trimmed = String(text).trim();
  if (/^es256k$/i.test(trimmed)) {
    throw new ConfigError(
      'unsupported_alg',
      'ES256K (secp256k1) is not supported for DPoP proofs',
      `use ES256 with an EC P-256 key (every DPoP server takes it), or one of ${ALLOWED}`,
    );
  }
  const alg: SigningAlg = parseSigningAlg(trimmed);
  if (isDpopAlg(alg)) return alg;
  throw new ConfigError(
    'unsupported_alg',
    `${alg} is not offered for DPoP proofs (RSA PKCS#1 v1.5 signatures are left out)`,
    `with an RSA key use PS256; the DPoP algorithms are ${ALLOWED}`,
  );
}

/**
 * The proof algorithm a key signs with when none is chosen: EC P-256 -> ES256, P-384 -> ES384, P-521 -> ES512,
 * RSA -> PS256 (a restricted RSA-PSS key: its own PS*), Ed25519 -> EdDSA. KeyError `key_unsupported` for a key no
 * DPoP algorithm fits.
 */
export function defaultDpopAlg(key: KeyObject): DpopAlg {
  const desc = describeKey(key);
  const alg = DPOP_SIGNING_ALGS.find((a) => desc.algs.includes(a));
  if (!alg)
    throw new KeyError('key_unsupported', `no DPoP algorithm can sign with this ${desc.label} key`, KEYGEN_HINT);
  return alg;
}

/**
 * Prepares a private key for signing proofs with `alg` (default {@link defaultDpopAlg}): checks it once and works
 * out the header `jwk` and the RFC 7638 thumbprint, so each proof costs one signature. Refuses with KeyError: a
 * public key (`key_is_public`), a key that does not fit the alg (`key_alg_mismatch`), RSA under 2048 bits
 * (`key_too_small`), unsupported key types (`key_unsupported`); ConfigError `unsupported_alg` for an alg outside
 * {@link DPOP_SIGNING_ALGS}.
 */
export function createDpopKey(privateKey: KeyObject, alg?: DpopAlg): DpopKey {
  if (privateKey.type !== 'private') {
    throw new KeyError('key_is_public', 'a DPoP proof must be signed with the private key', 'use the private key file');
  }
  const chosen = alg === undefined ? defaultDpopAlg(privateKey) : parseDpopAlg(alg);
  assertKeyFitsAlg(privateKey, chosen);
  const { kid, kty, crv, x, y, n, e } = publicJwk(privateKey);
  const jwk: DpopPublicJwk = { kty };
  // Only the public members of the key type; never kid or use, and never a private member.
  for (const [name, value] of Object.entries({ crv, x, y, n, e })) {
    if (value !== undefined) (jwk as Record<string, string>)[name] = value;
  }
  return { privateKey, alg: chosen, jwk: Object.freeze(jwk), thumbprint: kid };
}

/**
 * The `htu` of a request URL (RFC 9449 §4.2, §4.3): the absolute http(s) URL without query and fragment, in the
 * normal form of the WHATWG URL parser (lower-case scheme and host, no default port, "/" for an empty path).
 * Refuses (ConfigError `invalid_url`) what is not an absolute http(s) URL and a URL with user:password@. Error
 * text never repeats the URL, whose query may hold a secret.
 */
export function dpopHtu(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url).trim());
  } catch {
    throw new ConfigError(
      'invalid_url',
      'the DPoP target is not an absolute URL',
      'give the full request URL, such as https://api.example.com/v1/accounts',
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ConfigError('invalid_url', `the DPoP target must be an http(s) URL, not ${parsed.protocol}`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new ConfigError('invalid_url', 'the DPoP target must not contain user:password@', 'remove the credentials');
  }
  parsed.search = '';
  parsed.hash = '';
  return parsed.href;
}

/**
 * The `htm` of a request: the method as an RFC 9110 token, upper case (every registered method is upper case and
 * servers compare exactly). ConfigError `dpop_invalid_method` otherwise.
 */
export function dpopHtm(method: string): string {
  const text = String(method).trim();
  if (!METHOD_TOKEN.test(text)) {
    throw new ConfigError(
      'dpop_invalid_method',
      'the HTTP method for the DPoP proof is not a method name',
      'use GET, POST, PUT, PATCH or DELETE',
    );
  }
  return text.toUpperCase();
}

/**
 * The `ath` claim (RFC 9449 §4.2): base64url of the SHA-256 of the access token's ASCII bytes. Refuses (ConfigError
 * `dpop_invalid_access_token`) an empty token or one with characters a token68 cannot hold (spaces, a "Bearer "
 * prefix left in, non-ASCII); the message never holds the token.
 */
export function accessTokenHash(accessToken: string): string {
  if (typeof accessToken !== 'string' || !TOKEN68.test(accessToken)) {
    throw new ConfigError(
      'dpop_invalid_access_token',
      accessToken === '' ? 'the access token is empty' : 'the access token holds characters a token cannot hold',
      'give the access_token value alone, without "DPoP " or "Bearer " and without spaces',
    );
  }
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

/**
 * Checks a DPoP nonce (RFC 9449 §8.1: 1*NQCHAR, at most {@link MAX_NONCE_LENGTH} characters here) and returns it.
 * ConfigError `dpop_invalid_nonce` otherwise; the message never repeats the value.
 */
export function checkDpopNonce(nonce: string): string {
  if (typeof nonce !== 'string' || nonce.length > MAX_NONCE_LENGTH || !NONCE.test(nonce)) {
    throw new ConfigError(
      'dpop_invalid_nonce',
      'the DPoP nonce is not a valid nonce (RFC 9449 §8.1: visible ASCII without " or \\)',
      "give the server's DPoP-Nonce header value exactly",
    );
  }
  return nonce;
}

/**
 * Signs one DPoP proof (RFC 9449 §4.2): header `{typ: "dpop+jwt", alg, jwk}`, claims `jti` (a fresh
 * crypto.randomUUID() on every call), `htm`, `htu`, `iat` (seconds), `ath` when `accessToken` is given and `nonce`
 * when known. Throws the ConfigErrors of {@link dpopHtm}, {@link dpopHtu}, {@link accessTokenHash} and
 * {@link checkDpopNonce}.
 */
export function createDpopProof(key: DpopKey, opts: DpopProofOptions): DpopProof {
  const htm = dpopHtm(opts.method);
  const htu = dpopHtu(opts.url);
  const payload: DpopClaims = {
    jti: randomUUID(),
    htm,
    htu,
    iat: Math.floor((opts.now ?? Date.now)() / 1000),
  };
  if (opts.accessToken !== undefined) payload.ath = accessTokenHash(opts.accessToken);
  if (opts.nonce !== undefined) payload.nonce = checkDpopNonce(opts.nonce);
  const header: DpopHeader = { typ: DPOP_TYP, alg: key.alg, jwk: { ...key.jwk } };
  return { jwt: signCompact(key.privateKey, header, payload as unknown as Record<string, unknown>), header, payload };
}
