/**
 * The two headers one API call with a DPoP-bound token needs (RFC 9449 §7.1): `Authorization: DPoP <token>` and
 * `DPoP: <proof>`, the proof fresh for this request (its own `jti` and `iat`, `htm`/`htu` of the request, `ath` of
 * the token, the server's nonce when one is known), and the same as a curl line.
 */

import type { DpopNonceCache } from '../../core/dpopNonces';
import type { DpopKey } from '../../core/dpopProof';
import { ConfigError } from '../../core/errors';
import type { CachedToken } from './cachedToken';

/** The headers of one request, named as they are sent. */
export interface DpopRequestHeaders {
  Authorization: string;
  DPoP: string;
}

/** One request a proof is made for: an HTTP method and an absolute http(s) URL. */
export interface DpopRequest {
  method: string;
  url: string;
}

/**
 * Builds the headers of `request` with `token` and the profile's DPoP `key`; a nonce the target's origin gave before
 * (in `nonces`) goes into the proof. Throws ConfigError `dpop_not_bound` when the token is not bound to `key` (another
 * key's thumbprint, or a Bearer token), and the ConfigErrors of core createDpopProof (`invalid_url`,
 * `dpop_invalid_method`, `dpop_invalid_access_token`). `now` is a clock in milliseconds.
 */
export async function dpopRequestHeaders(
  token: CachedToken,
  key: DpopKey,
  nonces: DpopNonceCache,
  request: DpopRequest,
  now?: () => number,
): Promise<DpopRequestHeaders> {
  if (token.dpop?.thumbprint !== key.thumbprint) {
    throw new ConfigError(
      'dpop_not_bound',
      token.dpop
        ? "the token is bound to another DPoP key than the profile's current one"
        : 'the token is not a DPoP-bound token',
      'fetch a new token for the profile (Fetch Token), then copy the authorization again',
    );
  }
  const { createDpopProof } = await import('../../core/dpopProof');
  const nonce = nonces.get(request.url);
  const proof = createDpopProof(key, {
    method: request.method,
    url: request.url,
    accessToken: token.accessToken,
    ...(nonce !== undefined ? { nonce } : {}),
    ...(now ? { now } : {}),
  });
  return { Authorization: `DPoP ${token.accessToken}`, DPoP: proof.jwt };
}

/** A POSIX-shell single-quoted word (a `'` inside becomes `'\''`). */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The headers as `Name: value` lines (CRLF-free, one per line). */
export function formatHeaderLines(headers: DpopRequestHeaders): string {
  return `Authorization: ${headers.Authorization}\nDPoP: ${headers.DPoP}`;
}

/** A curl command line for `request` carrying `headers`; method and URL are shell-quoted. */
export function formatCurl(request: DpopRequest, headers: DpopRequestHeaders): string {
  const method = request.method.trim().toUpperCase();
  return [
    'curl',
    ...(method === 'GET' ? [] : ['--request', shellQuote(method)]),
    '--header',
    shellQuote(`Authorization: ${headers.Authorization}`),
    '--header',
    shellQuote(`DPoP: ${headers.DPoP}`),
    shellQuote(request.url),
  ].join(' ');
}
