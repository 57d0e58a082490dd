/**
 * A plain node:http server on 127.0.0.1 that records every request it receives and answers each one
 * with the same fixed response. Tests use it as "another host": a place a signed assertion must
 * never reach (a redirect target, an endpoint an untrusted workspace points at), so the assertion
 * that matters is `requests.length === 0`.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the counting server saw it. */
export interface CountedRequest {
  method: string;
  path: string;
  body: string;
}

/** A running counting server. */
export interface CountingServer {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  port: number;
  requests: CountedRequest[];
  close(): Promise<void>;
}

/** Collects a request body as text, capped so a test cannot be made to buffer without limit. */
export async function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts a counting server on 127.0.0.1 (ephemeral port unless given). Every request is recorded,
 * whatever its path; the answer is `status` (default 404) with a small JSON error body.
 */
export async function startCountingServer(opts: { port?: number; status?: number } = {}): Promise<CountingServer> {
  const requests: CountedRequest[] = [];
  const status = opts.status ?? 404;
  const server = createServer((req, res) => {
    const record: CountedRequest = { method: req.method ?? '', path: req.url ?? '', body: '' };
    requests.push(record);
    readBody(req)
      .then((body) => {
        record.body = body;
      })
      .catch(() => undefined)
      .finally(() => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'not_found', error_description: 'counting server: nothing here' }));
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () => closeServer(server),
  };
}

/** Closes a node:http server, dropping idle keep-alive connections so the close does not wait on them. */
export function closeServer(server: import('node:http').Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}
