/**
 * The one HTTP client of Client Creds, on undici. It refuses what a token client must never do: plain HTTP beyond
 * loopback, following a redirect (a followed 307/308 re-posts the signed assertion to another host), reading an
 * unbounded body, waiting forever, or turning off certificate verification. Errors are NetworkError with a stable code
 * and a hint; no message ever holds a request or response body.
 *
 * Start-up cost matters for the CLI, so only undici's Agent is loaded up front; proxy support and node:tls are loaded
 * when a proxy or extra certificates are actually used.
 */
import { setFlagsFromString } from 'node:v8';
import type { Dispatcher } from 'undici';
import Agent from 'undici/lib/dispatcher/agent.js';
import { ConfigError, NetworkError } from './errors';

/** How the client connects: timeouts, response cap, proxy and TLS trust. */
export interface HttpOptions {
  /** Whole request, connect to last byte (default 30000 ms). */
  timeoutMs?: number;
  /** TCP and TLS connect (default 10000 ms, never more than timeoutMs). */
  connectTimeoutMs?: number;
  /** From request sent to response headers (default: timeoutMs). */
  headersTimeoutMs?: number;
  /** Longest silence between two body chunks (default: timeoutMs). */
  bodyTimeoutMs?: number;
  /** Response body cap in bytes (default 1 MiB). */
  maxResponseBytes?: number;
  /** Explicit proxy URL (the extension passes VS Code's http.proxy); wins over the environment. */
  proxy?: string;
  /** Honour HTTPS_PROXY / HTTP_PROXY / NO_PROXY (default true). */
  useEnvProxy?: boolean;
  /** Hosts that bypass the proxy, NO_PROXY syntax (default: the NO_PROXY environment variable). */
  noProxy?: string;
  /** Extra PEM CA certificates, trusted in addition to Node's default roots (never instead of them). */
  ca?: string[];
  /** Client certificate for mutual TLS. */
  clientCert?: { cert: string; key: string; passphrase?: string };
}

/** One request. The body is sent as given; the caller sets its content-type. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** A complete answer of any status except 3xx (redirects are errors). Header names are lower case. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  url: string;
}

/** Sends requests with one set of options; `close` ends its connections. */
export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const USER_AGENT = 'client-creds';

/** True for `localhost`, any 127.0.0.0/8 address and `::1` (with or without brackets). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '[::1]') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (!m) return false;
  return m.slice(1).every((part) => Number(part) <= 255);
}

/**
 * Parses `url` and refuses anything a token client should not call: a non-URL or a non-http(s) scheme
 * (ConfigError `invalid_url`), a user name or password in the URL or a fragment (`invalid_url`), and plain
 * http to anything but loopback (`insecure_url`). Messages start with `what`, e.g. "tokenUrl: must be https ...".
 */
export function assertAllowedUrl(url: string, what: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('invalid_url', `${what}: not a valid URL`, 'give an absolute URL such as https://host/path');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ConfigError(
      'invalid_url',
      `${what}: only https URLs are allowed (got ${JSON.stringify(parsed.protocol.slice(0, 20))})`,
    );
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new ConfigError(
      'invalid_url',
      `${what}: must not contain a user name or password`,
      'remove the "user:password@" part',
    );
  }
  if (parsed.hash !== '') throw new ConfigError('invalid_url', `${what}: must not contain a #fragment`);
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw new ConfigError(
      'insecure_url',
      `${what}: must be https (http only for loopback)`,
      'plain http would send the signed assertion and the token unencrypted',
    );
  }
  return parsed;
}

const JWT_LIKE = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*)*/g;
const LONG_TOKEN_LIKE = /[A-Za-z0-9_\-+/=.~]{48,}/g;
// C0/C1 controls, zero-width and bidi formatting characters: none may reach a terminal or a notification.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the purpose
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+/g;

