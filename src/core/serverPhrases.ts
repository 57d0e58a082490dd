/**
 * What the servers people use say when they refuse a client credentials request with a JWT client assertion, and what
 * each phrase means: the one table behind the refusal explanations (refusal.ts). Each row names the server, the OAuth
 * error codes it comes with, a pattern for its `error_description` and the likely causes in order. Rows are tried in
 * order (specific phrases first, the phrases any server may use last); the first that matches wins.
 *
 * Sources: Keycloak's JWT client validator messages, Okta's and Microsoft Entra ID's (AADSTS) documented errors,
 * Auth0's token endpoint answers, Spring Authorization Server's OAuth2 errors, and oidc-provider (which Jack Henry's
 * token endpoint runs) for Jack Henry.
 */

/** Why a server refused, as far as a client can act on it. */
export type RefusalCause =
  /** The public key registered for the client is missing or a different one; the signature did not verify. */
  | 'key'
  /** The `kid` is unknown, or none was sent to a client with several keys. */
  | 'kid'
  /** The certificate named in the header (x5t / x5t#S256) is not registered, or the header names none. */
  | 'certificate'
  /** `aud` is not what the server expects. */
  | 'audience'
  /** The local clock is off: `iat` in the future, or `exp` already past, by the server's clock. */
  | 'clock'
  /** The assertion expired, or lives longer than the server allows. */
  | 'expired'
  /** The `jti` was used before. */
  | 'replay'
  /** `exp` in milliseconds where seconds are read, or the reverse. */
  | 'exp_unit'
  /** The client id is not known (or belongs to another tenant). */
  | 'client_id'
  /** The server wants `client_id` in the form too, or it differs from the assertion's iss/sub. */
  | 'client_id_form'
  /** The client is not registered for private_key_jwt, or the server has no key source for it. */
  | 'auth_method'
  /** The signing algorithm is not one accepted for this client. */
  | 'alg'
  /** The client may not use the client_credentials grant. */
  | 'grant'
  /** The scope is missing or not allowed. */
  | 'scope'
  /** The server wants an API identifier as a form parameter (Auth0's `audience`). */
  | 'audience_param'
  /** The RFC 8707 `resource` is not one the server knows. */
  | 'resource'
  /** The client has not been granted access to that API or those scopes. */
  | 'permission'
  /** The client or application is disabled. */
  | 'disabled'
  /** The tenant (directory) is unknown. */
  | 'tenant'
  /** The assertion or the request lacks something the server needs. */
  | 'malformed'
  /** The server failed. */
  | 'server';

/** A server whose phrasing the table knows; `any` for phrases many servers use. */
export type KnownServer =
  | 'Jack Henry'
  | 'Keycloak'
  | 'Okta'
  | 'Microsoft Entra ID'
  | 'Auth0'
  | 'Spring Authorization Server'
  | 'any';

/** One known phrase. */
export interface ServerPhrase {
  /** Stable id, for tests and logs. */
  id: string;
  server: KnownServer;
  /** The OAuth `error` codes the phrase comes with; undefined: any. */
  errors?: readonly string[];
  /** Matched against the `error_description` (an empty description is ''). */
  pattern: RegExp;
  /** What the server means, in plain words, starting with the server's name when it is known. */
  meaning: string;
  /** The likely causes, most likely first. */
  causes: readonly RefusalCause[];
}

const CLIENT_AUTH = ['invalid_client', 'unauthorized_client', 'invalid_grant', 'invalid_request'] as const;

