/**
 * The RFC 7523 client assertion: claims, header, signature (node:crypto, synchronous), and a lint that points out
 * what a token endpoint is likely to refuse.
 */
import { constants as cryptoConstants, type KeyObject, randomUUID, sign } from 'node:crypto';
import { digestLength, digestOf, isSigningAlg, parseSigningAlg, type SigningAlg } from './algorithms';
import type { ThumbprintHeader } from './certificate';
import { ConfigError, KeyError } from './errors';
import { assertKeyFitsAlg } from './keyDescription';

/** How `exp` is written: RFC 7519 NumericDate seconds, or milliseconds as Jack Henry's documentation and helper do. */
export type ExpUnit = 'seconds' | 'milliseconds';

/** Everything that shapes one assertion. `lifetimeSeconds` is 1..300 (60 is the usual choice). */
export interface AssertionOptions {
  clientId: string;
  audience: string | string[];
  alg: SigningAlg;
  expUnit: ExpUnit;
  lifetimeSeconds: number;
  kid?: string;
  /** Adds `typ: client-authentication+jwt` (draft-ietf-oauth-rfc7523bis). */
  typ?: boolean;
  /** Certificate thumbprint members (`x5t#S256`, RFC 7515 §4.1.8; `x5t`, §4.1.7), from certificateHeader(). */
  thumbprints?: ThumbprintHeader;
  /** Clock in milliseconds; Date.now by default. */
  now?: () => number;
}

/** The protected header of an assertion. */
export type AssertionHeader = { alg: SigningAlg; typ?: typeof ASSERTION_TYP; kid?: string } & ThumbprintHeader;

/** The claims of an assertion; `iat` is present only when `exp` is in seconds. */
export type AssertionClaims = {
  iss: string;
  sub: string;
  aud: string | string[];
  jti: string;
  iat?: number;
  exp: number;
};

/** A signed assertion with the header and claims it carries. */
export interface SignedAssertion {
  jwt: string;
  header: AssertionHeader;
  payload: AssertionClaims;
}

/** One lint result: `error` = a server will very likely refuse it, `warning` = some will, `info` = worth knowing. */
export interface LintFinding {
  level: 'error' | 'warning' | 'info';
  code: string;
  message: string;
}

/** The explicit type of a client assertion (draft-ietf-oauth-rfc7523bis). */
export const ASSERTION_TYP = 'client-authentication+jwt';
/** The longest lifetime offered: Jack Henry asks for at most 5 minutes, and short assertions limit replay. */
export const MAX_LIFETIME_SECONDS = 300;
/** Values above this are milliseconds: 1e11 seconds is the year 5138, 1e11 milliseconds is 1973. */
export const MILLISECONDS_THRESHOLD = 1e11;

/**
 * Builds the header and claims: iss = sub = client id, a fresh crypto.randomUUID() `jti` on every call, and
 * `exp` = now + lifetime in the chosen unit. With seconds the payload also has `iat`; with milliseconds it is exactly
 * `{jti, aud, sub, iss, exp}`, as Jack Henry's helper sends. Refuses (ConfigError) an empty client id or audience,
 * an unknown alg or unit, and a lifetime outside 1..300 whole seconds.
 */
export function buildAssertionClaims(opts: AssertionOptions): { header: AssertionHeader; payload: AssertionClaims } {
  const { clientId, audience, expUnit, lifetimeSeconds } = opts;
  if (typeof clientId !== 'string' || clientId.trim() === '') {
    throw new ConfigError('missing_client_id', 'the client id is empty', 'set the client id the server registered');
  }
  const audOk =
    (typeof audience === 'string' && audience !== '') ||
    (Array.isArray(audience) && audience.length > 0 && audience.every((a) => typeof a === 'string' && a !== ''));
  if (!audOk) {
    throw new ConfigError(
      'missing_audience',
      'the assertion audience is empty',
      'use the token endpoint URL or the issuer',
    );
  }
  const alg = isSigningAlg(opts.alg) ? opts.alg : parseSigningAlg(String(opts.alg));
  if (expUnit !== 'seconds' && expUnit !== 'milliseconds') {
    throw new ConfigError(
      'invalid_exp_unit',
      `exp unit "${String(expUnit)}" is unknown`,
      'use seconds or milliseconds',
    );
  }
  if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds < 1 || lifetimeSeconds > MAX_LIFETIME_SECONDS) {
    throw new ConfigError(
      'invalid_lifetime',
      `assertion lifetime ${String(lifetimeSeconds)} is outside 1..${MAX_LIFETIME_SECONDS} whole seconds`,
      'use 60 unless the server asks otherwise',
    );
  }
  const header: AssertionHeader = { alg };
  if (opts.typ) header.typ = ASSERTION_TYP;
  if (opts.kid) header.kid = opts.kid;
  if (opts.thumbprints?.x5t) header.x5t = opts.thumbprints.x5t;
  if (opts.thumbprints?.['x5t#S256']) header['x5t#S256'] = opts.thumbprints['x5t#S256'];
  const nowMs = (opts.now ?? Date.now)();
  const jti = randomUUID();
  if (expUnit === 'milliseconds') {
    return {
      header,
      payload: { jti, aud: audience, sub: clientId, iss: clientId, exp: nowMs + lifetimeSeconds * 1000 },
    };
  }
  const iat = Math.floor(nowMs / 1000);
  return { header, payload: { iss: clientId, sub: clientId, aud: audience, jti, iat, exp: iat + lifetimeSeconds } };
}

