/**
 * The client credentials grant with a JWT client assertion (RFC 6749 §4.4, RFC 7523 §2.2): builds the form body,
 * posts it, and treats the answer as untrusted input. A usable answer is a JSON object with a string `access_token`,
 * a `token_type`, and an `expires_in` that is a non-negative number or numeric string (or absent: "unknown").
 * Everything else becomes a ResponseError or an OAuthError with the likely cause; no error text holds the assertion
 * or a token.
 */
import { ConfigError, OAuthError, ResponseError } from './errors';
import type { HttpClient, HttpResponse } from './http';
import { parseJsonText } from './jsonText';
import type { PresetId } from './presets';
import { bodyExcerpt, printableText } from './printable';
import { RESERVED_FORM_PARAMS } from './requestParams';
import { assertAllowedUrl } from './urlPolicy';

/** The client_assertion_type of a JWT client assertion (RFC 7523 §2.2). */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** What one token request sends. `clientId` is sent only when given (the assertion already names the client). */
export interface TokenRequest {
  tokenEndpoint: string;
  clientAssertion: string;
  scope?: string;
  clientId?: string;
  extra?: Record<string, string>;
  /** What else helps to explain a refusal (the issuer, the profile's clock skew, the preset); never sent. */
  context?: { issuer?: string; clockSkewSeconds?: number; preset?: PresetId };
}

/** A validated token answer. `expiresIn` is in seconds; undefined means the server did not say. */
export interface TokenResponse {
  accessToken: string;
  tokenType: string;
  expiresIn?: number;
  scope?: string;
  raw: Record<string, unknown>;
}

/** Past this an `expires_in` is nonsense (about 317 years) and would overflow a Date. */
export const MAX_EXPIRES_IN_SECONDS = 1e10;

/**
 * The form body: grant_type=client_credentials, client_assertion_type, client_assertion, then scope and client_id when
 * given, then `extra`. Refuses (ConfigError `invalid_extra_param`) an extra parameter that would override one of those.
 */
export function tokenRequestBody(req: TokenRequest): URLSearchParams {
  const body = new URLSearchParams();
  body.set('grant_type', 'client_credentials');
  body.set('client_assertion_type', CLIENT_ASSERTION_TYPE);
  body.set('client_assertion', req.clientAssertion);
  const scope = req.scope?.trim();
  if (scope) body.set('scope', scope);
  if (req.clientId !== undefined && req.clientId !== '') body.set('client_id', req.clientId);
  for (const [name, value] of Object.entries(req.extra ?? {})) {
    if (RESERVED_FORM_PARAMS.has(name.toLowerCase())) {
      throw new ConfigError('invalid_extra_param', `extra parameter "${name}" would replace a parameter of the grant`);
    }
    body.set(name, value);
  }
  return body;
}

/**
 * Posts the grant to the token endpoint and validates the answer. Refuses a URL that is not https (loopback excepted)
 * before connecting. Throws OAuthError for an RFC 6749 §5.2 error answer (with {@link explainOAuthError} as hint),
 * ResponseError for anything else unusable, and NetworkError (from http) when no answer arrived.
 */
export async function requestToken(http: HttpClient, req: TokenRequest): Promise<TokenResponse> {
  assertAllowedUrl(req.tokenEndpoint, 'token endpoint');
  const res = await http.request({
    method: 'POST',
    url: req.tokenEndpoint,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: tokenRequestBody(req).toString(),
  });
  return parseTokenResponse(res, req.clientAssertion);
}

/**
 * Validates a token endpoint answer (any status). Exported for tests and for callers with their own transport;
 * `assertion` is redacted from any excerpt should the server echo it.
 */
export function parseTokenResponse(res: HttpResponse, assertion?: string): TokenResponse {
  const { status } = res;
  const ok = status >= 200 && status < 300;
  const json = parseJson(res.body);
  if (json.kind === 'object') {
    const error = json.value.error;
    if (!ok || (typeof error === 'string' && json.value.access_token === undefined)) {
      if (typeof error === 'string' && error !== '') throw oauthError(status, json.value);
    }
  }
  if (!ok) {
    throw new ResponseError(
      'http_error',
      `token endpoint answered HTTP ${status}${describeBody(res, json.kind, assertion)}`,
      status,
      statusHint(status),
      excerptOf(res.body, assertion),
    );
  }
  if (json.kind === 'invalid') {
    throw new ResponseError(
      'not_json',
      `token endpoint answered HTTP ${status} with a body that is not JSON: ${excerptOf(res.body, assertion)}`,
      status,
      'the URL may point at a web page or a proxy rather than the token endpoint',
      excerptOf(res.body, assertion),
    );
  }
  if (json.kind === 'other') {
    throw new ResponseError(
      'not_object',
      `token endpoint answered HTTP ${status} with a JSON ${json.type}, not an object`,
      status,
      'the answer is not a token response; check the token URL',
    );
  }
  const raw = json.value;
  if (typeof raw.access_token !== 'string' || raw.access_token === '') {
    throw new ResponseError(
      'missing_access_token',
      `token endpoint answered HTTP ${status} without an access_token string`,
      status,
      'the answer is not a token response; check the token URL',
    );
  }
  if (typeof raw.token_type !== 'string' || raw.token_type === '') {
    throw new ResponseError(
      'missing_token_type',
      `token endpoint answered HTTP ${status} without a token_type (RFC 6749 §5.1 requires it)`,
      status,
      'the server does not follow RFC 6749; the token cannot be used safely',
    );
  }
  const expiresIn = parseExpiresIn(raw.expires_in, status);
  const out: TokenResponse = { accessToken: raw.access_token, tokenType: raw.token_type, raw };
  if (expiresIn !== undefined) out.expiresIn = expiresIn;
  if (typeof raw.scope === 'string') out.scope = raw.scope;
  return out;
}

