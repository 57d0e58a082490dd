import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ConfigError, ResponseError } from '../../../src/core/errors';
import { createHttpClient } from '../../../src/core/http';
import { fetchJwks } from '../../../src/core/jwks';

/** Each path answers with [status, content-type, body]. */
const ROUTES: Record<string, [number, string, string]> = {
  '/jwks': [200, 'application/json', JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'abc' }] })],
  '/empty': [200, 'application/json', JSON.stringify({ keys: [] })],
  '/missing': [404, 'text/plain', 'not found'],
  '/html': [200, 'text/html', '<html><body>login</body></html>'],
  '/array': [200, 'application/json', '[]'],
  '/no-keys': [200, 'application/json', JSON.stringify({ issuer: 'x' })],
  '/keys-object': [200, 'application/json', JSON.stringify({ keys: { kty: 'RSA' } })],
  '/null': [200, 'application/json', 'null'],
};

describe('fetchJwks', () => {
  let server: Server;
  let base: string;
  const http = createHttpClient({ timeoutMs: 5000, useEnvProxy: false });

  before(async () => {
    server = createServer((req, res) => {
      const [status, type, body] = ROUTES[req.url ?? ''] ?? [500, 'text/plain', 'no route'];
      res.writeHead(status, { 'content-type': type }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await http.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('returns the key set as served', async () => {
    assert.deepEqual(await fetchJwks(http, `${base}/jwks`), { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'abc' }] });
    assert.deepEqual(await fetchJwks(http, `${base}/empty`), { keys: [] });
  });

  const refusals: [string, string][] = [
    ['/missing', 'jwks_status'],
    ['/html', 'jwks_not_json'],
    ['/array', 'jwks_not_jwks'],
    ['/no-keys', 'jwks_not_jwks'],
    ['/keys-object', 'jwks_not_jwks'],
    ['/null', 'jwks_not_jwks'],
  ];
  for (const [path, code] of refusals) {
    test(`${path} is refused with ${code}`, async () => {
      await assert.rejects(fetchJwks(http, `${base}${path}`), (e: unknown) => {
        assert.ok(e instanceof ResponseError);
        assert.equal(e.code, code);
        assert.match(e.message, /JWKS endpoint/);
        assert.ok(e.hint);
        assert.doesNotMatch(e.message, /\n/);
        return true;
      });
    });
  }

  test('plain http to a non-loopback host is refused before any request', async () => {
    await assert.rejects(
      fetchJwks(http, 'http://jwks.example/keys'),
      (e: unknown) => e instanceof ConfigError && e.code === 'insecure_url',
    );
  });
});
