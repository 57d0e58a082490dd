/**
 * Authorization server metadata from an issuer: OpenID Connect Discovery 1.0 (`/.well-known/openid-configuration`
 * appended to the issuer), then RFC 8414 (`/.well-known/oauth-authorization-server` inserted before the issuer's path).
 * The metadata is untrusted: its `issuer` must equal the configured issuer exactly (RFC 8414 §3.3), and its endpoints
 * must pass the same URL rules as configured ones, so metadata cannot send the assertion somewhere else.
 */
import { ConfigError, isClientCredsError, NetworkError, ResponseError } from './errors';
import type { HttpClient } from './http';
import { parseJsonText } from './jsonText';
import { printableText } from './printable';
import { assertAllowedUrl } from './urlPolicy';

/** The metadata fields Client Creds reads; the rest is kept as published. */
export interface ServerMetadata {
  issuer: string;
  token_endpoint: string;
  jwks_uri?: string;
  token_endpoint_auth_methods_supported?: string[];
  token_endpoint_auth_signing_alg_values_supported?: string[];
  [k: string]: unknown;
}

/**
 * The metadata URLs tried for `issuer`, in order: OpenID (appended), then RFC 8414 (path-inserted). Refuses an issuer that fails {@link assertAllowedUrl} or has a query (ConfigError `invalid_url`).
 */
export function discoveryUrls(issuer: string): string[] {
  const url = assertAllowedUrl(issuer, 'issuer');
  if (url.search !== '') {
    throw new ConfigError('invalid_url', 'issuer: must not contain a ?query (RFC 8414 §2)');
  }
  const path = url.pathname.replace(/\/+$/, '');
  return [
    `${url.origin}${path}/.well-known/openid-configuration`,
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
  ];
}

/**
 * Fetches and validates the metadata of `issuer`. A 4xx/5xx, a redirect or a non-JSON answer at one URL moves on to
 * the next; when none has metadata: ResponseError `discovery_failed` listing what each URL answered. Metadata naming
 * another issuer is ResponseError `issuer_mismatch`; a missing or disallowed token_endpoint or jwks_uri, or a
 * malformed list, is ResponseError `metadata_invalid`. Network failures (DNS, TLS, timeout) are thrown as they are.
 */
export async function discover(issuer: string, http: HttpClient): Promise<ServerMetadata> {
  const tried: string[] = [];
  let lastStatus = 0;
  for (const url of discoveryUrls(issuer)) {
    let res: Awaited<ReturnType<HttpClient['request']>>;
    try {
      res = await http.request({ method: 'GET', url, headers: { accept: 'application/json' } });
    } catch (err) {
      if (err instanceof NetworkError && err.code === 'redirect') {
        tried.push(`${url} redirects`);
        continue;
      }
      throw err;
    }
    lastStatus = res.status;
    if (res.status < 200 || res.status >= 300) {
      tried.push(`${url} answered HTTP ${res.status}`);
      continue;
    }
    const doc = parseObject(res.body);
    if (!doc) {
      tried.push(`${url} answered something other than a JSON object`);
      continue;
    }
    return validateMetadata(doc, issuer, url, res.status);
  }
  throw new ResponseError(
    'discovery_failed',
    `no authorization server metadata for issuer ${issuer}: ${tried.join('; ')}`,
    lastStatus,
    'check the issuer URL (the "iss" of the server\'s tokens), or set the token URL directly',
  );
}

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = parseJsonText(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function validateMetadata(doc: Record<string, unknown>, issuer: string, url: string, status: number): ServerMetadata {
  const invalid = (message: string, hint?: string) =>
    new ResponseError('metadata_invalid', `metadata at ${url}: ${message}`, status, hint);
  if (doc.issuer !== issuer) {
    const shown = typeof doc.issuer === 'string' ? JSON.stringify(printableText(doc.issuer, 200)) : 'no issuer';
    throw new ResponseError(
      'issuer_mismatch',
      `metadata at ${url} names ${shown}, not "${issuer}"`,
      status,
      'use exactly the issuer the server publishes (a trailing slash matters); a mismatch can mean a misconfigured or impostor server',
    );
  }
  if (typeof doc.token_endpoint !== 'string' || doc.token_endpoint === '') {
    throw invalid('no token_endpoint', 'the server does not publish a token endpoint; set the token URL directly');
  }
  checkUrl(doc.token_endpoint, 'token_endpoint', invalid);
  if (doc.jwks_uri !== undefined) {
    if (typeof doc.jwks_uri !== 'string') throw invalid('jwks_uri is not a string');
    checkUrl(doc.jwks_uri, 'jwks_uri', invalid);
  }
  for (const name of ['token_endpoint_auth_methods_supported', 'token_endpoint_auth_signing_alg_values_supported']) {
    const list = doc[name];
    if (list !== undefined && !(Array.isArray(list) && list.every((x) => typeof x === 'string'))) {
      throw invalid(`${name} is not a list of strings`);
    }
  }
  return doc as ServerMetadata;
}

function checkUrl(value: string, name: string, invalid: (message: string, hint?: string) => ResponseError): void {
  try {
    assertAllowedUrl(value, name);
  } catch (err) {
    if (isClientCredsError(err)) throw invalid(err.message, err.hint);
    throw err;
  }
}
