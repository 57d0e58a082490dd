/**
 * Decoding of JWTs that come from anywhere (token responses, pasted text, the editor): strict base64url, JSON objects
 * only, a size cap, JWE recognised. Nothing here checks a signature (see verify.ts). Also the time formatting shared
 * by the claims view, the CLI and the status bar countdown.
 */
import { JwtError } from './errors';

/** A JWS whose header and payload are JSON objects. `signature` is the third segment as given (base64url). */
export interface DecodedJwt {
  kind: 'jwt';
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
}
/** A token that is not a readable JWT; `encrypted` when it is a JWE, `note` says why it is not a JWT when that helps. */
export interface OpaqueToken {
  kind: 'opaque';
  length: number;
  encrypted?: boolean;
  note?: string;
}
/** Either a decoded JWT or an opaque token. */
export type DecodedToken = DecodedJwt | OpaqueToken;

/** A time claim read as a date: seconds (RFC 7519 NumericDate) or, for values above 1e11, milliseconds. */
export interface TimeClaim {
  name: 'exp' | 'iat' | 'nbf' | 'auth_time';
  raw: number;
  unit: 'seconds' | 'milliseconds';
  date: Date;
  relative: string;
}

/**
 * Longest token text decoded or verified. Token responses are capped at 1 MiB by the HTTP client, and the claims view
 * must still show a token carrying a 1 MB claim (about 1.4 MB of base64url), so 2 MiB leaves room for that while
 * refusing arbitrarily large pasted text before any base64 or JSON work.
 */
export const MAX_TOKEN_CHARS = 2 * 1024 * 1024;

const TIME_CLAIMS: TimeClaim['name'][] = ['exp', 'iat', 'nbf', 'auth_time'];
const MS_THRESHOLD = 1e11;
const MAX_DATE_MS = 8.64e15;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Strict base64url (RFC 7515 §2): only `A-Z a-z 0-9 - _`, no padding, no whitespace, and canonical (unused bits
 * zero), so a token has exactly one spelling. Returns undefined for anything else.
 */
export function decodeBase64url(segment: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(segment) || segment.length % 4 === 1) return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : undefined;
}

