/**
 * Fetching a JSON Web Key Set (RFC 7517 §5) for signature checks: the CLI's `verify` and the claims panel
 * both get their keys here, through the one HTTP client.
 */
import { discover } from './discovery';
import { ResponseError } from './errors';
import type { HttpClient } from './http';
import { parseJsonText } from './jsonText';
import { assertAllowedUrl } from './urlPolicy';

/** A JWKS as fetched: `keys` is checked to be an array; the keys themselves are judged by the verifier. */
export interface JwkSet {
  keys: unknown[];
}

const HINT = 'check the JWKS URL, or the issuer whose discovery document names it';

/**
 * GETs `url` (https, or http on loopback only) and returns its key set. Refuses a non-200 answer
 * (`jwks_status`), a body that is not JSON (`jwks_not_json`) and JSON without a `keys` array (`jwks_not_jwks`).
 */
export async function fetchJwks(http: HttpClient, url: string, signal?: AbortSignal): Promise<JwkSet> {
  assertAllowedUrl(url, 'JWKS URL');
  const res = await http.request({ method: 'GET', url, headers: { accept: 'application/json' }, signal });
  if (res.status !== 200) {
    throw new ResponseError('jwks_status', `the JWKS endpoint ${url} answered HTTP ${res.status}`, res.status, HINT);
  }
  let body: unknown;
  try {
    body = parseJsonText(res.body);
  } catch {
    throw new ResponseError('jwks_not_json', `the JWKS endpoint ${url} did not answer with JSON`, res.status, HINT);
  }
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { keys?: unknown }).keys)) {
    throw new ResponseError(
      'jwks_not_jwks',
      `the JWKS endpoint ${url} did not answer with a JSON Web Key Set (no "keys" array)`,
      res.status,
      HINT,
    );
  }
  return { keys: (body as JwkSet).keys };
}

/**
 * The `jwks_uri` of `issuer` from its discovery document, or undefined when the metadata names none.
 * Discovery errors (unreachable issuer, issuer mismatch, bad metadata) are thrown as they are.
 */
export async function discoverJwksUri(issuer: string, http: HttpClient): Promise<string | undefined> {
  return (await discover(issuer, http)).jwks_uri;
}
