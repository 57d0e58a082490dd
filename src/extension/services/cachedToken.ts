/**
 * The token record kept in SecretStorage under `clientCreds.token:<profile>` (extension contract), so a
 * window reload keeps the token and its countdown. Parsing is strict: the stored text is treated as
 * untrusted (another version or another window may have written it).
 */

/** A fetched access token with what the status bar and the claims panel need. */
export interface CachedToken {
  accessToken: string;
  tokenType: string;
  /** Epoch ms; absent when the server did not say (never invented). */
  expiresAt?: number;
  /** Epoch ms. */
  obtainedAt: number;
  scope?: string;
  tokenEndpoint: string;
  jwksUri?: string;
  /** Only for a DPoP-bound token (RFC 9449): the DPoP key's RFC 7638 thumbprint and what the client saw of the binding. */
  dpop?: CachedDpop;
}

/** The DPoP side of a cached token: the key it is bound to (public thumbprint only, never the key). */
export interface CachedDpop {
  thumbprint: string;
  /** `bound` (a JWT whose cnf.jkt is the thumbprint), `no-cnf` (a JWT without cnf.jkt) or `opaque` (not a JWT). */
  binding: 'bound' | 'no-cnf' | 'opaque';
}

const BINDINGS: readonly string[] = ['bound', 'no-cnf', 'opaque'];

/** The parts of a core `FetchTokenResult` a cache record is made from (kept structural to stay import-free). */
export interface FetchedToken {
  response: { accessToken: string; tokenType: string; scope?: string };
  endpoints: { tokenEndpoint: string; metadata?: { jwks_uri?: string } };
  obtainedAt: number;
  expiresAt?: number;
  dpop?: { thumbprint: string; binding: CachedDpop['binding'] };
}

/** Builds the cache record for a fetched token. */
export function cachedTokenFrom(result: FetchedToken): CachedToken {
  const token: CachedToken = {
    accessToken: result.response.accessToken,
    tokenType: result.response.tokenType,
    obtainedAt: result.obtainedAt,
    tokenEndpoint: result.endpoints.tokenEndpoint,
  };
  if (isFiniteNumber(result.expiresAt)) token.expiresAt = result.expiresAt;
  if (result.response.scope) token.scope = result.response.scope;
  const jwksUri = result.endpoints.metadata?.jwks_uri;
  if (typeof jwksUri === 'string' && jwksUri) token.jwksUri = jwksUri;
  if (result.dpop) token.dpop = { thumbprint: result.dpop.thumbprint, binding: result.dpop.binding };
  return token;
}

/** The JSON stored in SecretStorage. */
export function serializeCachedToken(token: CachedToken): string {
  return JSON.stringify(token);
}

/**
 * Reads a stored record; `undefined` for anything that is not valid JSON with a non-empty `accessToken`,
 * a `tokenType`, a finite `obtainedAt` and a `tokenEndpoint`. Unknown fields are dropped, a non-numeric
 * `expiresAt` is treated as unknown.
 */
export function parseCachedToken(text: string | undefined): CachedToken | undefined {
  if (!text) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.accessToken !== 'string' || r.accessToken === '') return undefined;
  if (typeof r.tokenType !== 'string' || !isFiniteNumber(r.obtainedAt)) return undefined;
  if (typeof r.tokenEndpoint !== 'string') return undefined;
  const token: CachedToken = {
    accessToken: r.accessToken,
    tokenType: r.tokenType,
    obtainedAt: r.obtainedAt,
    tokenEndpoint: r.tokenEndpoint,
  };
  if (isFiniteNumber(r.expiresAt)) token.expiresAt = r.expiresAt;
  if (typeof r.scope === 'string' && r.scope) token.scope = r.scope;
  if (typeof r.jwksUri === 'string' && r.jwksUri) token.jwksUri = r.jwksUri;
  const dpop = parseCachedDpop(r.dpop);
  if (dpop) token.dpop = dpop;
  return token;
}

/** True when `token` is DPoP-bound (RFC 9449): its type is DPoP or it remembers a DPoP key. */
export function isDpopToken(token: CachedToken): boolean {
  return token.dpop !== undefined || token.tokenType.toLowerCase() === 'dpop';
}

function parseCachedDpop(raw: unknown): CachedDpop | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { thumbprint, binding } = raw as Record<string, unknown>;
  if (typeof thumbprint !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(thumbprint)) return undefined;
  if (typeof binding !== 'string' || !BINDINGS.includes(binding)) return undefined;
  return { thumbprint, binding: binding as CachedDpop['binding'] };
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
