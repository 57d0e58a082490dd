/**
 * The NetworkErrors of the HTTP client: each failure (timeout, redirect, oversized answer, cancellation, and every
 * undici or Node error) becomes one stable code, a one-line message naming the host, and a hint at the likely cause.
 * Only error codes are read from the libraries, never their messages, and no message holds a request or response body.
 */
import { NetworkError } from './errors';

const TIMEOUT_HINT =
  'the server or the network is slow or unreachable; check the URL and proxy settings, or raise the timeout';

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** The whole request took longer than `timeoutMs`. */
export function timeoutError(url: URL, timeoutMs: number): NetworkError {
  return new NetworkError('timeout', `no complete answer from ${url.host} within ${duration(timeoutMs)}`, TIMEOUT_HINT);
}

function withCause(cause: unknown): { cause: unknown } | undefined {
  return cause === undefined ? undefined : { cause };
}

/** No TCP (and TLS) connection to the host within the connect timeout. */
export function connectTimeoutError(url: URL, cause?: unknown): NetworkError {
  return new NetworkError('timeout', `could not connect to ${url.host} in time`, TIMEOUT_HINT, withCause(cause));
}

/** No response headers within `headersTimeoutMs` (milliseconds) of the request being sent. */
export function headersTimeoutError(url: URL, headersTimeoutMs: number, cause?: unknown): NetworkError {
  return new NetworkError(
    'timeout',
    `no answer from ${url.host} within ${duration(headersTimeoutMs)}`,
    TIMEOUT_HINT,
    withCause(cause),
  );
}

/** The body went silent for `bodyTimeoutMs` (milliseconds). */
export function bodyTimeoutError(url: URL, bodyTimeoutMs: number, cause?: unknown): NetworkError {
  return new NetworkError(
    'timeout',
    `answer from ${url.host} stalled for ${duration(bodyTimeoutMs)}`,
    TIMEOUT_HINT,
    withCause(cause),
  );
}

/** The connection ended before the body reached its announced Content-Length. */
export function shortBodyError(url: URL, cause?: unknown): NetworkError {
  return new NetworkError(
    'protocol',
    `answer from ${url.host} ended before its announced length`,
    'the connection was cut mid-answer: try again; if it keeps happening, a proxy or load balancer in between may be cutting answers',
    withCause(cause),
  );
}

const NOT_HTTP_HINT =
  'check that the URL (host, port, path) points at the OAuth server: something else answered, or a proxy or load balancer in between broke the answer';

/** The answer is not HTTP/1.1 a parser accepts (`code`: llhttp's HPE_* or undici's, when there is one). */
function notHttpError(url: URL, code: string | undefined, cause: unknown): NetworkError {
  return new NetworkError(
    'protocol',
    `answer from ${url.host} is not valid HTTP/1.1${code ? ` (${code})` : ''}`,
    NOT_HTTP_HINT,
    withCause(cause),
  );
}

/** The HTTP client was closed while the request was still waiting. */
export function clientClosedError(url: URL, cause?: unknown): NetworkError {
  return new NetworkError(
    'aborted',
    `request to ${url.host} was cancelled: the HTTP client was closed`,
    undefined,
    withCause(cause),
  );
}

/** The caller's signal aborted the request. */
export function abortedError(url: URL): NetworkError {
  return new NetworkError('aborted', `request to ${url.host} was cancelled`);
}

/**
 * The answer declared or sent more than `maxResponseBytes`. The hint fits the request: a POST is the token request,
 * a GET fetches a discovery document or a JWKS.
 */
export function tooLargeError(url: URL, maxResponseBytes: number, method: 'GET' | 'POST' = 'POST'): NetworkError {
  return new NetworkError(
    'response_too_large',
    `answer from ${url.host} is larger than ${Math.round(maxResponseBytes / 1024)} KiB; stopped reading`,
    method === 'POST'
      ? 'a token answer is a few KiB; check that the URL points at the token endpoint'
      : 'a discovery document or JWKS is a few KiB; check that the URL points at the metadata or JWKS document',
  );
}

/**
 * A 3xx answer, which is never followed; names the Location host, never the full Location. The hint fits the
 * request: following a POST would re-send the signed assertion, following a GET would trust keys from elsewhere.
 */
export function redirectError(
  url: URL,
  status: number,
  location: string | undefined,
  method: 'GET' | 'POST' = 'POST',
): NetworkError {
  let target = 'no Location';
  if (location) {
    try {
      const to = new URL(location, url);
      target = to.host === url.host ? `${to.host} (same host, another path)` : to.host;
    } catch {
      target = 'an unreadable Location';
    }
  }
  return new NetworkError(
    'redirect',
    `${url.host} answered HTTP ${status}, a redirect to ${target}; redirects are not followed`,
    method === 'POST'
      ? 'use the final URL directly: following a redirect could send the signed assertion to another host'
      : 'use the final URL directly: following a redirect could fetch metadata or keys from another host',
    { status },
  );
}

// A TLS handshake that failed before any certificate: most often an https: URL on a port that speaks plain HTTP.
const TLS_HANDSHAKE_CODES = /^EPROTO$|WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST|UNKNOWN_PROTOCOL/;

const TLS_CODES =
  /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|EPROTO|HOSTNAME_MISMATCH|ERR_OSSL|UND_ERR_PRX_TLS/;

