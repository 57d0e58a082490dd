// A hostile or broken token endpoint, one real node:http (or net/tls) server on 127.0.0.1 per row of the
// "token endpoint is untrusted input" table in SECURITY.md. Every failure must be a typed error with a stable code
// and one clear line that never carries the assertion.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type ClientCredsError, ConfigError, NetworkError, OAuthError, ResponseError } from '../../src/core/errors';
import { createHttpClient, type HttpOptions } from '../../src/core/http';
import { requestToken, type TokenResponse } from '../../src/core/tokenClient';
import { startCountingServer } from '../support/countingServer';
import { startLoopbackProxy } from '../support/loopbackProxy';

const ASSERTION =
  'eyJhbGciOiJQUzI1NiJ9.eyJpc3MiOiJjbGllbnQtMSIsInN1YiI6ImNsaWVudC0xIiwiYXVkIjoiaHR0cDovLzEyNy4wLjAuMS90b2tlbiJ9.c2lnbmF0dXJlLWJ5dGVz';

interface Running {
  url: string;
  host: string;
  hits: { count: number };
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 that counts requests; close() drops open connections too. */
async function serve(handler: RequestListener): Promise<Running> {
  const hits = { count: 0 };
  const server = createServer((req, res) => {
    hits.count++;
    handler(req, res);
  });
  return listen(server, 'http', hits);
}

/** Listens on an ephemeral loopback port; `close` destroys every socket in `sockets` (connections are added). */
async function listen(
  server: Server,
  scheme: 'http' | 'https',
  hits: { count: number },
  sockets = new Set<Socket>(),
): Promise<Running> {
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    hits,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function json(status: number, body: unknown): RequestListener {
  return (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
  };
}

/** One token request against `server` with a fresh client; the client is always closed. */
async function grant(url: string, opts: HttpOptions = {}): Promise<TokenResponse> {
  const http = createHttpClient({ timeoutMs: 5000, ...opts });
  try {
    return await requestToken(http, { tokenEndpoint: `${url}/token`, clientAssertion: ASSERTION, scope: 'openid' });
  } finally {
    await http.close();
  }
}

function hasControlCharacter(text: string): boolean {
  return [...text].some((ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
}

/** Rejects with `type` and `code`, and a message that is one short, clean line without the assertion. */
async function refused(
  promise: Promise<unknown>,
  // biome-ignore lint/suspicious/noExplicitAny: any error class; their constructors differ
  type: abstract new (...args: any[]) => ClientCredsError,
  code: string,
  message?: RegExp,
): Promise<ClientCredsError> {
  let caught: unknown;
  await assert.rejects(promise, (err: unknown) => {
    caught = err;
    return true;
  });
  assert.ok(caught instanceof type, `expected ${type.name}, got ${String(caught)}`);
  const err = caught as ClientCredsError;
  assert.equal(err.code, code, err.message);
  assert.ok(err.message.length > 10 && err.message.length < 300, `short message: ${err.message}`);
  assert.equal(hasControlCharacter(err.message), false, `one clean line: ${JSON.stringify(err.message)}`);
  assert.ok(!err.message.includes(ASSERTION) && !(err.hint ?? '').includes(ASSERTION), 'no assertion in the error');
  if (message) assert.match(err.message, message);
  return err;
}

describe('hostile token endpoint', () => {
  const open: Running[] = [];
  const start = async (handler: RequestListener) => {
    const s = await serve(handler);
    open.push(s);
    return s;
  };
  after(async () => {
    await Promise.all(open.map((s) => s.close()));
  });

  test('400 with RFC 6749 §5.2 invalid_client JSON: status, error, description and likely causes', async () => {
    const s = await start(
      json(400, {
        error: 'invalid_client',
        error_description: 'client assertion invalid',
        error_uri: 'https://as.example/e',
      }),
    );
    const err = (await refused(
      grant(s.url),
      OAuthError,
      'oauth_invalid_client',
      /^token endpoint answered HTTP 400 invalid_client: client assertion invalid$/,
    )) as OAuthError;
    assert.equal(err.status, 400);
    assert.equal(err.errorUri, 'https://as.example/e');
    // What was sent comes first (this aud is neither the token endpoint nor an issuer); the loopback server's Date
    // header agrees with the local clock, so the clock is not blamed.
    assert.match(err.hint ?? '', /aud was .*public key.*expired.*replayed.*seconds vs milliseconds.*client id/);
    assert.doesNotMatch(err.hint ?? '', /clock/);
  });

  test('HTML 500 page: status and a short escaped excerpt, never rendered', async () => {
    const page = `<!DOCTYPE html>\r\n<html><head><title>500 Internal Server Error</title><script>alert(1)</script></head>\n<body>\u001b]8;;https://evil\u0007 ${'x'.repeat(5000)}</body></html>`;
    const s = await start((req, res) => {
      req.resume();
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end(page);
    });
    const err = (await refused(
      grant(s.url),
      ResponseError,
      'http_error',
      /^token endpoint answered HTTP 500 with text\/html: "<!DOCTYPE html> <html><head><title>500 Internal Server Error/,
    )) as ResponseError;
    assert.equal(err.status, 500);
    assert.ok((err.excerpt ?? '').length <= 125, 'excerpt is short');
    assert.ok((err.excerpt ?? '').startsWith('"') && (err.excerpt ?? '').endsWith('"'), 'excerpt is quoted text');
  });

  const badBodies: [string, unknown, string][] = [
    ['a JSON array', [{ access_token: 'a', token_type: 'Bearer' }], 'not_object'],
    ['no access_token', { token_type: 'Bearer', expires_in: 3600 }, 'missing_access_token'],
    ['no token_type', { access_token: 'a', expires_in: 3600 }, 'missing_token_type'],
    ['expires_in negative', { access_token: 'a', token_type: 'Bearer', expires_in: -30 }, 'invalid_expires_in'],
    ['expires_in "NaN"', { access_token: 'a', token_type: 'Bearer', expires_in: 'NaN' }, 'invalid_expires_in'],
    ['expires_in huge', '{"access_token":"a","token_type":"Bearer","expires_in":1e400}', 'invalid_expires_in'],
    ['a body that is not JSON', '{"access_token": "a", ', 'not_json'],
  ];
  for (const [name, body, code] of badBodies) {
    test(`200 with ${name} is refused (${code})`, async () => {
      const s = await start(json(200, body));
      await refused(grant(s.url), ResponseError, code);
    });
  }

  const goodBodies: [string, unknown, number | undefined][] = [
    ['expires_in as a numeric string', { access_token: 'a', token_type: 'Bearer', expires_in: '3600' }, 3600],
    ['expires_in missing (unknown, not invented)', { access_token: 'a', token_type: 'Bearer' }, undefined],
    [
      'expires_in beyond the 32-bit timer range',
      { access_token: 'a', token_type: 'Bearer', expires_in: 4_000_000_000 },
      4_000_000_000,
    ],
  ];
  for (const [name, body, expiresIn] of goodBodies) {
    test(`200 with ${name} is accepted`, async () => {
      const s = await start(json(200, body));
      const token = await grant(s.url);
      assert.equal(token.expiresIn, expiresIn);
      assert.equal('expiresIn' in token, expiresIn !== undefined);
    });
  }

  test('an opaque (non-JWT) access token is accepted', async () => {
    const s = await start(
      json(200, { access_token: '2YotnFZFEjr1zCsicMWpAA', token_type: 'Bearer', expires_in: 3600 }),
    );
    const token = await grant(s.url);
    assert.equal(token.accessToken, '2YotnFZFEjr1zCsicMWpAA');
    assert.equal(token.tokenType, 'Bearer');
  });

  test('a 5 MiB body is capped (chunked, no length announced)', async () => {
    const s = await start((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"access_token":"');
      const chunk = 'A'.repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 5 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end('","token_type":"Bearer"}');
      };
      res.on('error', () => undefined);
      pump();
    });
    await refused(grant(s.url), NetworkError, 'response_too_large', /larger than 1024 KiB/);
  });

  test('a 5 MiB body is capped (Content-Length announced)', async () => {
    const body = Buffer.alloc(5 * 1024 * 1024, 0x41);
    const s = await start((req, res) => {
      req.resume();
      res.on('error', () => undefined);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.end(body);
    });
    await refused(grant(s.url), NetworkError, 'response_too_large');
  });

  test('a smaller configured cap applies', async () => {
    const s = await start(json(200, { access_token: 'a'.repeat(5000), token_type: 'Bearer' }));
    await refused(grant(s.url, { maxResponseBytes: 1024 }), NetworkError, 'response_too_large', /larger than 1 KiB/);
  });

  test('a server that accepts the connection and never answers fails at the timeout', async () => {
    const sockets = new Set<Socket>();
    const silent = createNetServer((socket) => {
      sockets.add(socket);
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      await refused(grant(`http://127.0.0.1:${port}`, { timeoutMs: 300 }), NetworkError, 'timeout', /127\.0\.0\.1:\d+/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  test('an HTTP server that reads the request and never answers fails at the timeout', async () => {
    const s = await start((req) => {
      req.resume();
    });
    await refused(grant(s.url, { timeoutMs: 300 }), NetworkError, 'timeout');
    assert.equal(s.hits.count, 1);
  });

  test('a server that sends headers and then stalls the body fails at the body timeout', async () => {
    const s = await start((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"access_token":');
    });
    await refused(grant(s.url, { timeoutMs: 10_000, bodyTimeoutMs: 300 }), NetworkError, 'timeout', /stalled/);
    await refused(grant(s.url, { timeoutMs: 300 }), NetworkError, 'timeout');
  });

  for (const status of [307, 302, 308, 301]) {
    test(`a ${status} redirect is not followed: the other host receives nothing`, async () => {
      const other = await startCountingServer({ status: 200 });
      try {
        const s = await start((req, res) => {
          req.resume();
          res.writeHead(status, { location: `${other.url}/token` });
          res.end();
        });
        const err = await refused(
          grant(s.url),
          NetworkError,
          'redirect',
          new RegExp(
            `HTTP ${status}, a redirect to ${other.url.replace('http://', '').replace(/\./g, '\\.')}; redirects are not followed`,
          ),
        );
        assert.equal((err as NetworkError).status, status);
        assert.equal(other.requests.length, 0, 'the assertion never reached the redirect target');
      } finally {
        await other.close();
      }
    });
  }

  test('http:// to a non-loopback host is refused before any connection (not even to a proxy)', async () => {
    const proxy = await startLoopbackProxy(200, { forward: true });
    try {
      const http = createHttpClient({ proxy: proxy.url });
      try {
        await refused(
          requestToken(http, { tokenEndpoint: 'http://login.example.com/token', clientAssertion: ASSERTION }),
          ConfigError,
          'insecure_url',
          /must be https \(http only for loopback\)/,
        );
      } finally {
        await http.close();
      }
      assert.equal(proxy.connects.length + proxy.forwards.length, 0);
    } finally {
      await proxy.close();
    }
  });

  describe('TLS', () => {
    let dir = '';
    let cert = '';
    let key = '';
    let clientCert = '';
    let clientKey = '';
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'client-creds-tls-'));
      const make = (name: string, subject: string, san: string) => {
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'ec',
            '-pkeyopt',
            'ec_paramgen_curve:prime256v1',
            '-nodes',
            '-days',
            '2',
            '-subj',
            subject,
            '-addext',
            san,
            '-keyout',
            join(dir, `${name}.key`),
            '-out',
            join(dir, `${name}.crt`),
          ],
          { stdio: 'ignore' },
        );
        return [readFileSync(join(dir, `${name}.crt`), 'utf8'), readFileSync(join(dir, `${name}.key`), 'utf8')];
      };
      [cert, key] = make('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost') as [string, string];
      [clientCert, clientKey] = make('client', '/CN=client-creds-test', 'extendedKeyUsage=clientAuth') as [
        string,
        string,
      ];
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    async function startTls(mutual: boolean): Promise<Running> {
      const hits = { count: 0 };
      const server = createHttpsServer(
        { cert, key, ...(mutual ? { requestCert: true, rejectUnauthorized: true, ca: [clientCert] } : {}) },
        (req, res) => {
          hits.count++;
          json(200, { access_token: 'tls-token', token_type: 'Bearer', expires_in: 60 })(req, res);
        },
      );
      const running = await listen(server, 'https', hits);
      open.push(running);
      return running;
    }

    test('a self-signed certificate is refused without the CA, with a hint to add it', async () => {
      const s = await startTls(false);
      const err = await refused(
        grant(s.url),
        NetworkError,
        'tls',
        /TLS certificate of 127\.0\.0\.1:\d+ is not signed by a trusted certificate authority/,
      );
      assert.match(err.hint ?? '', /add that CA certificate.*never turned off/);
      assert.equal(s.hits.count, 0);
    });

    test('the same server is accepted with its CA added to the defaults', async () => {
      const s = await startTls(false);
      const token = await grant(s.url, { ca: [cert] });
      assert.equal(token.accessToken, 'tls-token');
    });

    test('a wrong extra CA does not help', async () => {
      const s = await startTls(false);
      await refused(grant(s.url, { ca: [clientCert] }), NetworkError, 'tls');
    });

    test('mutual TLS with a client certificate', async () => {
      const s = await startTls(true);
      const token = await grant(s.url, { ca: [cert], clientCert: { cert: clientCert, key: clientKey } });
      assert.equal(token.accessToken, 'tls-token');
      assert.equal(s.hits.count, 1);
    });
  });

  describe('answers that are not HTTP/1.1, directly and through a proxy', () => {
    const answers: [string, string, RegExp][] = [
      ['a status line of another protocol', 'HTTX/1.1 200 OK\r\n\r\n{}', /is not valid HTTP\/1\.1/],
      ['a broken chunk', 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n', /is not valid HTTP\/1\.1/],
      [
        'headers over the size limit',
        `HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(70_000)}\r\ncontent-length: 2\r\n\r\n{}`,
        /is not valid HTTP\/1\.1 \((HPE_HEADER_OVERFLOW|UND_ERR_HEADERS_OVERFLOW)\)/,
      ],
    ];
    for (const via of ['direct', 'through a proxy'] as const) {
      for (const [name, answer, message] of answers) {
        test(`${name}, ${via}: a protocol error with a hint`, async () => {
          const server = createNetServer((c) => {
            c.on('error', () => undefined);
            c.once('data', () => c.end(answer));
          });
          await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
          const proxy = via === 'direct' ? undefined : await startLoopbackProxy(200, { forward: true });
          try {
            const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
            const err = await refused(
              grant(url, proxy ? { proxy: proxy.url, noProxy: '' } : {}),
              NetworkError,
              'protocol',
              message,
            );
            assert.match(err.hint ?? '', /points at the OAuth server/);
          } finally {
            await proxy?.close();
            await new Promise((resolve) => server.close(resolve));
          }
        });
      }
    }

    test('https: to a port that speaks plain HTTP is a failed TLS handshake, not a bad certificate', async () => {
      const s = await start(json(200, { access_token: 'never', token_type: 'Bearer' }));
      const err = await refused(
        grant(s.url.replace('http:', 'https:')),
        NetworkError,
        'tls',
        /TLS handshake with 127\.0\.0\.1:\d+ failed/,
      );
      assert.match(err.hint ?? '', /plain HTTP/);
    });
  });

  describe('proxies', () => {
    test('an explicit proxy carries the request', async () => {
      const proxy = await startLoopbackProxy(200, { forward: true });
      const s = await start(json(200, { access_token: 'via-proxy', token_type: 'Bearer' }));
      try {
        const token = await grant(s.url, { proxy: proxy.url, noProxy: '' });
        assert.equal(token.accessToken, 'via-proxy');
        assert.deepEqual(proxy.connects, [s.host]);
        assert.equal(s.hits.count, 1);
      } finally {
        await proxy.close();
      }
    });

    test('NO_PROXY hosts bypass the proxy', async () => {
      const proxy = await startLoopbackProxy(200, { forward: true });
      const s = await start(json(200, { access_token: 'direct', token_type: 'Bearer' }));
      try {
        const token = await grant(s.url, { proxy: proxy.url, noProxy: '127.0.0.1' });
        assert.equal(token.accessToken, 'direct');
        assert.equal(proxy.connects.length + proxy.forwards.length, 0);
      } finally {
        await proxy.close();
      }
    });

    test('HTTP_PROXY from the environment is honoured, and ignored with useEnvProxy false', async () => {
      const proxy = await startLoopbackProxy(200, { forward: true });
      const s = await start(json(200, { access_token: 'env', token_type: 'Bearer' }));
      const saved = { ...process.env };
      for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'])
        delete process.env[name];
      process.env.HTTP_PROXY = proxy.url;
      try {
        assert.equal((await grant(s.url)).accessToken, 'env');
        assert.equal(proxy.connects.length, 1);
        assert.equal((await grant(s.url, { useEnvProxy: false })).accessToken, 'env');
        assert.equal(proxy.connects.length, 1, 'useEnvProxy false goes direct');
      } finally {
        for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
        Object.assign(process.env, saved);
        await proxy.close();
      }
    });

    for (const [how, onConnection] of [
      ['after reading the CONNECT', (c: Socket) => c.once('data', () => c.end())],
      ['at once', (c: Socket) => c.end()],
    ] as const) {
      test(`a proxy that closes the connection ${how} fails once, as a proxy error`, async () => {
        const sockets: Socket[] = [];
        const proxy = createNetServer((c) => {
          sockets.push(c);
          c.on('error', () => undefined);
          onConnection(c);
        });
        await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
        const s = await start(json(200, { access_token: 'never', token_type: 'Bearer' }));
        try {
          const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
          const err = await refused(
            grant(s.url, { proxy: proxyUrl, noProxy: '', timeoutMs: 5000 }),
            NetworkError,
            'proxy',
            /the proxy closed the connection instead of opening a tunnel to 127\.0\.0\.1:\d+/,
          );
          assert.match(err.hint ?? '', /NO_PROXY/);
          assert.equal(sockets.length, 1);
          assert.equal(s.hits.count, 0);
        } finally {
          for (const c of sockets) c.destroy();
          await new Promise((resolve) => proxy.close(resolve));
        }
      });
    }

    test('a proxy that refuses the tunnel is a proxy error', async () => {
      const proxy = await startLoopbackProxy(407, { forward: true });
      const s = await start(json(200, { access_token: 'never', token_type: 'Bearer' }));
      try {
        const err = await refused(grant(s.url, { proxy: proxy.url, noProxy: '' }), NetworkError, 'proxy', /HTTP 407/);
        assert.match(err.hint ?? '', /credentials/);
        assert.equal(s.hits.count, 0);
      } finally {
        await proxy.close();
      }
    });
  });
});