/** Parses one segment as a UTF-8 JSON object; undefined when it is not base64url, not UTF-8, not JSON or not an object. */
export function decodeJsonSegment(segment: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64url(segment);
  if (!bytes || bytes.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(utf8.decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** True for three dot-separated segments whose first decodes to a JSON object with a string `alg`. Never throws. */
export function looksLikeJwt(text: string): boolean {
  if (typeof text !== 'string') return false;
  const t = normalize(text);
  if (t.length > MAX_TOKEN_CHARS) return false;
  const parts = t.split('.');
  return parts.length === 3 && typeof decodeJsonSegment(parts[0] ?? '')?.alg === 'string';
}

/**
 * True when `text` has the shape of a JWS compact serialization (RFC 7515 §7.1), readable or not: three
 * dot-separated base64url parts, or dot-separated parts whose first decodes to a JSON header with `alg` (a token cut
 * after its payload). A token without dots is opaque, never JWS-shaped. A 5-part JWE is not JWS-shaped.
 */
export function jwsShaped(text: string): boolean {
  if (typeof text !== 'string') return false;
  const t = normalize(text);
  if (t.length > MAX_TOKEN_CHARS || !t.includes('.')) return false;
  const parts = t.split('.');
  if (parts.length === 3 && parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p))) return true;
  return parts.length < 5 && typeof decodeJsonSegment(parts[0] ?? '')?.alg === 'string';
}

/**
 * Decodes a JWS-form JWT without verifying it. Accepts surrounding whitespace and a leading `Bearer `. Refuses with
 * JwtError: `jwt_too_large` (over {@link MAX_TOKEN_CHARS}), `jwt_encrypted` (a 5-part JWE), `jwt_malformed` (wrong
 * part count, bad base64url, not UTF-8 JSON objects, no `alg`).
 */
export function decodeJwt(token: string): DecodedJwt {
  if (typeof token !== 'string') throw malformed('the token is not text');
  const t = normalize(token);
  if (t.length > MAX_TOKEN_CHARS) {
    throw new JwtError('jwt_too_large', `the token is ${t.length} characters; the limit is ${MAX_TOKEN_CHARS}`);
  }
  const parts = t.split('.');
  if (parts.length === 5) {
    throw new JwtError(
      'jwt_encrypted',
      'this is an encrypted JWT (JWE, 5 parts); only the holder of the decryption key can read its claims',
      'treat it as an opaque token; its lifetime comes from expires_in',
    );
  }
  if (parts.length !== 3) throw malformed(`expected 3 dot-separated parts, found ${parts.length}`);
  const [h = '', p = '', signature = ''] = parts;
  const header = decodeJsonSegment(h);
  if (!header) throw malformed('the header is not a base64url-encoded JSON object');
  if (typeof header.alg !== 'string') throw malformed('the header has no "alg"');
  const payload = decodeJsonSegment(p);
  if (!payload) throw malformed('the payload is not a base64url-encoded JSON object');
  if (!decodeBase64url(signature)) throw malformed('the signature is not base64url');
  return { kind: 'jwt', header, payload, signature };
}

/** A JWT when the text is a readable JWT, otherwise an opaque token (with `encrypted` for a JWE). Never throws. */
export function decodeToken(token: string): DecodedToken {
  const t = typeof token === 'string' ? normalize(token) : '';
  const parts = t.length <= MAX_TOKEN_CHARS ? t.split('.') : [];
  if (parts.length === 5 && typeof decodeJsonSegment(parts[0] ?? '')?.enc === 'string') {
    return { kind: 'opaque', length: t.length, encrypted: true, note: 'encrypted JWT (JWE)' };
  }
  if (!looksLikeJwt(t)) return { kind: 'opaque', length: t.length };
  try {
    return decodeJwt(t);
  } catch (e) {
    return { kind: 'opaque', length: t.length, note: e instanceof JwtError ? e.message : 'not a readable JWT' };
  }
}

/**
 * The `exp`, `iat`, `nbf` and `auth_time` claims that are finite numbers, as dates with a relative description.
 * Values above 1e11 are read as milliseconds (Jack Henry style). Values outside the JavaScript Date range are left out.
 */
export function timeClaims(payload: Record<string, unknown>, nowMs: number): TimeClaim[] {
  const out: TimeClaim[] = [];
  for (const name of TIME_CLAIMS) {
    const raw = payload[name];
    if (typeof raw !== 'number' || !Number.isFinite(raw)) continue;
    const unit = Math.abs(raw) > MS_THRESHOLD ? 'milliseconds' : 'seconds';
    const ms = unit === 'milliseconds' ? raw : raw * 1000;
    if (Math.abs(ms) > MAX_DATE_MS) continue;
    out.push({ name, raw, unit, date: new Date(ms), relative: formatRelative(ms, nowMs) });
  }
  return out;
}

/**
 * A countdown: '0:05', '9:41', '1:02:03', '2d 3:04:05'; negative durations get a leading '-'. Whole seconds rounded
 * up, so it shows '0:00' exactly when the time is up. Non-finite values or values beyond the Date range give '--:--'.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) return '--:--';
  const total = Math.ceil(ms / 1000) || 0;
  const { d, h, m, s } = split(Math.abs(total));
  const sign = total < 0 ? '-' : '';
  if (d > 0) return `${sign}${d}d ${h}:${pad(m)}:${pad(s)}`;
  if (h > 0) return `${sign}${h}:${pad(m)}:${pad(s)}`;
  return `${sign}${m}:${pad(s)}`;
}

/**
 * `targetMs` relative to `nowMs` in its two largest units: 'in 9m 41s', '2h 3m ago', '3m ago', 'in 4d 2h', 'now'
 * (same rounding as {@link formatDuration}). Gives 'unknown' for non-finite or out-of-range input.
 */
export function formatRelative(targetMs: number, nowMs: number): string {
  const diff = targetMs - nowMs;
  if (!Number.isFinite(diff) || Math.abs(diff) > 2 * MAX_DATE_MS) return 'unknown';
  const total = Math.ceil(diff / 1000) || 0;
  if (total === 0) return 'now';
  const { d, h, m, s } = split(Math.abs(total));
  const text = d > 0 ? two(d, 'd', h, 'h') : h > 0 ? two(h, 'h', m, 'm') : m > 0 ? two(m, 'm', s, 's') : `${s}s`;
  return total > 0 ? `in ${text}` : `${text} ago`;
}

function split(seconds: number): { d: number; h: number; m: number; s: number } {
  return {
    d: Math.floor(seconds / 86400),
    h: Math.floor((seconds % 86400) / 3600),
    m: Math.floor((seconds % 3600) / 60),
    s: seconds % 60,
  };
}

function two(a: number, au: string, b: number, bu: string): string {
  return b > 0 ? `${a}${au} ${b}${bu}` : `${a}${au}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function normalize(text: string): string {
  return text.trim().replace(/^Bearer\s+/i, '');
}

function malformed(why: string): JwtError {
  return new JwtError(
    'jwt_malformed',
    `not a readable JWT: ${why}`,
    'paste the whole token (header.payload.signature)',
  );
}
