/**
 * Profiles: the non-secret settings of one client (who it is, where it gets tokens, how its assertion looks, what
 * else the request carries), starting from one of the presets in presets.ts. Validation reports every problem, one
 * line each.
 */
import { isSigningAlg, SIGNING_ALGS, type SigningAlg } from './algorithms';
import type { ExpUnit } from './assertion';
import { X5T_CHOICES, type X5tChoice } from './certificate';
import { ConfigError, isClientCredsError } from './errors';
import { isPresetId, PRESET_IDS, PRESETS, type PresetId } from './presets';
import { extraParamsProblems } from './requestParams';
import { assertAllowedUrl } from './urlPolicy';

export { JACK_HENRY_TOKEN_URL, PRESETS, type PresetId } from './presets';

/** Which `aud` the assertion carries: the token endpoint URL, the issuer identifier, or an explicit value. */
export type AudienceChoice = 'token-endpoint' | 'issuer' | { value: string };

/** Everything needed to get a token except the private key. */
export interface Profile {
  name: string;
  preset: PresetId;
  clientId: string;
  tokenUrl?: string;
  issuer?: string;
  scope?: string;
  audience: AudienceChoice;
  expUnit: ExpUnit;
  lifetimeSeconds: number;
  alg: SigningAlg;
  kid?: string;
  typ?: boolean;
  /**
   * Where the certificate that comes with the key is found, when it is not in the key file itself: a file path
   * (CLI), or a reference the front resolves. Its thumbprint goes into the header (see `x5t`).
   */
  certificate?: string;
  /** Which certificate thumbprint the header carries when a certificate comes with the key; default `sha256`. */
  x5t?: X5tChoice;
  /** Request DPoP-bound tokens (RFC 9449): the token request carries a proof signed with the profile's DPoP key. */
  dpop?: boolean;
  /**
   * Where the client's public JWKS is published (the JWKS URI registered with the server instead of one key). The
   * assertion header then carries the signing key's RFC 7638 thumbprint as `kid`, and key rotation checks it.
   */
  clientJwksUri?: string;
  /** Send `client_id` in the form too (RFC 7521 §4.2 allows it; Spring Authorization Server requires it). */
  sendClientId?: boolean;
  /** Extra form parameters (RFC 8707 `resource`, Auth0's `audience`, …); never the grant's or the authentication's. */
  extraParams?: Record<string, string>;
  /** Seconds added to the local clock when writing `iat` and `exp`, for a machine whose clock is off (-3600..3600). */
  clockSkewSeconds?: number;
  /** Name of the private key the profile signs with (the extension's key store); the CLI takes a key file instead. */
  key?: string;
  /**
   * Key rotation through `clientJwksUri` (keySet.ts): the name of the next key, generated and waiting to be published
   * and promoted, or of the previous key, kept after a promotion until it is retired. Never both at once.
   */
  nextKey?: string;
  previousKey?: string;
}

const MAX_LIFETIME_SECONDS = 300;
/** C0 and C1 control characters: never part of a real client id (a pasted newline, tab or escape sequence). */
const CONTROL_CHAR = /\p{Cc}/u;
/** The largest clock skew a profile may correct for, in seconds (either way). */
export const MAX_CLOCK_SKEW_SECONDS = 3600;

/**
 * A profile from a preset and the fields given (undefined fields keep the preset's value). Refuses an invalid result
 * with ConfigError `invalid_profile` listing every problem.
 */
export function createProfile(
  preset: PresetId,
  fields: Partial<Profile> & { name: string; clientId: string },
): Profile {
  const merged: Record<string, unknown> = { ...PRESETS[preset]?.defaults };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) merged[key] = value;
  merged.preset = preset;
  const result = validateProfile(merged);
  if (!result.ok) {
    throw new ConfigError('invalid_profile', result.problems.join('; '), 'fix the settings named above');
  }
  return result.profile;
}

/**
 * Checks a profile read from settings or typed by a user. Missing optional fields take the preset's defaults
 * (`preset` defaults to generic); `audience` may be the settings string form (see {@link parseAudience}).
 * Returns every problem as one readable line, e.g. "lifetimeSeconds: must be 1..300".
 */
