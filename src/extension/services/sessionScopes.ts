/**
 * What the scopes of `vscode.authentication.getSession('client-creds', scopes)` mean: an item `profile:<name>`
 * picks the profile, every other item is an OAuth scope (RFC 6749 §3.3) to request instead of the profile's own.
 * And the ids of the sessions that come out of them.
 */
import { ConfigError } from '../../core/errors';

/** The scope item that names a profile: `profile:<name>`. */
export const PROFILE_SCOPE_PREFIX = 'profile:';

/** A parsed scope list. */
export interface SessionRequest {
  /** The profile named by a `profile:` item, if any. */
  profile?: string;
  /** The OAuth scopes asked for, de-duplicated and sorted (order carries no meaning, RFC 6749 §3.3). */
  oauthScopes: string[];
}

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), i.e. printable ASCII without space, " and \.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * Splits `scopes` into the profile and the OAuth scopes. Throws ConfigError `session_scope_invalid` for a second
 * `profile:` item, an empty profile name, or an item that is not an RFC 6749 §3.3 scope-token (a space, `"`, `\`
 * or a control character).
 */
export function parseSessionScopes(scopes: readonly string[]): SessionRequest {
  let profile: string | undefined;
  const oauth = new Set<string>();
  for (const item of scopes) {
    if (typeof item !== 'string') throw invalid('every scope must be a string');
    if (item.startsWith(PROFILE_SCOPE_PREFIX)) {
      const name = item.slice(PROFILE_SCOPE_PREFIX.length);
      if (name.trim() === '') throw invalid(`"${PROFILE_SCOPE_PREFIX}" needs a profile name after the colon`);
      if (profile !== undefined && profile !== name) throw invalid('name one profile only');
      profile = name;
    } else if (SCOPE_TOKEN.test(item)) {
      oauth.add(item);
    } else {
      throw invalid(`${JSON.stringify(item.slice(0, 40))} is not an OAuth scope (no spaces, quotes or backslashes)`);
    }
  }
  const request: SessionRequest = { oauthScopes: [...oauth].sort() };
  if (profile !== undefined) request.profile = profile;
  return request;
}

/** The OAuth scopes of a profile's `scope` setting, de-duplicated and sorted. */
export function profileScopes(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(/\s+/).filter((s) => s !== ''))].sort();
}

/**
 * The scopes to request for `requested` OAuth scopes of a profile whose own scope is `configured`: `undefined`
 * when none were asked for or they are the profile's own (its cached token serves), else the space-separated list.
 */
export function scopeOverride(requested: readonly string[], configured: string | undefined): string | undefined {
  if (requested.length === 0) return undefined;
  const own = profileScopes(configured);
  const same = own.length === requested.length && own.every((s, i) => s === requested[i]);
  return same ? undefined : requested.join(' ');
}

/** The session id of a profile's token (`scope` undefined) or of a token for other scopes. */
export function sessionId(profile: string, scope?: string): string {
  return JSON.stringify(scope === undefined ? [profile] : [profile, scope]);
}

/** The profile and scope of a session id; `undefined` for an id that is not one of ours. */
export function parseSessionId(id: string): { profile: string; scope?: string } | undefined {
  try {
    const parts = JSON.parse(id) as unknown;
    if (!Array.isArray(parts) || !parts.every((p): p is string => typeof p === 'string')) return undefined;
    const [profile, scope, ...rest] = parts;
    if (profile === undefined || rest.length > 0) return undefined;
    return scope === undefined ? { profile } : { profile, scope };
  } catch {
    return undefined;
  }
}

function invalid(message: string): ConfigError {
  return new ConfigError(
    'session_scope_invalid',
    `invalid scopes for the Client Creds authentication provider: ${message}`,
    `pass ['${PROFILE_SCOPE_PREFIX}<name>'] and, optionally, the OAuth scopes to request`,
  );
}
