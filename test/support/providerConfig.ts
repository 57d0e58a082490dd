/**
 * oidc-provider configuration for a loopback server that behaves like Jack Henry's production token
 * endpoint (https://login.jackhenry.com/a/oidc-provider/api/v0/token):
 *   - client_credentials only, client authentication by private_key_jwt only;
 *   - JWT access tokens (RFC 9068, through a default resource indicator with accessTokenFormat 'jwt'),
 *     600 s lifetime, signed with the server's own key (published at jwks_uri), carrying Jack Henry's
 *     extra claims authType, v, clientName, institutionId, accountId, with `aud` = the client id as
 *     Jack Henry's decoded tokens show;
 *   - client assertions accepted with `aud` = issuer or token endpoint URL (oidc-provider's own rule),
 *     and `exp` in seconds or in milliseconds (see {@link assertAssertionLifetime}).
 */
import type { ProviderClient, ProviderContext, ProviderToken } from 'oidc-provider';
import { SIGNING_ALGS } from '../../src/core/algorithms';
import type { ProviderStore } from './providerStore';

/** Scopes a service account may get; Jack Henry answers with "openid full". */
export const SUPPORTED_SCOPES = ['openid', 'full'] as const;

/** Access token lifetime, as Jack Henry's `expires_in`. */
export const ACCESS_TOKEN_TTL_SECONDS = 600;

/** Jack Henry documents "at most 5 minutes" for a client assertion. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;

/** Seconds of clock skew tolerated on assertion time claims (oidc-provider's default, made explicit). */
export const CLOCK_TOLERANCE_SECONDS = 15;

/** What the server knows about a registered service account beyond its oidc-provider metadata. */
export interface ServiceAccount {
  clientId: string;
  clientName: string;
  institutionId: string;
  accountId: string;
  algs?: string[];
}

/** The pieces the configuration needs from the running server. */
export interface ProviderConfigInput {
  store: ProviderStore;
  signingJwk: Record<string, unknown>;
  resource: string;
  serviceAccount(clientId: string): ServiceAccount | undefined;
  /** Form parameters a token request must carry (answered with invalid_request otherwise), like servers that want client_id. */
  requiredFormParams?: readonly string[];
  errors: {
    InvalidClientAuth: new (detail: string) => Error;
    InvalidTarget: new (detail?: string) => Error;
    InvalidRequest: new (description: string) => Error;
  };
}

/**
 * Extra checks on a client assertion, run by oidc-provider after the signature, `iss`, `aud` and `exp`
 * (read as seconds) checks and before the jti replay check. oidc-provider reads an `exp` in milliseconds
 * as a date tens of thousands of years ahead and would accept such an assertion forever; Jack Henry's
 * server accepts its own helper's millisecond `exp`, so it must be read by its unit. Values above 1e11
 * (a seconds date in the year 5138) are milliseconds. Either way the assertion must not have expired
 * and must not live longer than five minutes, and its alg must be one the client registered (if any).
 * Refusing at this point raises invalid_client, as the replay check does.
 */
export function assertAssertionLifetime(
  claims: { exp?: unknown },
  header: { alg?: unknown },
  account: ServiceAccount | undefined,
  InvalidClientAuth: new (detail: string) => Error,
  nowMs: number = Date.now(),
): void {
  if (typeof claims.exp !== 'number') throw new InvalidClientAuth('exp must be a number');
  const inMilliseconds = claims.exp > 1e11;
  const expMs = inMilliseconds ? claims.exp : claims.exp * 1000;
  const unit = inMilliseconds ? 'milliseconds' : 'seconds';
  if (expMs <= nowMs - CLOCK_TOLERANCE_SECONDS * 1000) {
    throw new InvalidClientAuth(`client assertion expired (exp read in ${unit})`);
  }
  if (expMs - nowMs > (MAX_ASSERTION_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS) * 1000) {
    throw new InvalidClientAuth(`client assertion lives longer than 5 minutes (exp read in ${unit})`);
  }
  if (account?.algs && !account.algs.includes(String(header.alg))) {
    throw new InvalidClientAuth(`alg ${String(header.alg)} is not registered for this client`);
  }
}

/** The claims Jack Henry adds to a service account's access token. */
export function serviceAccountClaims(account: ServiceAccount): Record<string, string> {
  return {
    authType: 'e',
    v: '0',
    clientName: account.clientName,
    institutionId: account.institutionId,
    accountId: account.accountId,
  };
}

/** Builds the oidc-provider configuration object (see the module comment for what it sets up). */
export function buildProviderConfiguration(input: ProviderConfigInput): Record<string, unknown> {
  const { InvalidClientAuth, InvalidTarget, InvalidRequest } = input.errors;
  return {
    adapter: input.store.adapterFactory(),
    jwks: { keys: [input.signingJwk] },
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    clientAuthMethods: ['private_key_jwt'],
    enabledJWA: {
      // Every algorithm the client offers; oidc-provider enables fewer by default (no *384/*512).
      clientAuthSigningAlgValues: [...SIGNING_ALGS],
      idTokenSigningAlgValues: ['RS256'],
    },
    clientDefaults: {
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'private_key_jwt',
      id_token_signed_response_alg: 'RS256',
    },
    scopes: [...SUPPORTED_SCOPES],
    routes: { token: '/api/v0/token', jwks: '/api/v0/jwks' },
    ttl: { ClientCredentials: ACCESS_TOKEN_TTL_SECONDS },
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: false },
      introspection: { enabled: false },
      revocation: { enabled: false },
      userinfo: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => input.resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: ProviderContext, resource: string, client: ProviderClient) => {
          if (resource !== input.resource) throw new InvalidTarget('unknown resource');
          return {
            scope: SUPPORTED_SCOPES.join(' '),
            audience: client.clientId,
            accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    extraTokenClaims: async (_ctx: ProviderContext, token: ProviderToken) => {
      const account = token.clientId ? input.serviceAccount(token.clientId) : undefined;
      return account ? serviceAccountClaims(account) : undefined;
    },
    assertJwtClientAuthClaimsAndHeader: async (
      ctx: ProviderContext,
      claims: { exp?: unknown },
      header: { alg?: unknown },
      client: ProviderClient,
    ) => {
      const body = (ctx as { oidc?: { body?: Record<string, unknown> } }).oidc?.body ?? {};
      for (const name of input.requiredFormParams ?? []) {
        if (typeof body[name] !== 'string' || body[name] === '') throw new InvalidRequest(`${name} is required`);
      }
      assertAssertionLifetime(claims, header, input.serviceAccount(client.clientId), InvalidClientAuth);
    },
  };
}
