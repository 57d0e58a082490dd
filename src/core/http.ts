/**
 * The one HTTP client of Client Creds. It refuses what a token client must never do: plain HTTP beyond loopback,
 * following a redirect (a followed 307/308 re-posts the signed assertion to another host), reading an unbounded body,
 * waiting forever, or turning off certificate verification. Which URLs it calls is decided in urlPolicy.ts; its
 * failures are the NetworkErrors of httpErrors.ts, and no message holds a request or response body.
 *
 * Two transports carry its requests under the same rules: undici's proxy agent when a proxy applies, and Node's own
 * HTTP client otherwise (directTransport.ts: its parser is native, where undici compiles a WebAssembly parser in
 * every new process). undici, node:tls and node:https are loaded only when a proxy, an https: URL or extra
 * certificates are actually used.
 */
import { setFlagsFromString } from 'node:v8';
import type { Dispatcher } from 'undici';
import { DirectTransport, type TlsOptions, type Transport } from './directTransport';
import { ConfigError } from './errors';
import { abortedError, redirectError, timeoutError, toNetworkError, tooLargeError } from './httpErrors';
import { decodeUtf8Body } from './jsonText';
import { type EnvironmentProxies, environmentProxies, proxyUrl } from './proxySettings';
import { createProxyTransport } from './proxyTransport';
import { assertAllowedUrl } from './urlPolicy';

/** How the client connects: timeouts, response cap, proxy and TLS trust. */
export interface HttpOptions {
  /** Whole request, connect to last byte (default 30000 ms). Timeouts above 2^31-1 ms are clamped to it. */
  timeoutMs?: number;
  /** TCP and TLS connect (default 10000 ms, never more than timeoutMs). */
  connectTimeoutMs?: number;
  /** From request sent to response headers (default: timeoutMs). */
  headersTimeoutMs?: number;
  /** Longest silence between two body chunks (default: timeoutMs). */
  bodyTimeoutMs?: number;
  /** Response body cap in bytes (default 1 MiB). */
  maxResponseBytes?: number;
  /** Explicit proxy: a URL or a bare host:port (the extension passes VS Code's http.proxy); wins over the environment. */
  proxy?: string;
  /** Where `proxy` came from, named in its errors (default "proxy"). */
  proxySource?: string;
  /** Honour the proxy variables in every spelling curl reads (see proxySettings.ts; default true). */
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
  /** Local clock (epoch milliseconds) when the status line and headers arrived: the moment the `Date` header names. */
  receivedAt?: number;
}

/** Sends requests with one set of options; `close` ends its connections. */
export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
// Node turns a timer delay above 2^31-1 ms into 1 ms, so a very long timeout would fire at once.
const MAX_TIMER_MS = 2 ** 31 - 1;
const USER_AGENT = 'client-creds';

/**
 * For one-shot processes (the CLI) only: keeps undici's WebAssembly HTTP parser (proxied requests) on V8's baseline
 * compiler. Without it, V8 starts an optimising compile of the parser during the first response and the process then
 * waits for that compile before it can exit (about 90 ms measured, more than the whole token request). It changes a
 * process-wide V8 setting, so never call it in a shared process such as the VS Code extension host.
 */
export function preferFastExit(): void {
  setFlagsFromString('--wasm-tiering-budget=1000000000');
}

/**
 * Creates the client. Nothing connects until the first request. Refuses (ConfigError `invalid_proxy`, naming
 * `proxySource`) an explicit proxy that is not an http(s) URL or a bare host:port. A proxy variable that cannot be used
 * is the same ConfigError, naming the variable, from the first request that would go through it.
 */
export function createHttpClient(opts: HttpOptions = {}): HttpClient {
  const timeoutMs = timerMs(opts.timeoutMs, DEFAULT_TIMEOUT_MS);
  const settings: RequestSettings = {
    timeoutMs,
    headersTimeoutMs: timerMs(opts.headersTimeoutMs, timeoutMs),
    bodyTimeoutMs: timerMs(opts.bodyTimeoutMs, timeoutMs),
    maxResponseBytes: positive(opts.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES),
  };
  const proxy = opts.proxy?.trim() ? proxyUrl(opts.proxy, opts.proxySource ?? 'proxy') : undefined;
  const env: EnvironmentProxies = opts.useEnvProxy !== false ? environmentProxies() : {};
  let dispatcher: Promise<Transport> | undefined;
  let inFlight = 0;
  return {
    async request(req) {
      const url = assertAllowedUrl(req.url, 'request URL');
      if (req.signal?.aborted) throw abortedError(url);
      const viaEnv = proxy ? undefined : url.protocol === 'https:' ? env.https : env.http;
      if (viaEnv && 'problem' in viaEnv) throw viaEnv.problem;
      dispatcher ??= createDispatcher(
        opts,
        proxy,
        env,
        Math.min(timerMs(opts.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS), timeoutMs),
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

function timerMs(value: number | undefined, fallback: number): number {
  return Math.min(positive(value, fallback), MAX_TIMER_MS);
}

function usableUrl(choice: EnvironmentProxies['https']): string {
  return choice && 'url' in choice ? choice.url : '';
}

/** undici's proxy agent when a proxy applies (it also decides which hosts bypass it), else the direct transport. */
async function createDispatcher(
  opts: HttpOptions,
  proxy: string | undefined,
  env: EnvironmentProxies,
  connectTimeoutMs: number,
): Promise<Transport> {
  const tls = await tlsOptions(opts);
  // Both proxies are always given (empty = none), so undici never reads the environment with rules of its own.
  const httpsProxy = proxy ?? usableUrl(env.https);
  const httpProxy = proxy ?? usableUrl(env.http);
  if (httpsProxy || httpProxy) {
    try {
      return await createProxyTransport({
        httpProxy,
        httpsProxy,
        noProxy: opts.noProxy ?? env.noProxy ?? '',
        connectTimeoutMs,
        tls,
      });
    } catch (e) {
      const variable = env.https?.source ?? env.http?.source;
      const source = proxy || !variable ? (opts.proxySource ?? 'proxy') : `the ${variable} environment variable`;
      throw new ConfigError('invalid_proxy', `${source}: the proxy address cannot be used`, PROXY_ADDRESS_HINT, {
        cause: e,
      });
    }
  }
  return new DirectTransport(connectTimeoutMs, tls);
}

const PROXY_ADDRESS_HINT = 'use http://host:port (or host:port), or unset the variable to connect directly';

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
  dispatcher: Transport,
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
    let receivedAt = 0;
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
    const timer = setTimeout(() => fail(timeoutError(url, settings.timeoutMs)), settings.timeoutMs);
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
        receivedAt = Date.now();
        status = statusCode;
        headers = flattenHeaders(rawHeaders);
        if (statusCode >= 300 && statusCode < 400) {
          fail(redirectError(url, statusCode, headers.location, req.method));
          return;
        }
        const declared = Number(headers['content-length']);
        if (Number.isFinite(declared) && declared > settings.maxResponseBytes)
          fail(tooLargeError(url, settings.maxResponseBytes, req.method));
      },
      onResponseData(c, chunk) {
        controller = c;
        if (settled) return;
        size += chunk.length;
        if (size > settings.maxResponseBytes) fail(tooLargeError(url, settings.maxResponseBytes, req.method));
        else chunks.push(chunk);
      },
      onResponseEnd() {
        markDone();
        if (settled) return;
        cleanup();
        resolve({ status, headers, body: decodeUtf8Body(Buffer.concat(chunks)), url: url.href, receivedAt });
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
