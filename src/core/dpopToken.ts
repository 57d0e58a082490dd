/**
 * DPoP at the token endpoint (RFC 9449 §5, §8): the pieces the token flow adds when a profile uses DPoP. The flow
 * signs a fresh assertion for every attempt; this module makes the proof for each attempt, recognises a
 * `use_dpop_nonce` challenge (retried once, with the nonce the server gave), and checks that the answer really is a
 * DPoP-bound token: `token_type` DPoP, and a JWT access token's `cnf.jkt` equal to the DPoP key's thumbprint.
 */
import type { ServerMetadata } from './discovery';
import type { DpopNonceCache } from './dpopNonces';
import { createDpopProof, type DpopKey, type DpopProof } from './dpopProof';
import { ConfigError, OAuthError, ResponseError } from './errors';
import type { FlowObserver } from './flowSteps';
import type { HttpResponse } from './http';
import { decodeToken } from './jwt';
import { printableText } from './printable';
import type { SentRequest } from './refusal';
import { parseTokenResponse, type TokenResponse } from './tokenClient';

/** What a DPoP token request needs: the key that signs proofs and where the servers' nonces are kept. */
export interface DpopSession {
  readonly key: DpopKey;
  readonly nonces: DpopNonceCache;
}

/**
 * How a token relates to the DPoP key: `bound` (a JWT whose `cnf.jkt` is the key's RFC 7638 thumbprint), `no-cnf` (a
 * JWT without `cnf.jkt`, whose binding only the server knows) or `opaque` (not a JWT: the server knows the binding).
 */
export type DpopBinding = 'bound' | 'no-cnf' | 'opaque';

/** A DPoP-bound token answer with what the client can tell about the binding. */
export interface DpopTokenOutcome {
  readonly response: TokenResponse;
  readonly binding: DpopBinding;
}

const NONCE_ERROR = 'use_dpop_nonce';

/**
 * The session for a token request of a profile that uses DPoP. Refuses with ConfigError: no session
 * (`dpop_key_missing`), and a server whose metadata lists `dpop_signing_alg_values_supported` without the key's alg
 * (`alg_not_supported_by_server`, RFC 9449 §5.1). Only a list the server publishes can rule an alg out.
 */
export function dpopSessionFor(session: DpopSession | undefined, metadata: ServerMetadata | undefined): DpopSession {
  if (!session) {
    throw new ConfigError(
      'dpop_key_missing',
      'this profile uses DPoP, but no DPoP key was given',
      'give a DPoP private key (CLI --dpop-key), or turn DPoP off for this profile',
    );
  }
  const algs = metadata?.dpop_signing_alg_values_supported;
  if (Array.isArray(algs) && algs.length > 0 && !algs.includes(session.key.alg)) {
    throw new ConfigError(
      'alg_not_supported_by_server',
      `the server takes DPoP proofs signed with ${printableText(algs.map(String).join(', '), 160)}, not ${session.key.alg}`,
      'use a DPoP key (and alg) the server lists',
    );
  }
  return session;
}

/**
 * Signs the proof for one token request (POST to `tokenEndpoint`, with the nonce last remembered for it) and
 * reports it as the flow's `dpop` step; `nonceRetry` marks the second attempt after a `use_dpop_nonce` answer.
 */