/**
 * Builds and signs an assertion (synchronous node:crypto). Checks first that `key` is a private key that fits
 * `opts.alg` (KeyError `key_alg_mismatch`, `key_too_small`, `key_is_public`).
 */
export function signAssertion(key: KeyObject, opts: AssertionOptions): SignedAssertion {
  if (key.type !== 'private') {
    throw new KeyError(
      'key_is_public',
      'a client assertion must be signed with the private key',
      'import the private key',
    );
  }
  assertKeyFitsAlg(key, opts.alg);
  const { header, payload } = buildAssertionClaims(opts);
  return { jwt: signCompact(key, header, payload), header, payload };
}

/**
 * Signs `payload` as a compact JWS: RS* PKCS#1 v1.5; PS* RSA-PSS with MGF1 and salt length = hash length
 * (RFC 7518 §3.5); ES* as raw r||s (IEEE P1363, RFC 7518 §3.4); EdDSA with Ed25519. Does not check the key; use
 * {@link signAssertion} for that.
 */
export function signCompact(key: KeyObject, header: { alg: SigningAlg }, payload: Record<string, unknown>): string {
  const input = `${base64urlJson(header)}.${base64urlJson(payload)}`;
  const data = Buffer.from(input);
  const { alg } = header;
  const digest = digestOf(alg) ?? null;
  let signature: Buffer;
  if (alg.startsWith('PS')) {
    signature = sign(digest, data, {
      key,
      padding: cryptoConstants.RSA_PKCS1_PSS_PADDING,
      saltLength: digestLength(alg),
    });
  } else if (alg.startsWith('ES')) {
    signature = sign(digest, data, { key, dsaEncoding: 'ieee-p1363' });
  } else if (alg.startsWith('RS')) {
    signature = sign(digest, data, { key, padding: cryptoConstants.RSA_PKCS1_PADDING });
  } else {
    signature = sign(null, data, key);
  }
  return `${input}.${signature.toString('base64url')}`;
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * Points out what a token endpoint is likely to refuse in an assertion's header and claims: alg none, HS* or unknown,
 * iss != sub, missing jti/aud/exp, exp in the other time unit, expired, lifetime over 300 s, exp far ahead, iat or
 * nbf in the future, an aud that is neither the token endpoint nor the issuer, several audiences. Never throws.
 */
export function lintAssertion(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  ctx: { tokenEndpoint?: string; issuer?: string; nowMs?: number; expUnit?: ExpUnit } = {},
): LintFinding[] {
  const out: LintFinding[] = [];
  const add = (level: LintFinding['level'], code: string, message: string) => out.push({ level, code, message });
  const nowMs = ctx.nowMs ?? Date.now();

  const alg = header.alg;
  if (typeof alg !== 'string' || alg === '') add('error', 'alg_missing', 'the header has no "alg"');
  else if (alg.toLowerCase() === 'none') add('error', 'alg_none', 'alg "none" is an unsigned token; servers refuse it');
  else if (/^HS\d+$/i.test(alg)) {
    add('error', 'alg_hmac', `alg ${alg} is client_secret_jwt (shared secret), not private_key_jwt`);
  } else if (!isSigningAlg(alg))
    add('error', 'alg_unsupported', `alg "${short(alg)}" is not a JOSE signing algorithm here`);
  if (header.typ !== undefined && header.typ !== 'JWT' && header.typ !== ASSERTION_TYP) {
    add('warning', 'typ_unexpected', `header typ "${short(String(header.typ))}" is neither JWT nor ${ASSERTION_TYP}`);
  }

  const { iss, sub, jti, aud } = payload;
  if (typeof iss !== 'string' || iss === '') add('error', 'iss_missing', 'no "iss" claim: it must be the client id');
  if (typeof sub !== 'string' || sub === '') add('error', 'sub_missing', 'no "sub" claim: it must be the client id');
  if (typeof iss === 'string' && typeof sub === 'string' && iss !== '' && sub !== '' && iss !== sub) {
    add('error', 'iss_sub_mismatch', '"iss" and "sub" differ; both must be the client id (RFC 7523 §3)');
  }
  if (typeof jti !== 'string' || jti === '') {
    add('error', 'jti_missing', 'no "jti": most servers require a unique id to stop replays');
  }
  lintAudience(aud, ctx, add);
  lintTimes(payload, nowMs, ctx.expUnit, add);
  return out;
}

type Add = (level: LintFinding['level'], code: string, message: string) => void;

function lintAudience(aud: unknown, ctx: { tokenEndpoint?: string; issuer?: string }, add: Add): void {
  const values = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a) => typeof a === 'string') : [];
  if (values.length === 0 || values.includes('')) {
    add('error', 'aud_missing', 'no "aud": it must name the server (token endpoint URL or issuer)');
    return;
  }
  if (Array.isArray(aud) && aud.length > 1) {
    add('warning', 'aud_multiple', `"aud" lists ${aud.length} values; rfc7523bis and FAPI 2.0 require a single string`);
  } else if (Array.isArray(aud)) {
    add('info', 'aud_array', '"aud" is an array of one; some servers want a plain string');
  }
  const expected = [ctx.tokenEndpoint, ctx.issuer].filter((x): x is string => typeof x === 'string' && x !== '');
  if (expected.length === 0 || values.some((v) => expected.includes(v))) return;
  const nearMiss = values.some((v) => expected.some((e) => e.replace(/\/+$/, '') === v.replace(/\/+$/, '')));
  add(
    'warning',
    'aud_mismatch',
    nearMiss
      ? '"aud" differs from the token endpoint / issuer only by a trailing slash; servers compare exactly'
      : '"aud" is neither the token endpoint URL nor the issuer; the server will likely answer invalid_client',
  );
}

