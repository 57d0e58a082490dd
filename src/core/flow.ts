/**
 * The whole job, shared by the CLI and the extension: find the endpoints (given, or by discovery), sign a fresh
 * assertion, request the token, validate the answer. Each call signs anew, so a retry never reuses a `jti`.
 * An observer sees each step; its details never hold the private key or the access token.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import { type LintFinding, lintAssertion, type SignedAssertion, signAssertion } from './assertion';
import { certificateHeader } from './certificate';
import { discover, type ServerMetadata } from './discovery';
import {
  acceptDpopTokenResponse,
  type DpopBinding,
  type DpopSession,
  dpopSessionFor,
  isDpopNonceChallenge,
  tokenRequestProof,
} from './dpopToken';
import { ConfigError } from './errors';
import type { FlowObserver } from './flowSteps';
import type { HttpClient } from './http';
import { assertKeyFitsAlg } from './keyDescription';
import { jwkThumbprint } from './keyExport';
import { assertServerRules, lintServerRules, rulesOf } from './presetRules';
import { printableText } from './printable';
import type { Profile } from './profiles';
import {
  CLIENT_ASSERTION_TYPE,
  parseTokenResponse,
  sendTokenRequest,
  sentRequestOf,
  type TokenRequest,
  type TokenResponse,
} from './tokenClient';
import { assertAllowedUrl } from './urlPolicy';

/** Where the assertion goes and what its `aud` is. */
export interface ResolvedEndpoints {
  tokenEndpoint: string;
  audience: string;
  issuer?: string;
  metadata?: ServerMetadata;
}

/** A token with everything that led to it. Times are epoch milliseconds; `expiresAt` only when the server said. */
export interface FetchTokenResult {
  endpoints: ResolvedEndpoints;
  assertion: SignedAssertion;
  response: TokenResponse;
  obtainedAt: number;
  expiresAt?: number;
  /** Only when the profile uses DPoP: the DPoP key's RFC 7638 thumbprint, the binding seen, and whether a nonce retry happened. */
  dpop?: { thumbprint: string; binding: DpopBinding; nonceRetried: boolean };
}

/**
 * The token endpoint and audience of a profile. A configured tokenUrl is used as is; otherwise the issuer's metadata
 * is discovered. Refuses (ConfigError) a profile with neither (`missing_endpoint`), audience "issuer" without an
 * issuer (`audience_needs_issuer`), and a server whose metadata lists signing algorithms or auth methods that exclude
 * the profile's alg (`alg_not_supported_by_server`) or private_key_jwt (`private_key_jwt_not_supported`).
 */
export async function resolveEndpoints(profile: Profile, http: HttpClient): Promise<ResolvedEndpoints> {
  let tokenEndpoint: string;
  let issuer = profile.issuer;
  let metadata: ServerMetadata | undefined;
  if (profile.tokenUrl) {
    assertAllowedUrl(profile.tokenUrl, 'tokenUrl');
    tokenEndpoint = profile.tokenUrl;
  } else if (issuer) {
    metadata = await discover(issuer, http);
    tokenEndpoint = metadata.token_endpoint;
    issuer = metadata.issuer;
    checkServerAccepts(metadata, profile);
  } else {
    throw new ConfigError(
      'missing_endpoint',
      'tokenUrl or issuer: one is required',
      'set the token URL, or the issuer to find it by discovery',
    );
  }
  const out: ResolvedEndpoints = { tokenEndpoint, audience: audienceOf(profile, tokenEndpoint, issuer) };
  if (issuer !== undefined) out.issuer = issuer;
  if (metadata !== undefined) out.metadata = metadata;
  return out;
}

function audienceOf(profile: Profile, tokenEndpoint: string, issuer: string | undefined): string {
  const choice = profile.audience;
  if (choice === 'token-endpoint') return tokenEndpoint;
  if (choice === 'issuer') {
    if (!issuer) {
      throw new ConfigError(
        'audience_needs_issuer',
        'audience: "issuer" needs an issuer',
        'set the issuer, or use audience token-endpoint',
      );
    }
    return issuer;
  }
  return choice.value;
}

// Only a list the server publishes can rule something out: many servers omit these fields.
function checkServerAccepts(metadata: ServerMetadata, profile: Profile): void {
  const methods = metadata.token_endpoint_auth_methods_supported;
  if (Array.isArray(methods) && !methods.includes('private_key_jwt')) {
    throw new ConfigError(
      'private_key_jwt_not_supported',
      `the server's metadata does not list private_key_jwt among its token endpoint auth methods (${printableText(methods.join(', '), 160)})`,
      'this client authenticates only with a signed JWT assertion; ask the server operator to enable private_key_jwt',
    );
  }
  const algs = metadata.token_endpoint_auth_signing_alg_values_supported;
  if (Array.isArray(algs) && algs.length > 0 && !algs.includes(profile.alg)) {
    throw new ConfigError(
      'alg_not_supported_by_server',
      `the server accepts assertions signed with ${printableText(algs.join(', '), 160)}, not ${profile.alg}`,
      'choose one of those algorithms (and a key that fits it) in the profile (CLI --alg)',
    );
  }
}