/** The table, in matching order. */
export const SERVER_PHRASES: readonly ServerPhrase[] = [
  // Jack Henry: oidc-provider, which names no reason for a refused client authentication.
  {
    id: 'jack-henry-client-auth',
    server: 'Jack Henry',
    errors: ['invalid_client'],
    pattern: /^client authentication failed$/i,
    meaning:
      'the server (oidc-provider, as at Jack Henry) refused the client assertion without saying which check failed',
    causes: ['key', 'audience', 'clock', 'expired', 'replay', 'exp_unit', 'client_id', 'alg'],
  },
  {
    id: 'jack-henry-scope',
    server: 'Jack Henry',
    errors: ['invalid_scope'],
    pattern: /requested scope is not allowed/i,
    meaning: 'the server (oidc-provider, as at Jack Henry) does not allow the requested scope for this client',
    causes: ['scope'],
  },
  {
    id: 'jack-henry-grant',
    server: 'Jack Henry',
    errors: ['unauthorized_client'],
    pattern: /requested grant type is not allowed for this client/i,
    meaning:
      'the client may not use client_credentials (at Jack Henry: the external application must be a Service account with Signed JWT)',
    causes: ['grant'],
  },
  {
    id: 'jack-henry-no-auth',
    server: 'Jack Henry',
    errors: ['invalid_request', 'invalid_client'],
    pattern: /no client authentication mechanism provided/i,
    meaning: 'the server saw no client assertion in the request (a proxy in between may have changed the body)',
    causes: ['malformed'],
  },
  {
    id: 'jack-henry-resource',
    server: 'Jack Henry',
    errors: ['invalid_target'],
    pattern: /resource indicator is missing, or unknown|unknown resource/i,
    meaning: 'the server (oidc-provider) does not know the resource (RFC 8707) that was asked for',
    causes: ['resource'],
  },
  // Keycloak: "Client authentication with signed JWT failed: <reason>" (invalid_client, or unauthorized_client in
  // older versions), and a few messages of its own.
  {
    id: 'keycloak-audience',
    server: 'Keycloak',
    pattern: /Invalid token audience/i,
    meaning: "Keycloak refused the assertion's aud (it accepts the realm's issuer or one of its endpoint URLs)",
    causes: ['audience'],
  },
  {
    id: 'keycloak-multiple-audiences',
    server: 'Keycloak',
    pattern: /Multiple audiences not allowed/i,
    meaning: 'Keycloak accepts exactly one aud value',
    causes: ['audience'],
  },
  {
    id: 'keycloak-future',
    server: 'Keycloak',
    pattern: /(Token was )?issued in the future/i,
    meaning: "Keycloak reads the assertion's iat as a time in the future",
    causes: ['clock'],
  },
  {
    id: 'keycloak-too-old',
    server: 'Keycloak',
    pattern: /issued too far in the past/i,
    meaning: 'Keycloak counts its maximum assertion age (60 s by default) from iat, and this one is older',
    causes: ['clock', 'expired'],
  },
  {
    id: 'keycloak-not-active',
    server: 'Keycloak',
    pattern: /Token is not active/i,
    meaning: 'Keycloak reads the assertion as expired or not yet valid',
    causes: ['clock', 'expired', 'exp_unit'],
  },
  {
    id: 'keycloak-reuse',
    server: 'Keycloak',
    pattern: /Token reuse detected/i,
    meaning: "Keycloak has seen this assertion's jti before",
    causes: ['replay'],
  },
  {
    id: 'keycloak-missing-claim',
    server: 'Keycloak',
    pattern: /Missing ID on the token|(jti|exp|sub) claim is required/i,
    meaning: 'Keycloak misses a claim it requires (jti, exp, sub)',
    causes: ['malformed'],
  },
  {
    id: 'keycloak-public-key',
    server: 'Keycloak',
    pattern: /Unable to load public key/i,
    meaning:
      'Keycloak has no key for this client: none configured, its JWKS URL unreachable from Keycloak, or no key with the kid sent',
    causes: ['kid', 'key'],
  },
  {
    id: 'keycloak-algorithm',
    server: 'Keycloak',
    pattern: /Invalid signature algorithm|Algorithm is not asymmetric/i,
    meaning: "Keycloak refused the assertion's alg (the client's Signature algorithm setting names another)",
    causes: ['alg'],
  },
  {
    id: 'keycloak-signature',
    server: 'Keycloak',
    pattern: /Signature on JWT token .*failed validation|Invalid signature/i,
    meaning: 'Keycloak could not verify the signature with the key it has for this client',
    causes: ['key', 'kid'],
  },
  {
    id: 'keycloak-client-id',
    server: 'Keycloak',
    pattern: /client_id parameter does not match authenticated client/i,
    meaning: "Keycloak got a client_id in the form that differs from the assertion's sub",
    causes: ['client_id_form'],
  },
  {
    id: 'keycloak-service-account',
    server: 'Keycloak',
    errors: ['unauthorized_client'],
    pattern: /Client not enabled to retrieve service account/i,
    meaning: 'Keycloak: the client has "Service accounts roles" off, so it may not use client_credentials',
    causes: ['grant'],
  },
  {
    id: 'keycloak-invalid-credentials',
    server: 'Keycloak',
    pattern: /Invalid client or Invalid client credentials/i,
    meaning: 'Keycloak does not know the client, or the client does not use the "Signed JWT" client authenticator',
    causes: ['client_id', 'auth_method', 'key'],
  },
  {
    id: 'keycloak-signed-jwt',
    server: 'Keycloak',
    pattern: /Client authentication with signed JWT failed/i,
    meaning: 'Keycloak refused the client assertion',
    causes: ['key', 'audience', 'clock', 'expired', 'replay', 'exp_unit'],
  },
  // Okta.
  {
    id: 'okta-audience',
    server: 'Okta',
    pattern: /audience claim for client_assertion must be the endpoint invoked/i,
    meaning: "Okta accepts only the token endpoint URL it was called at as the assertion's aud",
    causes: ['audience'],
  },
  {
    id: 'okta-kid',
    server: 'Okta',
    pattern: /client_assertion JWT kid is invalid/i,
    meaning: "Okta does not know the assertion's kid (or none was sent and the app has several keys)",
    causes: ['kid'],
  },
  {
    id: 'okta-far-future',
    server: 'Okta',
    pattern: /expiration too far into the future/i,
    meaning: 'Okta refuses an exp more than an hour ahead of its clock',
    causes: ['exp_unit', 'clock', 'expired'],
  },
  {
    id: 'okta-expired',
    server: 'Okta',
    pattern: /client_assertion token is expired/i,
    meaning: 'Okta reads the assertion as expired',
    causes: ['clock', 'expired'],
  },
  {
    id: 'okta-signature',
    server: 'Okta',
    pattern: /client_assertion signature is invalid/i,
    meaning: "Okta could not verify the signature with the app's registered public keys",
    causes: ['key', 'kid'],
  },
  {
    id: 'okta-replay',
    server: 'Okta',
    pattern: /(jti|client_assertion).*(already|previously) (been )?used/i,
    meaning: "Okta has seen this assertion's jti before",
    causes: ['replay'],
  },
  {
    id: 'okta-org-server',
    server: 'Okta',
    pattern: /must use the private_key_jwt token_endpoint_auth_method/i,
    meaning:
      "Okta's org authorization server takes client credentials only from an app set to public key / private key",
    causes: ['auth_method'],
  },
  {
    id: 'okta-default-scope',
    server: 'Okta',
    pattern: /does not have any configured default scopes|'scope' must be provided/i,
    meaning: 'Okta: this authorization server has no default scope, so the request must name one',
    causes: ['scope'],
  },
  {
    id: 'okta-client-auth',
    server: 'Okta',
    pattern: /Client authentication failed\. Either the client or the client credentials are invalid/i,
    meaning: 'Okta does not know the client, or did not accept its credentials',
    causes: ['client_id', 'auth_method', 'key'],
  },
  // Microsoft Entra ID: AADSTS numbers.
  {
    id: 'entra-700027',
    server: 'Microsoft Entra ID',
    pattern: /AADSTS700027/,
    meaning:
      "Entra ID (AADSTS700027) did not find the certificate the header names (x5t#S256 or x5t) among the app registration's certificates, or the signature does not match it",
    causes: ['certificate', 'key'],
  },
  {
    id: 'entra-700024',
    server: 'Microsoft Entra ID',
    pattern: /AADSTS700024/,
    meaning: 'Entra ID (AADSTS700024): the assertion is not within its valid time range',
    causes: ['clock', 'expired', 'exp_unit'],
  },
  {
    id: 'entra-5002741',
    server: 'Microsoft Entra ID',
    pattern: /AADSTS5002741/,
    meaning: 'Entra ID (AADSTS5002741) accepts exactly one aud value',
    causes: ['audience'],
  },
  {
    id: 'entra-50012',
    server: 'Microsoft Entra ID',
    pattern: /AADSTS50012.*audience|AADSTS700023/,
    meaning: "Entra ID refused the assertion's aud: it must be the tenant's v2.0 token endpoint URL",
    causes: ['audience'],
  },
  {
    id: 'entra-50013',
    server: 'Microsoft Entra ID',
    pattern: /AADSTS5001[23]/,
    meaning: 'Entra ID could not validate the assertion (signature or key)',
    causes: ['certificate', 'key'],
  },
  {
    id: 'entra-700016',
    server: 'Microsoft Entra ID',
    pattern: /AADSTS700016/,
    meaning: 'Entra ID (AADSTS700016) found no application with this client id in the tenant',
    causes: ['client_id', 'tenant'],
  },
  {
    id: 'entra-tenant',
    server: 'Microsoft Entra ID',
    pattern: /AADSTS(90002|900023|90072)\b/,
    meaning: 'Entra ID does not know the tenant in the token URL',
    causes: ['tenant'],
  },
  {
    id: 'entra-scope',
    server: 'Microsoft Entra ID',
    pattern: /AADSTS(1002012|70011|500011)\b/,
    meaning:
      'Entra ID refused the scope: the client credentials grant takes RESOURCE/.default, for a resource that exists in the tenant',
    causes: ['scope'],
  },
  {
    id: 'entra-missing-parameter',
    server: 'Microsoft Entra ID',
    pattern: /AADSTS(900144|90014)\b/,
    meaning: 'Entra ID misses a form parameter it needs (the message names it)',
    causes: ['scope', 'client_id_form', 'malformed'],
  },
  {
    id: 'entra-700021',
    server: 'Microsoft Entra ID',
    pattern: /AADSTS700021/,
    meaning: "Entra ID (AADSTS700021): the assertion's application id differs from the client_id parameter",
    causes: ['client_id_form'],
  },
  {
    id: 'entra-disabled',
    server: 'Microsoft Entra ID',
    pattern: /AADSTS(7000112|700025)\b/,
    meaning: 'Entra ID refuses this application (disabled, or registered as a public client)',
    causes: ['disabled', 'auth_method'],
  },
  {
    id: 'entra-malformed',
    server: 'Microsoft Entra ID',
    pattern: /AADSTS50027/,
    meaning: 'Entra ID (AADSTS50027) reads the assertion as malformed',
    causes: ['malformed', 'audience'],
  },
  // Auth0.
  {
    id: 'auth0-no-audience',
    server: 'Auth0',
    errors: ['access_denied', 'invalid_request'],
    pattern: /audience parameter|default audience/i,
    meaning: 'Auth0 needs to know which API the token is for, and the tenant has no default audience',
    causes: ['audience_param'],
  },
  {
    id: 'auth0-service-not-enabled',
    server: 'Auth0',
    pattern: /Service not enabled within domain/i,
    meaning: 'Auth0 has no API with the identifier given in the audience form parameter',
    causes: ['audience_param'],
  },
  {
    id: 'auth0-userinfo-audience',
    server: 'Auth0',
    pattern: /userinfo audience is not allowed/i,
    meaning: 'Auth0 needs an API identifier as the audience form parameter',
    causes: ['audience_param'],
  },
  {
    id: 'auth0-client-grant',
    server: 'Auth0',
    pattern: /Client is not authorized to access|client-grant/i,
    meaning: 'Auth0: the application is not authorized for this API (APIs → Machine to Machine Applications)',
    causes: ['permission'],
  },
  {
    id: 'auth0-scopes',
    server: 'Auth0',
    pattern: /Client has not been granted scopes/i,
    meaning: 'Auth0: the application has not been granted those scopes for the API',
    causes: ['permission', 'scope'],
  },
  {
    id: 'auth0-grant-type',
    server: 'Auth0',
    pattern: /Grant type 'client_credentials' not allowed/i,
    meaning: "Auth0: the application's Grant Types (Advanced Settings) do not include Client Credentials",
    causes: ['grant'],
  },
  // Spring Authorization Server.
  {
    id: 'spring-signature-verifier',
    server: 'Spring Authorization Server',
    pattern: /Failed to find a Signature Verifier/i,
    meaning:
      'Spring Authorization Server has no JWK Set URL for this client, so it cannot check any assertion (the server administrator must set it)',
    causes: ['auth_method'],
  },
  {
    id: 'spring-client-assertion',
    server: 'Spring Authorization Server',
    pattern: /Client authentication failed: client_assertion/i,
    meaning: 'Spring Authorization Server refused the client assertion',
    causes: ['key', 'audience', 'clock', 'expired', 'replay', 'kid', 'exp_unit'],
  },
  {
    id: 'spring-authentication-method',
    server: 'Spring Authorization Server',
    pattern: /Client authentication failed: authentication_method/i,
    meaning: 'Spring Authorization Server: the registered client does not allow private_key_jwt',
    causes: ['auth_method'],
  },
  {
    id: 'spring-client-id',
    server: 'Spring Authorization Server',
    pattern: /Client authentication failed: client_id/i,
    meaning: 'Spring Authorization Server does not know this client id',
    causes: ['client_id'],
  },
  {
    id: 'spring-bare-invalid-request',
    server: 'Spring Authorization Server',
    errors: ['invalid_request'],
    pattern: /^$/,
    meaning:
      'the server found the request incomplete without saying why (Spring Authorization Server answers so when client_id is not in the form)',
    causes: ['client_id_form', 'malformed'],
  },
  {
    id: 'spring-bare-unauthorized-client',
    server: 'Spring Authorization Server',
    errors: ['unauthorized_client'],
    pattern: /^$/,
    meaning:
      'the server refused this client without saying why: either the client may not use client_credentials (Spring Authorization Server answers so) or it refused the assertion (as Keycloak does)',
    causes: ['grant', 'key', 'audience', 'clock', 'expired'],
  },
  // Phrases many servers use.
  {
    id: 'any-replay',
    server: 'any',
    errors: CLIENT_AUTH,
    pattern: /\bjti\b|replay|reuse|already (been )?used/i,
    meaning: "the server has seen this assertion's jti before",
    causes: ['replay'],
  },
  {
    id: 'any-kid',
    server: 'any',
    errors: CLIENT_AUTH,
    pattern: /\bkid\b|key not found|no matching key|unable to find (a )?key|multiple keys/i,
    meaning: 'the server did not find the key to check the signature with',
    causes: ['kid', 'key'],
  },
  {
    id: 'any-audience',
    server: 'any',
    errors: CLIENT_AUTH,
    pattern: /\baud(ience)?\b/i,
    meaning: "the server refused the assertion's aud",
    causes: ['audience'],
  },
  {
    id: 'any-time',
    server: 'any',
    errors: CLIENT_AUTH,
    pattern: /expired|not active|\bexp\b|\biat\b|\bnbf\b|future|not yet valid|too far|lifetime/i,
    meaning: "the server refused the assertion's times",
    causes: ['clock', 'expired', 'exp_unit'],
  },
  {
    id: 'any-signature',
    server: 'any',
    errors: CLIENT_AUTH,
    pattern: /signature/i,
    meaning: 'the server could not verify the signature',
    causes: ['key', 'kid', 'alg'],
  },
  {
    id: 'any-algorithm',
    server: 'any',
    errors: CLIENT_AUTH,
    pattern: /\balg(orithm)?\b/i,
    meaning: "the server does not accept the assertion's alg",
    causes: ['alg'],
  },
  {
    id: 'any-unknown-client',
    server: 'any',
    pattern: /unknown client|client not found|no such client|client (id )?(is )?invalid/i,
    meaning: 'the server does not know this client id',
    causes: ['client_id'],
  },
  {
    id: 'any-client-id',
    server: 'any',
    pattern: /client_id/i,
    meaning: 'the server has a problem with client_id',
    causes: ['client_id_form', 'client_id'],
  },
  {
    id: 'any-scope',
    server: 'any',
    pattern: /\bscopes?\b/i,
    meaning: 'the server refused the scope',
    causes: ['scope'],
  },
];

/** The first row of {@link SERVER_PHRASES} for this OAuth `error` and `error_description` ('' when none), if any. */
export function findServerPhrase(error: string, description: string): ServerPhrase | undefined {
  return SERVER_PHRASES.find((row) => (!row.errors || row.errors.includes(error)) && row.pattern.test(description));
}