/**
 * Untrusted server text made safe for one line of a message: control and bidi characters become spaces, whitespace
 * collapses, anything that looks like a JWT or a long token becomes "[redacted]", and the result is cut to `max`
 * characters (with "…"). Never returns markup-active or multi-line text.
 */
export function printableText(text: string, max = 120): string {
  const cleaned = text
    .slice(0, 8 * max)
    .replace(JWT_LIKE, '[redacted]')
    .replace(LONG_TOKEN_LIKE, '[redacted]')
    .replace(UNPRINTABLE, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
}

/** A short excerpt of an untrusted response body for an error message: {@link printableText}, JSON-quoted. */
export function bodyExcerpt(text: string, max = 120): string {
  return JSON.stringify(printableText(text, max));
}

/**
 * For one-shot processes (the CLI) only: keeps undici's WebAssembly HTTP parser on V8's baseline compiler. Without
 * it, V8 starts an optimising compile of the parser during the first response and the process then waits for that
 * compile before it can exit (about 90 ms measured, more than the whole token request). It changes a process-wide V8
 * setting, so never call it in a shared process such as the VS Code extension host.
 */
export function preferFastExit(): void {
  setFlagsFromString('--wasm-tiering-budget=1000000000');
}

/**
 * Creates the client. Nothing connects until the first request. Refuses (ConfigError `invalid_proxy`) a proxy URL that
 * is not http(s).
 */
export function createHttpClient(opts: HttpOptions = {}): HttpClient {
  const timeoutMs = positive(opts.timeoutMs, DEFAULT_TIMEOUT_MS);
  const settings: RequestSettings = {
    timeoutMs,
    headersTimeoutMs: positive(opts.headersTimeoutMs, timeoutMs),
    bodyTimeoutMs: positive(opts.bodyTimeoutMs, timeoutMs),
    maxResponseBytes: positive(opts.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES),
  };
  const proxy = opts.proxy?.trim() ? checkProxyUrl(opts.proxy.trim()) : undefined;
  let dispatcher: Promise<Dispatcher> | undefined;
  let inFlight = 0;
  return {
    async request(req) {
      const url = assertAllowedUrl(req.url, 'request URL');
      if (req.signal?.aborted) throw abortedError(url);
      dispatcher ??= createDispatcher(
        opts,
        proxy,
        Math.min(positive(opts.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS), timeoutMs),
      );
      const d = await dispatcher;
      inFlight++;
      return send(d, url, req, settings, () => inFlight--);
    },
    async close() {
      if (!dispatcher) return;
      const d = await dispatcher;
      // A request that timed out while still connecting stays queued in undici; close() would wait for it.
      await (inFlight > 0 ? d.destroy() : d.close());
    },
  };
}

interface RequestSettings {
  timeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  maxResponseBytes: number;
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function checkProxyUrl(proxy: string): string {
  let parsed: URL;
  try {
    parsed = new URL(proxy);
  } catch {
    throw new ConfigError('invalid_proxy', 'proxy: not a valid URL', 'use http://host:port or https://host:port');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError('invalid_proxy', 'proxy: only http:// and https:// proxies are supported');
  }
  return proxy;
}

function envProxy(): string | undefined {
  const env = process.env;
  return env.https_proxy || env.HTTPS_PROXY || env.http_proxy || env.HTTP_PROXY || undefined;
}

async function createDispatcher(opts: HttpOptions, proxy: string | undefined, connectTimeoutMs: number) {
  const tls = await tlsOptions(opts);
  const useEnv = opts.useEnvProxy !== false;
  if (proxy || (useEnv && envProxy())) {
    const { default: EnvHttpProxyAgent } = await import('undici/lib/dispatcher/env-http-proxy-agent.js');
    await installConnect();
    return new EnvHttpProxyAgent({
      ...(proxy ? { httpProxy: proxy, httpsProxy: proxy } : {}),
      noProxy: opts.noProxy ?? (useEnv ? undefined : ''),
      connect: { timeout: connectTimeoutMs, ...tls },
      requestTls: { timeout: connectTimeoutMs, ...tls },
      proxyTls: { timeout: connectTimeoutMs, ...(tls.ca ? { ca: tls.ca } : {}) },
    });
  }
  return new Agent({ connect: { timeout: connectTimeoutMs, ...tls } });
}

// ProxyAgent opens its tunnel with Dispatcher#connect, which undici's package entry adds to the prototype; since
// only single files are imported here, add it the same way before the first proxied request.
async function installConnect(): Promise<void> {
  const [{ default: DispatcherClass }, { default: connect }] = await Promise.all([
    import('undici/lib/dispatcher/dispatcher.js'),
    import('undici/lib/api/api-connect.js'),
  ]);
  const proto = DispatcherClass.prototype as { connect?: unknown };
  if (typeof proto.connect !== 'function') proto.connect = connect;
}

interface TlsOptions {
  ca?: string[];
  cert?: string;
  key?: string;
  passphrase?: string;
}

async function tlsOptions(opts: HttpOptions): Promise<TlsOptions> {
  const out: TlsOptions = {};
  const extra = (opts.ca ?? []).filter((pem) => pem.trim() !== '');
  if (extra.length > 0) {
    // Node's `ca` option replaces the default trust store, so the defaults go in first: extra CAs add trust.
    const tls = await import('node:tls');
    out.ca = [...tls.rootCertificates, ...(await extraCaFromEnv()), ...extra];
  }
  if (opts.clientCert) {
    out.cert = opts.clientCert.cert;
    out.key = opts.clientCert.key;
    if (opts.clientCert.passphrase !== undefined) out.passphrase = opts.clientCert.passphrase;
  }
  return out;
}

// NODE_EXTRA_CA_CERTS is part of Node's default trust, but not of tls.rootCertificates.
async function extraCaFromEnv(): Promise<string[]> {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    const { readFile } = await import('node:fs/promises');
    return [await readFile(file, 'utf8')];
  } catch {
    return [];
  }
}

function send(
  dispatcher: Dispatcher,
  url: URL,
  req: HttpRequest,
  settings: RequestSettings,
  onUndiciDone: () => void,
): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    let controller: Dispatcher.DispatchController | undefined;
    let failure: Error | undefined;
    let status = 0;
    let headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let size = 0;

    const cleanup = () => {
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: Error) => {
      if (settled) return;
      failure = err;
      cleanup();
      reject(err);
      controller?.abort(err);
    };
    const onAbort = () => fail(abortedError(url));
    const timer = setTimeout(
      () =>
        fail(
          new NetworkError(
            'timeout',
            `no complete answer from ${url.host} within ${duration(settings.timeoutMs)}`,
            TIMEOUT_HINT,
          ),
        ),
      settings.timeoutMs,
    );
    req.signal?.addEventListener('abort', onAbort, { once: true });
    let undiciDone = false;
    const markDone = () => {
      if (!undiciDone) {
        undiciDone = true;
        onUndiciDone();
      }
    };

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (failure) c.abort(failure);
      },
      onResponseStart(c, statusCode, rawHeaders) {
        controller = c;
        status = statusCode;
        headers = flattenHeaders(rawHeaders);
        if (statusCode >= 300 && statusCode < 400) {
          fail(redirectError(url, statusCode, headers.location));
          return;
        }
        const declared = Number(headers['content-length']);
        if (Number.isFinite(declared) && declared > settings.maxResponseBytes) fail(tooLargeError(url, settings));
      },
      onResponseData(c, chunk) {
        controller = c;
        if (settled) return;
        size += chunk.length;
        if (size > settings.maxResponseBytes) fail(tooLargeError(url, settings));
        else chunks.push(chunk);
      },
      onResponseEnd() {
        markDone();
        if (settled) return;
        cleanup();
        resolve({ status, headers, body: Buffer.concat(chunks).toString('utf8'), url: url.href });
      },
      onResponseError(_c, err) {
        markDone();
        fail(toNetworkError(err, url, settings));
      },
    };

    const headersOut: Record<string, string> = { 'user-agent': USER_AGENT };
    for (const [name, value] of Object.entries(req.headers ?? {})) headersOut[name.toLowerCase()] = value;
    try {
      dispatcher.dispatch(
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: req.method,
          headers: headersOut,
          body: req.body,
          headersTimeout: settings.headersTimeoutMs,
          bodyTimeout: settings.bodyTimeoutMs,
        },
        handler,
      );
    } catch (err) {
      markDone();
      fail(toNetworkError(err, url, settings));
    }
  });
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const TIMEOUT_HINT =
  'the server or the network is slow or unreachable; check the URL and proxy settings, or raise the timeout';

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function abortedError(url: URL): NetworkError {
  return new NetworkError('aborted', `request to ${url.host} was cancelled`);
}