/** Maps an undici or Node error to a NetworkError; only error codes are copied, never library messages. */
export function toNetworkError(
  err: unknown,
  url: URL,
  settings: { headersTimeoutMs: number; bodyTimeoutMs: number },
): NetworkError {
  if (err instanceof NetworkError) return err;
  const code = errorCode(err);
  const host = url.host;
  const cause = { cause: err };
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return connectTimeoutError(url, err);
    case 'UND_ERR_HEADERS_TIMEOUT':
      return headersTimeoutError(url, settings.headersTimeoutMs, err);
    case 'UND_ERR_BODY_TIMEOUT':
      return bodyTimeoutError(url, settings.bodyTimeoutMs, err);
    case 'UND_ERR_ABORTED':
    case 'UND_ERR_ABORT':
    case 'ABORT_ERR': {
      const proxyStatus = /Proxy response \((\d{3})\)/.exec(errorMessage(err))?.[1];
      if (proxyStatus) {
        return new NetworkError(
          'proxy',
          `the proxy refused to connect to ${host} (HTTP ${proxyStatus})`,
          proxyStatus === '407' ? 'the proxy needs credentials: put them in the proxy URL' : PROXY_HINT,
          cause,
        );
      }
      return new NetworkError('aborted', `request to ${host} was cancelled`, undefined, cause);
    }
    case 'UND_ERR_DESTROYED':
    case 'UND_ERR_CLOSED':
      return clientClosedError(url, err);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME': {
      // Through a proxy, the name that did not resolve is the proxy's.
      const name = lookedUpHost(err);
      if (name !== undefined && name.toLowerCase() !== url.hostname.toLowerCase()) {
        return new NetworkError(
          'dns',
          `could not resolve the proxy host ${name} (${code}) on the way to ${host}`,
          'check the proxy setting (--proxy, clientCreds.proxy, http.proxy, or HTTPS_PROXY / https_proxy / ALL_PROXY), or unset it to connect directly',
          cause,
        );
      }
      return new NetworkError(
        'dns',
        `could not resolve ${url.hostname} (${code})`,
        'check the host name, your network and proxy settings (HTTPS_PROXY)',
        cause,
      );
    }
    case 'UND_ERR_SOCKET':
    case 'ECONNRESET':
    case 'EPIPE':
      return new NetworkError(
        'connect_failed',
        `connection to ${host} closed before a complete answer (${code})`,
        'the server or a proxy in between dropped the connection; try again, or check proxy settings',
        cause,
      );
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return shortBodyError(url, err);
  }
  // undici's parser errors (through a proxy) may come without a code, by name only.
  if (code?.startsWith('HPE_') || code === 'UND_ERR_HEADERS_OVERFLOW' || errorName(err) === 'HTTPParserError') {
    return notHttpError(url, code, err);
  }
  if (code && TLS_HANDSHAKE_CODES.test(code)) return tlsHandshakeError(code, url, cause);
  if (code && TLS_CODES.test(code)) return tlsError(code, url, cause);
  const peer = connectedPeer(err);
  const targetPort = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (peer && peer.port !== targetPort) {
    return new NetworkError(
      'connect_failed',
      `could not connect to the proxy ${peer.address}:${peer.port}${code ? ` (${code})` : ''} on the way to ${host}`,
      'check the proxy setting (--proxy, clientCreds.proxy, http.proxy, or HTTPS_PROXY / https_proxy / ALL_PROXY), or unset it to connect directly',
      cause,
    );
  }
  return new NetworkError(
    'connect_failed',
    `could not connect to ${host}${code ? ` (${code})` : ''}`,
    'check the URL and port, and whether a proxy is needed (HTTPS_PROXY, or the proxy setting)',
    cause,
  );
}

const PROXY_HINT = 'check the proxy URL, or whether this host should bypass the proxy (NO_PROXY)';

function tlsHandshakeError(code: string, url: URL, cause: { cause: unknown }): NetworkError {
  return new NetworkError(
    'tls',
    `TLS handshake with ${url.host} failed (${code})`,
    'the port may not speak TLS: check that an https: URL (or an https:// proxy) points at a TLS port, not a plain HTTP one',
    cause,
  );
}

function tlsError(code: string, url: URL, cause: { cause: unknown }): NetworkError {
  const untrusted = /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_UNTRUSTED|CERT_SIGNATURE/.test(code);
  const what = untrusted
    ? 'is not signed by a trusted certificate authority'
    : /EXPIRED/.test(code)
      ? 'has expired'
      : /ALTNAME|HOSTNAME/.test(code)
        ? `is not valid for ${url.hostname}`
        : 'could not be verified';
  return new NetworkError(
    'tls',
    `TLS certificate of ${url.host} ${what} (${code})`,
    untrusted
      ? 'if the server uses a private CA, add that CA certificate (CLI --ca=FILE, setting clientCreds.caCertificates); verification is never turned off'
      : 'certificate verification is never turned off; fix the certificate or use the right host name',
    cause,
  );
}

function errorName(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && typeof (err as { name?: unknown }).name === 'string'
    ? (err as { name: string }).name
    : undefined;
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; name?: unknown; errors?: unknown };
  if (typeof e.code === 'string') return e.code;
  // Happy-eyeballs connects fail with an AggregateError of one error per address.
  if (Array.isArray(e.errors)) return errorCode(e.errors[0]);
  if (e.name === 'AbortError') return 'ABORT_ERR';
  return undefined;
}

/** The address and port a failed connect was for (Node puts them in `address` and `port`). */
function connectedPeer(err: unknown): { address: string; port: number } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { address?: unknown; port?: unknown; errors?: unknown };
  if (typeof e.address === 'string' && typeof e.port === 'number') return { address: e.address, port: e.port };
  if (Array.isArray(e.errors)) return connectedPeer(e.errors[0]);
  return undefined;
}

/** The host name a failed DNS lookup was for (Node puts it in `hostname`), through an AggregateError too. */
function lookedUpHost(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { hostname?: unknown; errors?: unknown; cause?: unknown };
  if (typeof e.hostname === 'string' && e.hostname !== '') return e.hostname;
  if (Array.isArray(e.errors)) return lookedUpHost(e.errors[0]);
  return undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : '';
}
