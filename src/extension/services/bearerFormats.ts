/**
 * The forms Copy Bearer Token offers: the bare token, an `Authorization` header line, or a curl command
 * that reads the request URL from `$URL` (so the line can be pasted as-is and the URL set separately).
 */
import type { CachedToken } from './cachedToken';

/** Which form to copy. */
export type BearerFormat = 'token' | 'header' | 'curl';

/** Every format in the order the quick pick shows them. */
export const BEARER_FORMATS: readonly BearerFormat[] = ['token', 'header', 'curl'];

// RFC 6750 tokens are b64token characters; anything else (a quote, a space, a newline) could break out
// of the shell line, so the curl form refuses such tokens rather than trying to escape them.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** The authorization scheme to send: `Bearer` for `token_type` bearer (any case), else the type as given. */
export function schemeOf(token: CachedToken): string {
  return token.tokenType.toLowerCase() === 'bearer' ? 'Bearer' : token.tokenType;
}

/**
 * The value of an `Authorization` header for `token`: `Bearer <token>` (RFC 6750 §2.1), or its own scheme for
 * another `token_type`. Refuses (TypeError) a token or scheme that is not b64token text, which could end the header.
 */
export function authorizationValue(token: CachedToken): string {
  if (!B64TOKEN.test(token.accessToken) || !/^[A-Za-z0-9_-]+$/.test(schemeOf(token))) {
    throw new TypeError('the token has characters that cannot be put in a header line');
  }
  return `${schemeOf(token)} ${token.accessToken}`;
}

/** The text to copy for `format`; refuses (TypeError) a token that is not RFC 6750 b64token text for header and curl. */
export function formatBearer(token: CachedToken, format: BearerFormat): string {
  if (format === 'token') return token.accessToken;
  const header = `Authorization: ${authorizationValue(token)}`;
  return format === 'header' ? header : `curl --header '${header}' "$URL"`;
}
