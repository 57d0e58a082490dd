/**
 * The presets a profile starts from, each with the defaults it fills in and the rules its server enforces (checked
 * by presetRules.ts before anything is sent). `jack-henry` is exactly what Jack Henry's helper sends; `generic` is
 * what most servers accept (aud = the token endpoint URL, as OpenID Connect Core §9 names it; exp in seconds; client_id
 * in the form, as openid-client and oauth4webapi send it); `issuer-audience` is draft-ietf-oauth-rfc7523bis and
 * FAPI 2.0 (aud = the issuer, `typ: client-authentication+jwt`); `entra-id` is Microsoft Entra ID's v2.0 endpoint.
 */
import type { SigningAlg } from './algorithms';
import { ConfigError } from './errors';

/** The presets a profile can start from. */
export type PresetId = 'jack-henry' | 'generic' | 'issuer-audience' | 'entra-id';

/** What a server refuses, as far as a client can tell before sending. */
export interface ServerRules {
  /** The server's name, for messages ("Jack Henry would refuse …"). */
  server: string;
  /** The only `alg` values the server accepts. */
  algs?: readonly SigningAlg[];
  /** The longest time, in seconds, that `exp` may lie ahead of the server's clock. */
  maxLifetimeSeconds?: number;
  /** The token request must carry a scope; `suffix` is what each scope value must end with. */
  scope?: { suffix?: string; example: string };
  /** The assertion header must name its certificate (`x5t#S256`, or `x5t` for older set-ups). */
  certificateThumbprint?: boolean;
}

/**
 * The profile fields a preset fills in: those of profiles.ts `Profile` that a preset sets (declared here, not taken
 * from `Profile`, so that presets.ts does not import profiles.ts, which imports it). Times in seconds.
 */
export interface PresetDefaults {
  preset: PresetId;
  tokenUrl?: string;
  scope?: string;
  audience: 'token-endpoint' | 'issuer';
  expUnit: 'seconds' | 'milliseconds';
  lifetimeSeconds: number;
  alg: SigningAlg;
  typ?: boolean;
  sendClientId?: boolean;
}

/** One preset: a label and description for pickers, the profile fields it fills in, and its server's rules. */
export interface Preset {
  label: string;
  description: string;
  defaults: PresetDefaults;
  rules?: ServerRules;
}

/** Jack Henry's token endpoint path on every one of its hosts. */
export const JACK_HENRY_TOKEN_PATH = '/a/oidc-provider/api/v0/token';
/** The hosts Jack Henry's token endpoint is known under: its helper's current one, then the older Banno one. */
export const JACK_HENRY_HOSTS = ['login.jackhenry.com', 'banno.com'] as const;
/** Jack Henry's token endpoint, as its helper and documentation give it. */
export const JACK_HENRY_TOKEN_URL = `https://${JACK_HENRY_HOSTS[0]}${JACK_HENRY_TOKEN_PATH}`;
/** Microsoft Entra ID's sign-in host (global cloud). */
export const ENTRA_HOST = 'login.microsoftonline.com';