export function validateProfile(input: unknown): { ok: true; profile: Profile } | { ok: false; problems: string[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: ['profile: must be an object'] };
  }
  const raw = input as Record<string, unknown>;
  const problems: string[] = [];

  let preset: PresetId = 'generic';
  if (raw.preset !== undefined) {
    if (isPresetId(raw.preset)) preset = raw.preset;
    else problems.push(`preset: must be one of ${PRESET_IDS.join(', ')}`);
  }
  const defaults: Partial<Omit<Profile, 'name' | 'clientId'>> = PRESETS[preset].defaults;
  const pick = (key: keyof typeof defaults) => (raw[key] === undefined ? defaults[key] : raw[key]);

  const name = typeof raw.name === 'string' ? raw.name.trim() : '';
  if (name === '') problems.push('name: required');

  const clientId = typeof raw.clientId === 'string' ? raw.clientId.trim() : '';
  if (clientId === '') problems.push('clientId: required — the client id the admin got from Users & Groups');
  // RFC 7523 iss/sub are any strings, but no issued client id holds a newline, tab or escape: it is a paste mistake.
  else if (CONTROL_CHAR.test(clientId))
    problems.push('clientId: must not contain control characters (newline, tab, escape)');

  const tokenUrl = optionalString(pick('tokenUrl'), 'tokenUrl', problems);
  if (tokenUrl !== undefined) checkUrl(tokenUrl, 'tokenUrl', problems);
  const issuer = optionalString(pick('issuer'), 'issuer', problems);
  if (issuer !== undefined) {
    checkUrl(issuer, 'issuer', problems);
    if (issuer.includes('?')) problems.push('issuer: must not contain a ?query');
  }
  if (tokenUrl === undefined && issuer === undefined && !problems.some((p) => /^(tokenUrl|issuer):/.test(p))) {
    problems.push('tokenUrl or issuer: one is required (an issuer finds the token URL by discovery)');
  }

  const scope = optionalString(pick('scope'), 'scope', problems);

  let audience: AudienceChoice | undefined;
  const rawAudience = pick('audience');
  if (typeof rawAudience === 'string' && rawAudience.trim() !== '') audience = parseAudience(rawAudience);
  else if (isExplicitAudience(rawAudience)) audience = { value: rawAudience.value.trim() };
  else problems.push('audience: must be token-endpoint, issuer, or an explicit value');
  if (audience === 'issuer' && issuer === undefined) {
    problems.push('audience: "issuer" needs an issuer (set the issuer, or use audience token-endpoint)');
  }

  const expUnit = pick('expUnit');
  if (expUnit !== 'seconds' && expUnit !== 'milliseconds') problems.push('expUnit: must be seconds or milliseconds');

  const lifetimeSeconds = pick('lifetimeSeconds');
  if (
    !(
      Number.isInteger(lifetimeSeconds) &&
      (lifetimeSeconds as number) >= 1 &&
      (lifetimeSeconds as number) <= MAX_LIFETIME_SECONDS
    )
  ) {
    problems.push(`lifetimeSeconds: must be 1..${MAX_LIFETIME_SECONDS}`);
  }

  const alg = pick('alg');
  if (!isSigningAlg(alg)) {
    problems.push(`alg: must be one of ${SIGNING_ALGS.join(', ')} (none and HS* are never allowed)`);
  }

  const kid = optionalString(raw.kid, 'kid', problems);
  const key = optionalString(raw.key, 'key', problems);
  const nextKey = optionalString(raw.nextKey, 'nextKey', problems);
  const previousKey = optionalString(raw.previousKey, 'previousKey', problems);
  if (nextKey !== undefined && previousKey !== undefined) {
    problems.push(
      'nextKey, previousKey: a profile has a next key or a previous key, not both (retire the previous key first)',
    );
  }
  for (const [field, other] of [
    ['nextKey', nextKey],
    ['previousKey', previousKey],
  ] as const) {
    if (other !== undefined && other === key) problems.push(`${field}: must be another key than \`key\``);
  }
  if (raw.typ !== undefined && typeof raw.typ !== 'boolean') problems.push('typ: must be true or false');
  const typ = pick('typ');
  const sendClientId = pick('sendClientId');
  if (sendClientId !== undefined && typeof sendClientId !== 'boolean') {
    problems.push('sendClientId: must be true or false');
  }
  problems.push(...extraParamsProblems(raw.extraParams));
  const clockSkew = raw.clockSkewSeconds;
  if (
    clockSkew !== undefined &&
    !(Number.isInteger(clockSkew) && Math.abs(clockSkew as number) <= MAX_CLOCK_SKEW_SECONDS)
  ) {
    problems.push(
      `clockSkewSeconds: must be a whole number from -${MAX_CLOCK_SKEW_SECONDS} to ${MAX_CLOCK_SKEW_SECONDS}`,
    );
  }
  const certificate = optionalString(raw.certificate, 'certificate', problems);
  const x5t = optionalString(raw.x5t, 'x5t', problems);
  if (x5t !== undefined && !(X5T_CHOICES as readonly string[]).includes(x5t)) {
    problems.push(`x5t: must be one of ${X5T_CHOICES.join(', ')}`);
  }
  if (raw.dpop !== undefined && typeof raw.dpop !== 'boolean') problems.push('dpop: must be true or false');
  const clientJwksUri = optionalString(raw.clientJwksUri, 'clientJwksUri', problems);
  if (clientJwksUri !== undefined) checkUrl(clientJwksUri, 'clientJwksUri', problems);

  if (problems.length > 0) return { ok: false, problems };
  const profile: Profile = {
    name,
    preset,
    clientId,
    audience: audience as AudienceChoice,
    expUnit: expUnit as ExpUnit,
    lifetimeSeconds: lifetimeSeconds as number,
    alg: alg as SigningAlg,
  };
  if (tokenUrl !== undefined) profile.tokenUrl = tokenUrl;
  if (issuer !== undefined) profile.issuer = issuer;
  if (scope !== undefined) profile.scope = scope;
  if (kid !== undefined) profile.kid = kid;
  if (key !== undefined) profile.key = key;
  if (nextKey !== undefined) profile.nextKey = nextKey;
  if (previousKey !== undefined) profile.previousKey = previousKey;
  if (typeof typ === 'boolean') profile.typ = typ;
  profile.sendClientId = sendClientId === true;
  const extra = raw.extraParams as Record<string, string> | undefined | null;
  if (extra && Object.keys(extra).length > 0) profile.extraParams = { ...extra };
  if (typeof clockSkew === 'number' && clockSkew !== 0) profile.clockSkewSeconds = clockSkew;
  if (certificate !== undefined) profile.certificate = certificate;
  if (x5t !== undefined) profile.x5t = x5t as X5tChoice;
  if (typeof raw.dpop === 'boolean') profile.dpop = raw.dpop;
  if (clientJwksUri !== undefined) profile.clientJwksUri = clientJwksUri;
  return { ok: true, profile };
}

