import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, NetworkError } from '../../../src/core/errors';
import { createHttpClient } from '../../../src/core/http';

describe('createHttpClient', () => {
  test('refuses a proxy URL that is not http(s)', () => {
    assert.throws(
      () => createHttpClient({ proxy: 'socks4://127.0.0.1:1080' }),
      (err: unknown) => err instanceof ConfigError && err.code === 'invalid_proxy',
    );
    assert.throws(
      () => createHttpClient({ proxy: 'not a url' }),
      (err: unknown) => err instanceof ConfigError && err.code === 'invalid_proxy',
    );
  });

  test('refuses plain http to a non-loopback host without connecting', async () => {
    const http = createHttpClient();
    await assert.rejects(
      http.request({ method: 'POST', url: 'http://token.example.com/token', body: 'client_assertion=x' }),
      (err: unknown) => err instanceof ConfigError && err.code === 'insecure_url' && /^request URL:/.test(err.message),
    );
    await http.close();
  });

  test('an already aborted signal fails with aborted', async () => {
    const http = createHttpClient();
    await assert.rejects(
      http.request({ method: 'GET', url: 'http://127.0.0.1:9/never', signal: AbortSignal.abort() }),
      (err: unknown) => err instanceof NetworkError && err.code === 'aborted',
    );
    await http.close();
  });

  test('a refused connection is connect_failed naming the host', async () => {
    const http = createHttpClient({ timeoutMs: 5000 });
    await assert.rejects(
      http.request({ method: 'GET', url: 'http://127.0.0.1:9/token' }),
      (err: unknown) =>
        err instanceof NetworkError &&
        err.code === 'connect_failed' &&
        err.message.includes('127.0.0.1:9') &&
        !err.message.includes('\n'),
    );
    await http.close();
  });
});

describe('timeouts', () => {
  test('a timeout beyond the 32-bit timer range waits instead of firing at once', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      req.resume();
      setTimeout(() => res.end('{}'), 100);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as import('node:net').AddressInfo;
    const http = createHttpClient({ timeoutMs: 2 ** 31, headersTimeoutMs: 1e10, bodyTimeoutMs: 1e10 });
    try {
      const res = await http.request({ method: 'GET', url: `http://127.0.0.1:${port}/slow` });
      assert.equal(res.status, 200);
    } finally {
      await http.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('closing the client', () => {
  test('a request still waiting when the client closes fails as aborted', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((req) => req.resume());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as import('node:net').AddressInfo;
    const http = createHttpClient({ timeoutMs: 5000 });
    try {
      const pending = http.request({ method: 'GET', url: `http://127.0.0.1:${port}/slow` });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await http.close();
      await assert.rejects(pending, (err: unknown) => err instanceof NetworkError && err.code === 'aborted');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
