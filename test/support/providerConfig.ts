/**
 * oidc-provider configuration for a loopback server that behaves like Jack Henry's production token
 * endpoint (https://login.jackhenry.com/a/oidc-provider/api/v0/token):
 *   - client_credentials only, client authentication by private_key_jwt only;
 *   - JWT access tokens (RFC 9068, through a default resource indicator with accessTokenFormat 'jwt'),
 *     600 s lifetime, signed with the server's own key (published at jwks_uri), carrying Jack Henry's
 *     extra claims authType, v, clientName, institutionId, accountId, with `aud` = the client id as
 *     Jack Henry's decoded tokens show;
 *   - client assertions accepted with `aud` = issuer or token endpoint URL (oidc-provider's own rule),
 *     and `exp` in seconds or in milliseconds (see {@link assertAssertionLifetime});
 *   - DPoP (RFC 9449) with the proof algorithms Jack Henry lists, nonces off, offered or required.
 */
import { randomBytes } from 'node:crypto';
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
  /**
   * Thumbprints of the certificates (`x5c`) registered with the client's keys. When present, the assertion header
   * must name one of them in `x5t#S256` or `x5t`, as Microsoft Entra ID requires of certificate credentials.
   */
  certificateThumbprints?: { sha256: string[]; sha1: string[] };
}

/** The algorithms Jack Henry documents for DPoP proofs, less ES256K (which neither jose nor oidc-provider has). */
export const DPOP_PROOF_ALGS = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384'] as const;

/**
 * DPoP nonces (RFC 9449 §8): `off` (the default: no nonces), `offered` (every answer to a DPoP request carries a
 * DPoP-Nonce, proofs without one are still accepted), `required` (a proof without the current nonce gets
 * `400 use_dpop_nonce`).
 */
export type DpopNonceMode = 'off' | 'offered' | 'required';

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
  dpopNonce?: DpopNonceMode;
  /**
   * Let the provider fetch loopback URLs (a client's jwks_uri served by the test). oidc-provider's outgoing requests
   * refuse special-use addresses, loopback included, through the dispatcher it passes to its `fetch`; this `fetch`
   * leaves that dispatcher out.
   */
  allowLoopbackFetch?: boolean;
  /** Scopes served beside SUPPORTED_SCOPES (a Microsoft Entra ID style `RESOURCE/.default`, say). */
  extraScopes?: readonly string[];
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

/**
 * For a client registered with certificates: refuses (invalid_client, as Microsoft Entra ID answers AADSTS50027)
 * an assertion whose header names none of them by `x5t#S256` or `x5t` (RFC 7515 §4.1.7-4.1.8).
 */
export function assertCertificateThumbprint(
  header: { x5t?: unknown; 'x5t#S256'?: unknown },
  account: ServiceAccount | undefined,
  InvalidClientAuth: new (detail: string) => Error,
): void {
  const registered = account?.certificateThumbprints;
  if (!registered) return;
  const s256 = header['x5t#S256'];
  const sha1 = header.x5t;
  if (typeof s256 === 'string' && registered.sha256.includes(s256)) return;
  if (typeof sha1 === 'string' && registered.sha1.includes(sha1)) return;
  throw new InvalidClientAuth('the header names no registered certificate (x5t#S256 or x5t)');
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
      dPoPSigningAlgValues: [...DPOP_PROOF_ALGS],
    },
    ...(input.allowLoopbackFetch
      ? {
          fetch: (url: URL | string, options: RequestInit & { dispatcher?: unknown }) => {
            const { dispatcher: _ssrfGuard, ...rest } = options;
            return globalThis.fetch(url, rest);
          },
        }
      : {}),
    clientDefaults: {
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'private_key_jwt',
      id_token_signed_response_alg: 'RS256',
    },
    scopes: [...SUPPORTED_SCOPES, ...(input.extraScopes ?? [])],
    routes: { token: '/api/v0/token', jwks: '/api/v0/jwks' },
    ttl: { ClientCredentials: ACCESS_TOKEN_TTL_SECONDS },
    features: {
      clientCredentials: { enabled: true },
      dPoP: {
        enabled: true,
        ...(input.dpopNonce && input.dpopNonce !== 'off'
          ? { nonceSecret: randomBytes(32), requireNonce: () => input.dpopNonce === 'required' }
          : {}),
      },
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
            scope: [...SUPPORTED_SCOPES, ...(input.extraScopes ?? [])].join(' '),
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
      header: { alg?: unknown; x5t?: unknown; 'x5t#S256'?: unknown },
      client: ProviderClient,
    ) => {
      const body = (ctx as { oidc?: { body?: Record<string, unknown> } }).oidc?.body ?? {};
      for (const name of input.requiredFormParams ?? []) {
        if (typeof body[name] !== 'string' || body[name] === '') throw new InvalidRequest(`${name} is required`);
      }
      const account = input.serviceAccount(client.clientId);
      assertAssertionLifetime(claims, header, account, InvalidClientAuth);
      assertCertificateThumbprint(header, account, InvalidClientAuth);
    },
  };
}