/** The presets, with what each one fills in and what its server refuses. */
export const PRESETS: Record<PresetId, Preset> = {
  'jack-henry': {
    label: 'Jack Henry (Banno)',
    description:
      "What Jack Henry's helper sends: its token URL, scope openid, aud = token URL, exp in milliseconds (no iat), PS256",
    defaults: {
      preset: 'jack-henry',
      tokenUrl: JACK_HENRY_TOKEN_URL,
      scope: 'openid',
      audience: 'token-endpoint',
      expUnit: 'milliseconds',
      lifetimeSeconds: 60,
      alg: 'PS256',
      sendClientId: false,
    },
    rules: { server: 'Jack Henry', algs: ['ES256', 'PS256', 'RS256'], maxLifetimeSeconds: 300 },
  },
  generic: {
    label: 'Any OAuth 2.0 server',
    description:
      'Standard private_key_jwt: aud = the token endpoint URL, exp in seconds (RFC 7519), client_id in the form, PS256',
    defaults: {
      preset: 'generic',
      audience: 'token-endpoint',
      expUnit: 'seconds',
      lifetimeSeconds: 60,
      alg: 'PS256',
      sendClientId: true,
    },
  },
  'issuer-audience': {
    label: 'OAuth 2.0, issuer as audience (rfc7523bis, FAPI 2.0)',
    description:
      'aud = the issuer identifier and typ client-authentication+jwt (draft-ietf-oauth-rfc7523bis, FAPI 2.0), exp in seconds',
    defaults: {
      preset: 'issuer-audience',
      audience: 'issuer',
      expUnit: 'seconds',
      lifetimeSeconds: 60,
      alg: 'PS256',
      typ: true,
      sendClientId: true,
    },
  },
  'entra-id': {
    label: 'Microsoft Entra ID',
    description:
      'Token URL from the tenant, aud = that URL, scope RESOURCE/.default, a certificate (x5t#S256), PS256 or RS256',
    defaults: {
      preset: 'entra-id',
      audience: 'token-endpoint',
      expUnit: 'seconds',
      lifetimeSeconds: 60,
      alg: 'PS256',
      sendClientId: true,
    },
    rules: {
      server: 'Microsoft Entra ID',
      algs: ['PS256', 'RS256'],
      scope: { suffix: '/.default', example: 'https://graph.microsoft.com/.default' },
      certificateThumbprint: true,
    },
  },
};

/** Every preset id, in the order pickers show them. */
export const PRESET_IDS = Object.keys(PRESETS) as PresetId[];

/** True when `x` names a preset. */
export function isPresetId(x: unknown): x is PresetId {
  return typeof x === 'string' && (PRESET_IDS as string[]).includes(x);
}

/** The lower-case host of `url`, or undefined when it is not a URL. */
function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * True when `url` is a Jack Henry token endpoint: a host under jackhenry.com or banno.com, or Jack Henry's token path
 * on an institution's own host.
 */
export function isJackHenryTokenUrl(url: string): boolean {
  const host = hostOf(url);
  if (host === undefined) return false;
  if (['jackhenry.com', 'banno.com'].some((d) => host === d || host.endsWith(`.${d}`))) return true;
  try {
    return new URL(url).pathname.replace(/\/+$/, '') === JACK_HENRY_TOKEN_PATH;
  } catch {
    return false;
  }
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Jack Henry's token endpoint on `host` (login.jackhenry.com, banno.com, or an institution's own host), https, with
 * the path filled in. Refuses (ConfigError `invalid_url`) anything that is not a bare host name.
 */
export function jackHenryTokenUrl(host: string): string {
  const h = host.trim().toLowerCase();
  if (!HOST_NAME.test(h)) {
    throw new ConfigError(
      'invalid_url',
      'host: must be a host name such as login.jackhenry.com',
      'give only the host, without https:// or a path',
    );
  }
  return `https://${h}${JACK_HENRY_TOKEN_PATH}`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MULTI_TENANT = ['common', 'organizations', 'consumers'];

/**
 * Microsoft Entra ID's v2.0 token endpoint for `tenant` (a tenant id GUID or a verified domain such as
 * contoso.onmicrosoft.com): `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`. Refuses (ConfigError
 * `invalid_tenant`) `common`, `organizations` and `consumers`, which the client credentials grant does not accept,
 * and anything that is neither a GUID nor a domain.
 */
export function entraTokenUrl(tenant: string): string {
  const t = tenant.trim().toLowerCase();
  if (MULTI_TENANT.includes(t)) {
    throw new ConfigError(
      'invalid_tenant',
      `tenant: "${t}" is not a tenant; the client credentials grant needs the directory's own tenant`,
      'use the tenant id (a GUID) or a verified domain such as contoso.onmicrosoft.com (Entra admin center, Overview)',
    );
  }
  if (!GUID.test(t) && !(HOST_NAME.test(t) && t.includes('.'))) {
    throw new ConfigError(
      'invalid_tenant',
      'tenant: must be a tenant id (GUID) or a domain such as contoso.onmicrosoft.com',
      'find the tenant id in the Entra admin center, Overview',
    );
  }
  return `https://${ENTRA_HOST}/${t}/oauth2/v2.0/token`;
}
