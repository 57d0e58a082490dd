/**
 * How http.ts reaches a server when no proxy is in the way: Node's own HTTP/1.1 client (node:http, node:https), whose
 * parser is native. undici, which carries proxied requests, parses HTTP with a WebAssembly module that every new
 * process compiles on its first request, and that compile costs a one-shot CLI run more than the token request itself
 * (cold start is benchmarked). The transport speaks the part of undici's dispatcher interface that http.ts's `send()`
 * uses, so both paths share one set of rules: limits, timeouts, redirect refusal and error mapping stay in http.ts and
 * httpErrors.ts.
 */
import type { AgentOptions, ClientRequest, Agent as HttpAgent, IncomingMessage, RequestOptions } from 'node:http';
import type { Dispatcher } from 'undici';
import {
  bodyTimeoutError,
  clientClosedError,
  connectTimeoutError,
  headersTimeoutError,
  shortBodyError,
} from './httpErrors';

/** TLS trust and client certificate (Node's `ca` replaces the default roots: the caller merges them in first). */
export interface TlsOptions {
  ca?: string[];
  cert?: string;
  key?: string;
  passphrase?: string;
}

/** What `send()` in http.ts calls on a transport; undici's Dispatcher has the same members. */
export interface Transport {
  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean;
  close(): Promise<void>;
  destroy(): Promise<void>;
}

/** What the transport uses of node:http and node:https. */
interface NodeHttp {
  request(url: URL, options: RequestOptions): ClientRequest;
  Agent: new (options: AgentOptions) => HttpAgent;
}

/**
 * A keep-alive transport over node:http and node:https (loaded on first use of each). `connectTimeoutMs` bounds the
 * TCP and TLS connect; each request's `headersTimeout` (request sent to response headers) and `bodyTimeout` (longest
 * silence between body chunks) are in milliseconds, as in undici. Failures reach the handler's `onResponseError` as
 * Node's errors (ECONNREFUSED, HPE_*, certificate codes) or as NetworkErrors for the timeouts and a short body.
 */
export class DirectTransport implements Transport {
  private readonly agents = new Map<string, HttpAgent>();
  /** For each request in flight, the function that cancels it. */
  private readonly active = new Set<() => void>();

  constructor(
    private readonly connectTimeoutMs: number,
    private readonly tls: TlsOptions,
  ) {}

  /**
   * Sends one request (`options.path` on `options.origin`; a string body, sent with its Content-Length) and reports
   * its course to `handler` as undici would; returns true (the transport never asks the caller to wait).
   */
  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const url = new URL(options.path, String(options.origin));
    const secure = url.protocol === 'https:';
    const timers = new Set<NodeJS.Timeout>();
    const active = this.active;
    let finished = false;
    let req: ClientRequest | undefined;
    const finish = (err?: Error) => {
      if (finished) return;
      finished = true;
      for (const t of timers) clearTimeout(t);
      active.delete(cancel);
      if (err) {
        req?.destroy();
        handler.onResponseError?.(controller, err);
      }
    };
    const timer = (ms: number | null | undefined, error: () => Error) => {
      if (!ms || ms <= 0) return undefined;
      const t = setTimeout(() => finish(error()), ms);
      timers.add(t);
      return t;
    };
    const controller = abortController((reason) => finish(reason));
    const cancel = () => finish(clientClosedError(url));

    const headers: Record<string, string> = { ...(options.headers as Record<string, string> | undefined) };
    const body = typeof options.body === 'string' ? options.body : undefined;
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));

    // node:https (and with it node:tls) is loaded only for the first https: request.
    const http: NodeHttp = secure ? process.getBuiltinModule('node:https') : process.getBuiltinModule('node:http');
    // TLS options go on each request, where Node's agent also keys its pooled connections by them.
    const requestOptions: RequestOptions & TlsOptions & { ALPNProtocols?: string[] } = {
      method: options.method,
      headers,
      agent: this.agent(http, secure),
      ...(secure ? { ...this.tls, ALPNProtocols: ['http/1.1'] } : {}),
    };
    handler.onRequestStart?.(controller, {});
    if (finished) return true;
    req = http.request(url, requestOptions);
    active.add(cancel);
    const connectTimer = timer(this.connectTimeoutMs, () => connectTimeoutError(url));
    req.on('socket', (socket) => {
      if (!socket.connecting) return clear(connectTimer);
      socket.once(secure ? 'secureConnect' : 'connect', () => clear(connectTimer));
    });
    let headersTimer: NodeJS.Timeout | undefined;
    let responded = false;
    req.on('finish', () => {
      clear(connectTimer);
      // A server may answer before it has read the whole request: then there are no headers left to wait for.
      if (!responded)
        headersTimer = timer(options.headersTimeout, () => headersTimeoutError(url, options.headersTimeout ?? 0));
    });
    req.on('error', (err) => finish(err));
    req.on('response', (res: IncomingMessage) => {
      responded = true;
      clear(connectTimer);
      clear(headersTimer);
      if (finished) return void res.resume();
      handler.onResponseStart?.(controller, res.statusCode ?? 0, res.headers, res.statusMessage ?? '');
      if (finished) return void res.resume();
      const declared = Number(res.headers['content-length']);
      let received = 0;
      // Cut short: the announced length not reached is a protocol error; otherwise the connection dropped.
      const cut = (err?: Error) =>
        finish(Number.isFinite(declared) && received < declared ? shortBodyError(url) : (err ?? closedError()));
      const bodyTimer = timer(options.bodyTimeout, () => bodyTimeoutError(url, options.bodyTimeout ?? 0));
      res.on('data', (chunk: Buffer) => {
        if (finished) return;
        received += chunk.length;
        bodyTimer?.refresh();
        handler.onResponseData?.(controller, chunk);
      });
      res.on('end', () => {
        if (finished) return;
        finish();
        handler.onResponseEnd?.(controller, {});
      });
      res.on('error', (err) => cut(err));
      res.on('close', () => {
        if (!finished) cut();
      });
    });
    req.end(body);
    return true;

    function clear(t: NodeJS.Timeout | undefined) {
      if (t) {
        clearTimeout(t);
        timers.delete(t);
      }
    }
  }

  /** Ends the idle keep-alive connections; call it with no request in flight. */
  async close(): Promise<void> {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  /** Ends every connection, cancelling requests in flight. */
  async destroy(): Promise<void> {
    for (const cancel of [...this.active]) cancel();
    await this.close();
  }

  private agent(http: NodeHttp, secure: boolean): HttpAgent {
    const key = secure ? 'https' : 'http';
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new http.Agent({ keepAlive: true });
      this.agents.set(key, agent);
    }
    return agent;
  }
}

/** The connection closed before the answer was complete (the code Node gives it). */
function closedError(): Error {
  return Object.assign(new Error('socket closed before the answer was complete'), { code: 'ECONNRESET' });
}

function abortController(onAbort: (reason: Error) => void): Dispatcher.DispatchController {
  let reason: Error | null = null;
  return {
    get aborted() {
      return reason !== null;
    },
    get paused() {
      return false;
    },
    get reason() {
      return reason;
    },
    abort(why: Error) {
      if (reason) return;
      reason = why;
      onAbort(why);
    },
    pause() {},
    resume() {},
  };
}