/** The clock the assertion's iat and exp are written with: `now` plus the profile's clock skew. */
function claimsClock(profile: Profile, now: () => number): () => number {
  const skewMs = (profile.clockSkewSeconds ?? 0) * 1000;
  return skewMs === 0 ? now : () => now() + skewMs;
}

/** The form parameters beside the assertion, as sent: grant, scope, client_id when the profile says, extras. */
function formParams(profile: Profile): Record<string, string> {
  const params: Record<string, string> = {
    grant_type: 'client_credentials',
    client_assertion_type: CLIENT_ASSERTION_TYPE,
  };
  if (profile.scope) params.scope = profile.scope;
  if (profile.sendClientId) params.client_id = profile.clientId;
  return { ...params, ...profile.extraParams };
}

function assertionOptions(
  profile: Profile,
  key: KeyObject,
  audience: string,
  now?: () => number,
  certificate?: X509Certificate,
) {
  const thumbprints = certificateHeader(certificate, profile.x5t);
  // A client that publishes a JWKS may hold several keys there; the kid tells the server which one signed.
  const kid = profile.kid ?? (profile.clientJwksUri !== undefined ? jwkThumbprint(key) : undefined);
  return {
    clientId: profile.clientId,
    audience,
    alg: profile.alg,
    expUnit: profile.expUnit,
    lifetimeSeconds: profile.lifetimeSeconds,
    ...(kid !== undefined ? { kid } : {}),
    ...(profile.typ !== undefined ? { typ: profile.typ } : {}),
    ...(Object.keys(thumbprints).length > 0 ? { thumbprints } : {}),
    ...(now ? { now } : {}),
  };
}

function signStep(
  profile: Profile,
  key: KeyObject,
  endpoints: ResolvedEndpoints,
  observer: FlowObserver | undefined,
  now?: () => number,
  certificate?: X509Certificate,
): SignedAssertion {
  if (endpoints.metadata) {
    observer?.step?.({
      step: 'discovery',
      issuer: endpoints.metadata.issuer,
      tokenEndpoint: endpoints.tokenEndpoint,
      jwksUri: endpoints.metadata.jwks_uri,
      signingAlgs: endpoints.metadata.token_endpoint_auth_signing_alg_values_supported,
    });
  }
  assertKeyFitsAlg(key, profile.alg);
  const assertion = signAssertion(key, assertionOptions(profile, key, endpoints.audience, now, certificate));
  observer?.step?.({ step: 'payload', header: assertion.header, payload: assertion.payload });
  observer?.step?.({ step: 'sign', alg: assertion.header.alg, kid: assertion.header.kid, assertion: assertion.jwt });
  return assertion;
}

/**
 * What {@link fetchToken} takes: the profile, its private key (and certificate), the HTTP client, an observer, a clock
 * (epoch ms) and the DPoP session.
 */
export interface FetchTokenArgs {
  profile: Profile;
  key: KeyObject;
  certificate?: X509Certificate;
  http: HttpClient;
  observer?: FlowObserver;
  now?: () => number;
  dpop?: DpopSession;
}

/**
 * Gets a token for `profile`: endpoints, a freshly signed assertion (new `jti` on every call, retries included), the
 * grant, the validated answer. `certificate` (the key's own, already matched to it) puts its thumbprint in the
 * header as `profile.x5t` says. When the profile uses DPoP (RFC 9449) the request carries a proof signed with
 * `dpop.key`; a `use_dpop_nonce` answer is retried once with the server's nonce (a fresh assertion and a fresh proof,
 * §8), the nonces a server gives are kept in `dpop.nonces` for the next proofs, and the answer must be a DPoP-bound
 * token. Throws the typed errors of each part: ConfigError (`dpop_key_missing` among them), KeyError, NetworkError,
 * ResponseError (`dpop_not_bound`, `dpop_binding_mismatch`), OAuthError.
 */