/**
 * Reads an audience as typed in a flag or stored in settings: `token-endpoint`, `issuer`, or anything else as an
 * explicit value. Refuses an empty text (ConfigError `invalid_audience`).
 */
export function parseAudience(text: string): AudienceChoice {
  const value = text.trim();
  if (value === '')
    throw new ConfigError('invalid_audience', 'audience: empty', 'use token-endpoint, issuer, or a value');
  if (value === 'token-endpoint' || value === 'issuer') return value;
  return { value };
}

/**
 * Reads a clock skew as typed in a flag: a whole number of seconds, negative when the local clock is ahead, at most
 * {@link MAX_CLOCK_SKEW_SECONDS} either way. Refuses anything else (ConfigError `invalid_clock_skew`).
 */
export function parseClockSkew(text: string): number {
  const value = text.trim();
  const n = Number(value);
  if (!/^[+-]?\d+$/.test(value) || Math.abs(n) > MAX_CLOCK_SKEW_SECONDS) {
    throw new ConfigError(
      'invalid_clock_skew',
      `clockSkewSeconds: must be a whole number of seconds from -${MAX_CLOCK_SKEW_SECONDS} to ${MAX_CLOCK_SKEW_SECONDS} (got "${value.slice(0, 20)}")`,
      'give the server clock minus yours, e.g. -120 when your clock is two minutes ahead',
    );
  }
  return n === 0 ? 0 : n;
}

/** The settings string form of an audience choice (the inverse of {@link parseAudience}). */
export function formatAudience(choice: AudienceChoice): string {
  return typeof choice === 'string' ? choice : choice.value;
}

function isExplicitAudience(x: unknown): x is { value: string } {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { value?: unknown }).value === 'string' &&
    (x as { value: string }).value.trim() !== ''
  );
}

// Settings store "not set" as an empty string as often as by leaving the key out; both mean absent.
function optionalString(value: unknown, field: string, problems: string[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    problems.push(`${field}: must be text`);
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function checkUrl(url: string, field: string, problems: string[]): void {
  try {
    assertAllowedUrl(url, field);
  } catch (err) {
    if (!isClientCredsError(err)) throw err;
    problems.push(err.message);
  }
}
