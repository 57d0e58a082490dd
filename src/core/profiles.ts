/**
 * Profiles: the non-secret settings of one client (who it is, where it gets tokens, how its assertion looks), with
 * the presets users start from. `jack-henry` is exactly what Jack Henry's own helper sends; `generic` follows the
 * standards (issuer discovery, aud = issuer, exp in seconds). Validation reports every problem, one line each.
 */
import { isSigningAlg, SIGNING_ALGS, type SigningAlg } from './algorithms';
import type { ExpUnit } from './assertion';
import { ConfigError, isClientCredsError } from './errors';
import { assertAllowedUrl } from './urlPolicy';

/** The presets a profile can start from. */
export type PresetId = 'jack-henry' | 'generic';

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
  /** Name of the private key the profile signs with (the extension's key store); the CLI takes a key file instead. */
  key?: string;
}

/** Jack Henry's token endpoint, as its helper and documentation give it. */
export const JACK_HENRY_TOKEN_URL = 'https://login.jackhenry.com/a/oidc-provider/api/v0/token';

/** The presets, with what each one fills in. */
export const PRESETS: Record<
  PresetId,
  { label: string; description: string; defaults: Omit<Profile, 'name' | 'clientId'> }
> = {
  'jack-henry': {
    label: 'Jack Henry (Banno)',
    description:
      "What Jack Henry's helper sends: its token URL, scope openid, aud = token URL, exp in milliseconds, PS256",
    defaults: {
      preset: 'jack-henry',
      tokenUrl: JACK_HENRY_TOKEN_URL,
      scope: 'openid',
      audience: 'token-endpoint',
      expUnit: 'milliseconds',
      lifetimeSeconds: 60,
      alg: 'PS256',
    },
  },
  generic: {
    label: 'Any OAuth 2.0 server',
    description: 'Standard private_key_jwt: issuer discovery, aud = issuer, exp in seconds (RFC 7519), PS256',
    defaults: {
      preset: 'generic',
      audience: 'issuer',
      expUnit: 'seconds',
      lifetimeSeconds: 60,
      alg: 'PS256',
    },
  },
};

const PRESET_IDS = Object.keys(PRESETS) as PresetId[];
const MAX_LIFETIME_SECONDS = 300;

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
    if (typeof raw.preset === 'string' && (PRESET_IDS as string[]).includes(raw.preset))
      preset = raw.preset as PresetId;
    else problems.push(`preset: must be one of ${PRESET_IDS.join(', ')}`);
  }
  const defaults = PRESETS[preset].defaults;
  const pick = (key: keyof typeof defaults) => (raw[key] === undefined ? defaults[key] : raw[key]);

  const name = typeof raw.name === 'string' ? raw.name.trim() : '';
  if (name === '') problems.push('name: required');

  const clientId = typeof raw.clientId === 'string' ? raw.clientId.trim() : '';
  if (clientId === '') problems.push('clientId: required — the client id the admin got from Users & Groups');

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
  if (raw.typ !== undefined && typeof raw.typ !== 'boolean') problems.push('typ: must be true or false');

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
  if (typeof raw.typ === 'boolean') profile.typ = raw.typ;
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