export async function fetchToken(args: FetchTokenArgs): Promise<FetchTokenResult> {
  const { profile, observer } = args;
  const now = args.now ?? Date.now;
  const endpoints = await resolveEndpoints(profile, args.http);
  const dpop = profile.dpop ? dpopSessionFor(args.dpop, endpoints.metadata) : undefined;
  let sent = await sendAttempt(args, endpoints, dpop, false);
  const nonceRetried = dpop !== undefined && isDpopNonceChallenge(dpop, endpoints.tokenEndpoint, sent.res);
  if (nonceRetried) sent = await sendAttempt(args, endpoints, dpop, true);
  let response: TokenResponse;
  let dpopResult: FetchTokenResult['dpop'];
  if (dpop) {
    const outcome = acceptDpopTokenResponse(dpop, sent.res, sent.assertion.jwt, sent.sent);
    response = outcome.response;
    dpopResult = { thumbprint: dpop.key.thumbprint, binding: outcome.binding, nonceRetried };
  } else {
    response = parseTokenResponse(sent.res, sent.assertion.jwt, sent.sent);
  }
  const obtainedAt = now();
  const result: FetchTokenResult = { endpoints, assertion: sent.assertion, response, obtainedAt };
  if (response.expiresIn !== undefined) result.expiresAt = obtainedAt + response.expiresIn * 1000;
  if (dpopResult) result.dpop = dpopResult;
  observer?.step?.({
    step: 'response',
    tokenType: response.tokenType,
    expiresIn: response.expiresIn,
    scope: response.scope,
    obtainedAt,
    expiresAt: result.expiresAt,
  });
  return result;
}

/** One token request: a fresh assertion, a fresh DPoP proof when `dpop` is given, the POST; the raw answer. */
async function sendAttempt(
  args: Omit<FetchTokenArgs, 'dpop'>,
  endpoints: ResolvedEndpoints,
  dpop: DpopSession | undefined,
  nonceRetry: boolean,
) {
  const { profile, observer } = args;
  const now = args.now ?? Date.now;
  const clock = claimsClock(profile, now);
  const assertion = signStep(profile, args.key, endpoints, observer, clock, args.certificate);
  assertServerRules(profile.preset, {
    header: assertion.header,
    payload: assertion.payload,
    key: args.key,
    nowMs: clock(),
    ...(profile.scope ? { scope: profile.scope } : {}),
  });
  const proof = dpop
    ? tokenRequestProof(dpop, endpoints.tokenEndpoint, { observer, nonceRetry, ...(args.now ? { now: args.now } : {}) })
    : undefined;
  observer?.step?.({
    step: 'request',
    method: 'POST',
    url: endpoints.tokenEndpoint,
    params: formParams(profile),
    assertionLength: assertion.jwt.length,
  });
  const req: TokenRequest = {
    tokenEndpoint: endpoints.tokenEndpoint,
    clientAssertion: assertion.jwt,
    ...(profile.scope ? { scope: profile.scope } : {}),
    ...(proof ? { dpopProof: proof.jwt } : {}),
    ...(profile.sendClientId ? { clientId: profile.clientId } : {}),
    ...(profile.extraParams ? { extra: profile.extraParams } : {}),
    context: {
      preset: profile.preset,
      ...(endpoints.issuer !== undefined ? { issuer: endpoints.issuer } : {}),
      ...(profile.clockSkewSeconds ? { clockSkewSeconds: profile.clockSkewSeconds } : {}),
    },
  };
  const res = await sendTokenRequest(args.http, req);
  // RFC 9449 §8.2: a nonce given with any answer, a success included, is the one to use next.
  dpop?.nonces.rememberFrom(endpoints.tokenEndpoint, res.headers);
  return { assertion, res, sent: sentRequestOf(req) };
}

/**
 * Resolves the endpoints and signs an assertion without requesting a token, plus the lint of what a server is likely
 * to refuse. Discovery still runs when the profile has only an issuer.
 */
export async function signOnly(args: {
  profile: Profile;
  key: KeyObject;
  certificate?: X509Certificate;
  http: HttpClient;
  observer?: FlowObserver;
}): Promise<{ endpoints: ResolvedEndpoints; assertion: SignedAssertion; lint: LintFinding[] }> {
  const { profile, key, http, observer } = args;
  const endpoints = await resolveEndpoints(profile, http);
  const clock = claimsClock(profile, Date.now);
  const assertion = signStep(profile, key, endpoints, observer, clock, args.certificate);
  const lint = lintAssertion(assertion.header, assertion.payload, {
    tokenEndpoint: endpoints.tokenEndpoint,
    ...(endpoints.issuer !== undefined ? { issuer: endpoints.issuer } : {}),
    expUnit: profile.expUnit,
    nowMs: clock(),
  });
  const rules = rulesOf(profile.preset);
  if (rules) {
    const out = { header: assertion.header, payload: assertion.payload, key, nowMs: clock() };
    lint.push(...lintServerRules(rules, profile.scope ? { ...out, scope: profile.scope } : out));
  }
  return { endpoints, assertion, lint };
}