function tooLargeError(url: URL, settings: RequestSettings): NetworkError {
  return new NetworkError(
    'response_too_large',
    `answer from ${url.host} is larger than ${Math.round(settings.maxResponseBytes / 1024)} KiB; stopped reading`,
    'a token or metadata answer is a few KiB; check that the URL points at the token endpoint',
  );
}

function redirectError(url: URL, status: number, location: string | undefined): NetworkError {
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
    'use the final URL directly: following a redirect could send the signed assertion to another host',
    { status },
  );
}

const TLS_CODES =
  /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|EPROTO|HOSTNAME_MISMATCH|ERR_OSSL|UND_ERR_PRX_TLS/;

/** Maps an undici or Node error to a NetworkError; only error codes are copied, never library messages. */
function toNetworkError(err: unknown, url: URL, settings: RequestSettings): NetworkError {
  if (err instanceof NetworkError) return err;
  const code = errorCode(err);
  const host = url.host;
  const cause = { cause: err };
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new NetworkError('timeout', `could not connect to ${host} in time`, TIMEOUT_HINT, cause);
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new NetworkError(
        'timeout',
        `no answer from ${host} within ${duration(settings.headersTimeoutMs)}`,
        TIMEOUT_HINT,
        cause,
      );
    case 'UND_ERR_BODY_TIMEOUT':
      return new NetworkError(
        'timeout',
        `answer from ${host} stalled for ${duration(settings.bodyTimeoutMs)}`,
        TIMEOUT_HINT,
        cause,
      );
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
      return new NetworkError(
        'aborted',
        `request to ${host} was cancelled: the HTTP client was closed`,
        undefined,
        cause,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return new NetworkError(
        'dns',
        `could not resolve ${url.hostname} (${code})`,
        'check the host name, your network and proxy settings (HTTPS_PROXY)',
        cause,
      );
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
      return new NetworkError('protocol', `answer from ${host} ended before its announced length`, undefined, cause);
  }
  if (code?.startsWith('HPE_')) {
    return new NetworkError('protocol', `answer from ${host} is not valid HTTP/1.1 (${code})`, undefined, cause);
  }
  if (code && TLS_CODES.test(code)) return tlsError(code, url, cause);
  return new NetworkError(
    'connect_failed',
    `could not connect to ${host}${code ? ` (${code})` : ''}`,
    'check the URL and port, and whether a proxy is needed (HTTPS_PROXY, or the proxy setting)',
    cause,
  );
}

const PROXY_HINT = 'check the proxy URL, or whether this host should bypass the proxy (NO_PROXY)';

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

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; name?: unknown; errors?: unknown };
  if (typeof e.code === 'string') return e.code;
  // Happy-eyeballs connects fail with an AggregateError of one error per address.
  if (Array.isArray(e.errors)) return errorCode(e.errors[0]);
  if (e.name === 'AbortError') return 'ABORT_ERR';
  return undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : '';
}