/**
 * `expires_in` as seconds: a finite number or a numeric string, 0..{@link MAX_EXPIRES_IN_SECONDS}; undefined when
 * absent (null counts as absent). Anything else is ResponseError `invalid_expires_in`: a wrong lifetime is never guessed.
 */
export function parseExpiresIn(value: unknown, status = 200): number | undefined {
  if (value === undefined || value === null) return undefined;
  let n = Number.NaN;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) n = Number(value);
  if (Number.isFinite(n) && n >= 0 && n <= MAX_EXPIRES_IN_SECONDS) return n;
  const shown = typeof value === 'string' ? JSON.stringify(printableText(value, 24)) : printableText(String(value), 24);
  throw new ResponseError(
    'invalid_expires_in',
    `token endpoint answered expires_in ${shown}; expected a number of seconds >= 0`,
    status,
    'the server sent an unusable lifetime; report it to the server operator',
  );
}

type ParsedJson =
  | { kind: 'object'; value: Record<string, unknown> }
  | { kind: 'other'; type: string }
  | { kind: 'invalid' };

function parseJson(body: string): ParsedJson {
  let value: unknown;
  try {
    value = parseJsonText(body);
  } catch {
    return { kind: 'invalid' };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return { kind: 'object', value: value as Record<string, unknown> };
  }
  return { kind: 'other', type: Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value };
}

function oauthError(status: number, body: Record<string, unknown>): OAuthError {
  const error = printableText(String(body.error), 64);
  const description =
    typeof body.error_description === 'string' && body.error_description.trim() !== ''
      ? printableText(body.error_description, 300)
      : undefined;
  const uri =
    typeof body.error_uri === 'string' && /^https?:\/\//i.test(body.error_uri)
      ? printableText(body.error_uri, 200)
      : undefined;
  return new OAuthError(status, error, description, uri, explainOAuthError(error, status));
}

function describeBody(res: HttpResponse, kind: ParsedJson['kind'], assertion: string | undefined): string {
  const type = res.headers['content-type']?.split(';')[0]?.trim();
  if (res.body.trim() === '') return ' with an empty body';
  const label =
    kind === 'invalid' ? (type ? printableText(type, 40) : 'a non-JSON body') : 'JSON without an OAuth error';
  return ` with ${label}: ${excerptOf(res.body, assertion)}`;
}

function excerptOf(body: string, assertion: string | undefined): string {
  return bodyExcerpt(assertion ? body.split(assertion).join('[assertion]') : body);
}

function statusHint(status: number): string | undefined {
  if (status === 401 || status === 403)
    return 'the server refused the client; check the client id, the registered key and the audience';
  if (status === 404 || status === 405) return 'nothing accepts a token request at this URL; check the token URL';
  if (status >= 500) return 'the server failed; try again later or ask its operator';
  return undefined;
}

const INVALID_CLIENT_HINT =
  'the server did not accept the client assertion. Likely causes: the public key registered for this client is ' +
  'missing or a different key; aud is not what the server expects (token URL vs issuer: change the profile audience, CLI --audience); the ' +
  'clock is off (skew) or the assertion expired; the assertion was replayed (a jti already used); exp in the wrong ' +
  'unit (seconds vs milliseconds: the profile exp unit, CLI --exp-unit); or a wrong client id';

/**
 * The likely cause of an RFC 6749 §5.2 error for a client credentials grant with a JWT assertion, in one line;
 * undefined when there is nothing more useful to say than the server's own description.
 */
export function explainOAuthError(error: string, status: number): string | undefined {
  switch (error) {
    case 'invalid_client':
      return INVALID_CLIENT_HINT;
    case 'invalid_scope':
      return 'the server refused the requested scope: ask only for scopes this client is allowed (Jack Henry: openid), or leave scope out';
    case 'unauthorized_client':
      return 'this client may not use the client_credentials grant (or private_key_jwt); ask the administrator to enable it for the client';
    case 'invalid_grant':
      return 'the grant was refused: the assertion may be expired, replayed or for another audience, or the client is disabled';
    case 'unsupported_grant_type':
      return 'this endpoint does not offer client_credentials; check the token URL and that the client is a service account';
    case 'invalid_request':
      return 'the server found the request malformed: check the token URL, that the server accepts private_key_jwt, and whether it needs client_id';
    case 'access_denied':
      return 'the server denied the request; the client may be disabled or lack permission';
    case 'temporarily_unavailable':
    case 'server_error':
      return 'the server failed; try again later';
    default:
      if (status === 401) return INVALID_CLIENT_HINT;
      if (status >= 500) return 'the server failed; try again later';
      return undefined;
  }
}
