/**
 * A static JSON document on loopback: where a test client publishes its JWKS (its jwks_uri). The test replaces the
 * document as the client would re-deploy the file; every GET is counted, so a test can tell who read it and when.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer } from './countingServer';

/** A running JWKS host. */
export interface JwksHost {
  /** The jwks_uri, e.g. http://127.0.0.1:40123/client/jwks.json */
  url: string;
  /** Replaces the published document. */
  publish(document: unknown): void;
  /** How many times the document was fetched. */
  readonly fetches: number;
  close(): Promise<void>;
}

/** Starts the host on 127.0.0.1 with an empty key set published at /client/jwks.json (anything else is 404). */
export async function startJwksHost(): Promise<JwksHost> {
  let body = JSON.stringify({ keys: [] });
  let fetches = 0;
  const path = '/client/jwks.json';
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === path) {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"not_found"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    publish(document) {
      body = JSON.stringify(document);
    },
    get fetches() {
      return fetches;
    },
    close: () => closeServer(server),
  };
}