export function tokenRequestProof(
  session: DpopSession,
  tokenEndpoint: string,
  opts: { observer?: FlowObserver; now?: () => number; nonceRetry: boolean },
): DpopProof {
  const nonce = session.nonces.get(tokenEndpoint);
  const proof = createDpopProof(session.key, {
    method: 'POST',
    url: tokenEndpoint,
    ...(nonce !== undefined ? { nonce } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  opts.observer?.step?.({
    step: 'dpop',
    alg: session.key.alg,
    thumbprint: session.key.thumbprint,
    htm: proof.payload.htm,
    htu: proof.payload.htu,
    nonce: proof.payload.nonce,
    nonceRetry: opts.nonceRetry,
    proof: proof.jwt,
  });
  return proof;
}

/**
 * Whether a token endpoint answer is a nonce challenge worth one retry (RFC 9449 §8): an error answer
 * `use_dpop_nonce` that came with a valid `DPoP-Nonce` (which it remembers for `tokenEndpoint`). Never throws.
 */
export function isDpopNonceChallenge(session: DpopSession, tokenEndpoint: string, res: HttpResponse): boolean {
  const nonce = session.nonces.rememberFrom(tokenEndpoint, res.headers);
  if (nonce === undefined || res.status < 400 || res.status >= 500) return false;
  try {
    const body: unknown = JSON.parse(res.body);
    return typeof body === 'object' && body !== null && (body as { error?: unknown }).error === NONCE_ERROR;
  } catch {
    return false;
  }
}

/**
 * Validates a token endpoint answer to a DPoP request: everything {@link parseTokenResponse} checks, then a
 * `token_type` of DPoP (case-insensitive, RFC 6749 §5.1) and, for a JWT access token, `cnf.jkt` equal to the DPoP
 * key's thumbprint (RFC 9449 §6.1). Throws OAuthError (DPoP errors with a DPoP hint), ResponseError
 * `dpop_not_bound` for a Bearer (or other) token type and `dpop_binding_mismatch` for another key's `cnf.jkt`.
 * Error text never holds the token, the assertion or the proof. `sent` feeds the explanation of a refusal.
 */
export function acceptDpopTokenResponse(
  session: DpopSession,
  res: HttpResponse,
  assertion: string,
  sent?: SentRequest,
): DpopTokenOutcome {
  let response: TokenResponse;
  try {
    response = parseTokenResponse(res, assertion, sent);
  } catch (e) {
    throw e instanceof OAuthError ? withDpopHint(e) : e;
  }
  if (response.tokenType.toLowerCase() !== 'dpop') {
    throw new ResponseError(
      'dpop_not_bound',
      `the token endpoint answered token_type "${printableText(response.tokenType, 40)}" to a DPoP request: the token is not bound to the DPoP key`,
      res.status,
      'the server ignored the DPoP proof; ask its operator to enable DPoP for this client, or turn DPoP off for this profile to use a bearer token',
    );
  }
  return { response, binding: dpopBinding(response.accessToken, session.key.thumbprint, res.status) };
}

/**
 * How `accessToken` relates to the DPoP key with RFC 7638 thumbprint `thumbprint` (see {@link DpopBinding}).
 * Throws ResponseError `dpop_binding_mismatch` when a JWT's `cnf.jkt` names another key.
 */
export function dpopBinding(accessToken: string, thumbprint: string, status = 200): DpopBinding {
  const decoded = decodeToken(accessToken);
  if (decoded.kind !== 'jwt') return 'opaque';
  const cnf = decoded.payload.cnf;
  const jkt = typeof cnf === 'object' && cnf !== null ? (cnf as { jkt?: unknown }).jkt : undefined;
  if (jkt === undefined) return 'no-cnf';
  if (jkt === thumbprint) return 'bound';
  throw new ResponseError(
    'dpop_binding_mismatch',
    "the access token's cnf.jkt is not the thumbprint of this DPoP key: it is bound to another key",
    status,
    'the server bound the token to a different key; fetch a new token, and report it to the server operator if it happens again',
  );
}

const DPOP_HINTS: Record<string, string> = {
  use_dpop_nonce:
    'the server wants a DPoP nonce and gave none that worked after one retry; try again, and check that no proxy strips the DPoP-Nonce header',
  invalid_dpop_proof:
    "the server refused the DPoP proof: check the machine's clock, and that the server accepts the proof's alg (Jack Henry takes ES256/384/512 and PS256/384)",
};

function withDpopHint(e: OAuthError): OAuthError {
  const hint = DPOP_HINTS[e.error];
  return hint ? new OAuthError(e.status, e.error, e.errorDescription, e.errorUri, hint) : e;
}