function lintTimes(payload: Record<string, unknown>, nowMs: number, expected: ExpUnit | undefined, add: Add): void {
  const { exp, iat, nbf } = payload;
  const toMs = (v: number) => (v > MILLISECONDS_THRESHOLD ? v : v * 1000);
  if (exp === undefined) {
    add('error', 'exp_missing', 'no "exp": an assertion must expire');
  } else if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    add('error', 'exp_not_number', '"exp" is not a number');
  } else {
    const unit: ExpUnit = exp > MILLISECONDS_THRESHOLD ? 'milliseconds' : 'seconds';
    if (expected && unit !== expected) {
      add(
        'error',
        'exp_unit_mismatch',
        `"exp" is in ${unit} but this server expects ${expected}` +
          (expected === 'seconds' ? ' (RFC 7519 NumericDate)' : ' (as Jack Henry documents)'),
      );
    } else if (!expected && unit === 'milliseconds') {
      add(
        'warning',
        'exp_milliseconds',
        '"exp" is in milliseconds; RFC 7519 servers read seconds and see a date far ahead',
      );
    }
    const expMs = toMs(exp);
    const startMs = typeof iat === 'number' && Number.isFinite(iat) ? toMs(iat) : nowMs;
    if (expMs <= nowMs) add('error', 'expired', `the assertion expired ${Math.round((nowMs - expMs) / 1000)} s ago`);
    else if (expMs - nowMs > 86_400_000)
      add('error', 'exp_far_future', '"exp" is more than a day ahead; servers refuse it');
    else if (expMs - startMs > MAX_LIFETIME_SECONDS * 1000) {
      add(
        'warning',
        'lifetime_too_long',
        `lifetime ${Math.round((expMs - startMs) / 1000)} s is over ${MAX_LIFETIME_SECONDS} s`,
      );
    }
    if (typeof iat === 'number' && iat > MILLISECONDS_THRESHOLD !== (unit === 'milliseconds')) {
      add('error', 'iat_unit_mismatch', '"iat" and "exp" use different time units');
    }
  }
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat))) {
    add('error', 'iat_not_number', '"iat" is not a number');
  } else if (typeof iat === 'number' && toMs(iat) > nowMs + 60_000) {
    add('warning', 'iat_future', '"iat" is in the future; check the clock');
  }
  if (typeof nbf === 'number' && toMs(nbf) > nowMs + 60_000) {
    add('warning', 'nbf_future', '"nbf" is in the future; the server will not accept it yet');
  }
}

function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
