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
import { bodyExcerpt, printableText } from './printable';
import { explainRefusal, type SentRequest } from './refusal';
import { RESERVED_FORM_PARAMS } from './requestParams';
import { redactSecrets, secretsInResponse } from './responseSecrets';
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
  /** A DPoP proof (RFC 9449 §5), sent as the `DPoP` header. */
  dpopProof?: string;
  /** What else helps to explain a refusal (the issuer, the profile's clock skew, the preset); never sent. */
  context?: Pick<SentRequest, 'issuer' | 'clockSkewSeconds' | 'preset'>;
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
 * before connecting. Throws OAuthError for an RFC 6749 §5.2 error answer and ResponseError for anything else unusable,
 * each with the likely cause from {@link explainRefusal} (the server's phrasing, what was sent, the measured clock),
 * and NetworkError (from http) when no answer arrived.
 */
export async function requestToken(http: HttpClient, req: TokenRequest): Promise<TokenResponse> {
  return parseTokenResponse(await sendTokenRequest(http, req), req.clientAssertion, sentRequestOf(req));
}

/**
 * Posts the grant (with the `DPoP` header when `req.dpopProof` is given) and returns the raw answer of any status,
 * for callers that must read its headers first (a `DPoP-Nonce`). Refuses a URL that is not https (loopback excepted)
 * before connecting; NetworkError (from http) when no answer arrived.
 */
export async function sendTokenRequest(http: HttpClient, req: TokenRequest): Promise<HttpResponse> {
  assertAllowedUrl(req.tokenEndpoint, 'token endpoint');
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (req.dpopProof !== undefined) headers.dpop = req.dpopProof;
  return http.request({ method: 'POST', url: req.tokenEndpoint, headers, body: tokenRequestBody(req).toString() });
}

/** What a refusal explanation needs to know about `req`. */
export function sentRequestOf(req: TokenRequest): SentRequest {
  const sent: SentRequest = {
    ...req.context,
    tokenEndpoint: req.tokenEndpoint,
    assertion: req.clientAssertion,
    clientIdSent: req.clientId !== undefined && req.clientId !== '',
  };
  if (req.scope?.trim()) sent.scope = req.scope.trim();
  if (req.extra) sent.extraParams = req.extra;
  return sent;
}

/**
 * Validates a token endpoint answer (any status). Exported for tests and for callers with their own transport.
 * No error text holds a secret of the answer (the value of `access_token`, `refresh_token`, `id_token`, … however
 * short, wherever else it appears) or the `assertion` sent, should the server echo it. `sent` feeds the explanation
 * of a refusal.
 */
export function parseTokenResponse(res: HttpResponse, assertion?: string, sent?: SentRequest): TokenResponse {
  const { status } = res;
  const ok = status >= 200 && status < 300;
  const secrets = [...secretsInResponse(res.body), ...(assertion ? [assertion] : [])];
  const clean = (text: string) => redactSecrets(text, secrets);
  const json = parseJson(res.body);
  const refusal = { status, date: res.headers.date, receivedAt: res.receivedAt };
  if (json.kind === 'object') {
    const error = json.value.error;
    if (!ok || (typeof error === 'string' && json.value.access_token === undefined)) {
      if (typeof error === 'string' && error !== '') throw oauthError(status, json.value, clean, refusal, sent);
    }
  }
  if (!ok) {
    throw new ResponseError(
      'http_error',
      `token endpoint answered HTTP ${status}${describeBody(res, json.kind, clean)}`,
      status,
      explainRefusal(refusal, { ...sent, ...(assertion ? { assertion } : {}) }),
      bodyExcerpt(clean(res.body)),
    );
  }
  if (json.kind === 'invalid') {
    throw new ResponseError(
      'not_json',
      `token endpoint answered HTTP ${status} with a body that is not JSON: ${bodyExcerpt(clean(res.body))}`,
      status,
      'the URL may point at a web page or a proxy rather than the token endpoint',
      bodyExcerpt(clean(res.body)),
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
  const expiresIn = parseExpiresIn(raw.expires_in, status, clean);
  const out: TokenResponse = { accessToken: raw.access_token, tokenType: raw.token_type, raw };
  if (expiresIn !== undefined) out.expiresIn = expiresIn;
  if (typeof raw.scope === 'string') out.scope = raw.scope;
  return out;
}

/**
 * `expires_in` as seconds: a finite number or a numeric string, 0..{@link MAX_EXPIRES_IN_SECONDS}; undefined when
 * absent (null counts as absent). Anything else is ResponseError `invalid_expires_in`: a wrong lifetime is never guessed.
 * `clean` removes secrets from the value before it is shown.
 */
export function parseExpiresIn(
  value: unknown,
  status = 200,
  clean: (text: string) => string = (t) => t,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  let n = Number.NaN;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) n = Number(value);
  if (Number.isFinite(n) && n >= 0 && n <= MAX_EXPIRES_IN_SECONDS) return n;
  const text = clean(typeof value === 'string' ? value : String(value));
  const shown = typeof value === 'string' ? JSON.stringify(printableText(text, 24)) : printableText(text, 24);
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

function oauthError(
  status: number,
  body: Record<string, unknown>,
  clean: (text: string) => string,
  refusal: { status: number; date?: string; receivedAt?: number },
  sent: SentRequest | undefined,
): OAuthError {
  const error = printableText(clean(String(body.error)), 64);
  const description =
    typeof body.error_description === 'string' && body.error_description.trim() !== ''
      ? printableText(clean(body.error_description), 300)
      : undefined;
  const uri =
    typeof body.error_uri === 'string' && /^https?:\/\//i.test(body.error_uri)
      ? printableText(clean(body.error_uri), 200)
      : undefined;
  const hint = explainRefusal({ ...refusal, error, ...(description ? { description } : {}) }, sent);
  return new OAuthError(status, error, description, uri, hint);
}

function describeBody(res: HttpResponse, kind: ParsedJson['kind'], clean: (text: string) => string): string {
  const type = res.headers['content-type']?.split(';')[0]?.trim();
  if (res.body.trim() === '') return ' with an empty body';
  const label =
    kind === 'invalid' ? (type ? printableText(type, 40) : 'a non-JSON body') : 'JSON without an OAuth error';
  return ` with ${label}: ${bodyExcerpt(clean(res.body))}`;
}

/**
 * The likely cause of an RFC 6749 §5.2 error for a client credentials grant with a JWT assertion, in one line, when
 * nothing is known about what was sent (see {@link explainRefusal}); undefined when there is nothing more useful to say
 * than the server's own description.
 */
export function explainOAuthError(error: string, status: number): string | undefined {
  return explainRefusal({ status, error });
}
