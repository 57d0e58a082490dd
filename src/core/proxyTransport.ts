/**
 * How http.ts reaches a server through a proxy: undici's EnvHttpProxyAgent (CONNECT tunnels for https, absolute-form
 * requests for http, NO_PROXY bypass), loaded only when a proxy applies. Its files come one by one (undiciParts.d.ts).
 */
import type { Dispatcher } from 'undici';
import type { TlsOptions, Transport } from './directTransport';
import { NetworkError } from './errors';

/** What the proxy transport needs: the proxy URLs (empty = none), NO_PROXY syntax, and the connect settings. */
export interface ProxyTransportOptions {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
  /** TCP and TLS connect timeout, milliseconds, for the proxy and the target alike. */
  connectTimeoutMs: number;
  tls: TlsOptions;
}

/**
 * The proxy transport. Throws undici's InvalidArgumentError for a proxy URL it cannot use (http.ts turns it into
 * ConfigError `invalid_proxy`).
 */
export async function createProxyTransport(opts: ProxyTransportOptions): Promise<Transport> {
  const [{ default: EnvHttpProxyAgent }, { default: Pool }] = await Promise.all([
    import('undici/lib/dispatcher/env-http-proxy-agent.js'),
    import('undici/lib/dispatcher/pool.js'),
    installConnect(),
  ]);
  const { connectTimeoutMs, tls } = opts;
  return new EnvHttpProxyAgent({
    httpProxy: opts.httpProxy,
    httpsProxy: opts.httpsProxy,
    noProxy: opts.noProxy,
    connect: { timeout: connectTimeoutMs, ...tls },
    requestTls: { timeout: connectTimeoutMs, ...tls },
    proxyTls: { timeout: connectTimeoutMs, ...(tls.ca ? { ca: tls.ca } : {}) },
    clientFactory: (origin: URL, options: object) => tunnelOnce(new Pool(origin, options)),
  } as ConstructorParameters<typeof EnvHttpProxyAgent>[0]);
}

/**
 * The client to the proxy, whose `connect` opens each CONNECT tunnel. A proxy that closes the connection instead of
 * answering fails that tunnel with undici's "socket closed" error, which undici takes for a stale keep-alive
 * connection and retries at once, without end (thousands of connections a second, until the request's timeout).
 * Here that error becomes a NetworkError `proxy`, which undici hands to the waiting request: one attempt, one answer.
 */
function tunnelOnce(pool: Dispatcher): Dispatcher {
  // The connect of the prototype, kept before the own property below hides it (the callback form goes to it as is).
  const connect = pool.connect.bind(pool) as (params: Dispatcher.ConnectOptions, callback?: unknown) => unknown;
  const patched = (params: Dispatcher.ConnectOptions, callback?: unknown) => {
    if (typeof callback === 'function') return connect(params, callback);
    return (connect(params) as Promise<Dispatcher.ConnectData>).catch((e: unknown) => {
      throw (e as { code?: unknown })?.code === 'UND_ERR_SOCKET' ? proxyClosedError(params.path, e) : e;
    });
  };
  // Own property: the prototype's connect stays as it is for every other client.
  Object.defineProperty(pool, 'connect', { value: patched, configurable: true, writable: true });
  return pool;
}

function proxyClosedError(target: string, cause: unknown): NetworkError {
  return new NetworkError(
    'proxy',
    `the proxy closed the connection instead of opening a tunnel to ${target}`,
    'check the proxy URL and whether it accepts CONNECT to this host, or whether this host should bypass the proxy (NO_PROXY)',
    { cause },
  );
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
