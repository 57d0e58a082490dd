/**
 * Authorization for one API request with a DPoP profile's token (RFC 9449 §7.1): the cached token when it is still
 * valid, else a fresh one, and a fresh proof for the request. Shared by Copy Authorization for a Request… and the
 * `clientCreds.dpopProof` command other extensions call.
 */
import { ConfigError } from '../../core/errors';
import type { CachedToken } from './cachedToken';
import { type DpopRequest, type DpopRequestHeaders, dpopRequestHeaders } from './dpopHeaders';
import type { DpopKeys } from './dpopKeys';
import type { ProfileSettings } from './profileSettings';
import type { TokenService } from './tokenService';

/** What {@link authorizeRequest} needs. */
export interface DpopAuthorizationDeps {
  tokens: Pick<TokenService, 'current' | 'reload' | 'fetch'>;
  dpop: DpopKeys;
  profiles: Pick<ProfileSettings, 'get'>;
  /** Clock in milliseconds; Date.now by default. */
  now?: () => number;
}

/**
 * The headers of `request` for profile `profileName`: its cached token (fetched anew when there is none, it has
 * expired, or it is bound to another DPoP key) and a fresh proof. ConfigError `dpop_not_bound` when the profile does
 * not use DPoP (with the hint to turn it on); the errors of token fetching and of {@link dpopRequestHeaders}.
 */
export async function authorizeRequest(
  deps: DpopAuthorizationDeps,
  profileName: string,
  request: DpopRequest,
): Promise<{ headers: DpopRequestHeaders; token: CachedToken }> {
  const now = deps.now ?? Date.now;
  const profile = await deps.profiles.get(profileName);
  if (!profile.dpop) {
    throw new ConfigError(
      'dpop_not_bound',
      `profile "${profileName}" does not use DPoP`,
      'turn DPoP on with Edit Profile, or send its token as Authorization: Bearer',
    );
  }
  const key = await deps.dpop.key(profileName);
  let token = deps.tokens.current(profileName) ?? (await deps.tokens.reload(profileName));
  const usable =
    token !== undefined &&
    token.dpop?.thumbprint === key.thumbprint &&
    (token.expiresAt === undefined || token.expiresAt > now());
  if (!usable) token = (await deps.tokens.fetch(profileName)).token;
  const headers = await dpopRequestHeaders(token as CachedToken, key, await deps.dpop.nonces(), request, now);
  return { headers, token: token as CachedToken };
}
