// The direct transport (node:http/node:https under http.ts) against raw TCP servers on loopback that answer byte for
// byte: what a broken or slow server does must end as the same NetworkErrors as through undici.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import { NetworkError } from '../../../src/core/errors';
import { createHttpClient } from '../../../src/core/http';

const servers: Server[] = [];
const sockets: Socket[] = [];

/** A TCP server that hands each connection to `onSocket`; resolves to its port. */
async function rawServer(onSocket: (socket: Socket, index: number) => void): Promise<number> {
  let count = 0;
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    onSocket(socket, count++);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as import('node:net').AddressInfo).port;
}

/** Calls `answer` once per request head read from the socket. */
function onRequests(socket: Socket, answer: (n: number) => void): void {
  let text = '';
  let n = 0;
  socket.on('data', (chunk) => {
    text += chunk.toString('latin1');
    while (text.includes('\r\n\r\n')) {
      const head = text.slice(0, text.indexOf('\r\n\r\n'));
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
      const end = text.indexOf('\r\n\r\n') + 4 + length;
      if (text.length < end) return;
      text = text.slice(end);
      answer(n++);
    }
  });
}

after(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

const isNetworkError = (code: string, message: RegExp) => (err: unknown) =>
  err instanceof NetworkError && err.code === code && message.test(err.message);

describe('direct transport', () => {
  test('a body shorter than its Content-Length is a protocol error, not a token', async () => {
    const port = await rawServer((socket) =>
      onRequests(socket, () => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"access_token":"x"')),
    );
    const http = createHttpClient({ timeoutMs: 5000 });
    await assert.rejects(
      http.request({ method: 'POST', url: `http://127.0.0.1:${port}/token`, body: 'a=b' }),
      isNetworkError('protocol', /ended before its announced length/),
    );
    await http.close();
  });

  test('an answer that is not HTTP/1.1 is a protocol error naming the parser code', async () => {
    const port = await rawServer((socket) => onRequests(socket, () => socket.end('HTTX/1.1 200 OK\r\n\r\n{}')));
    const http = createHttpClient({ timeoutMs: 5000 });
    await assert.rejects(
      http.request({ method: 'GET', url: `http://127.0.0.1:${port}/jwks` }),
      isNetworkError('protocol', /is not valid HTTP\/1\.1 \(HPE_/),
    );
    await http.close();
  });

  test('a connection closed without an answer is connect_failed', async () => {
    const port = await rawServer((socket) => onRequests(socket, () => socket.destroy()));
    const http = createHttpClient({ timeoutMs: 5000 });
    await assert.rejects(
      http.request({ method: 'GET', url: `http://127.0.0.1:${port}/jwks` }),
      isNetworkError('connect_failed', /closed before a complete answer/),
    );
    await http.close();
  });

  test('a TLS handshake that never completes fails at the connect timeout', async () => {
    // Accepts TCP, never speaks TLS.
    const port = await rawServer(() => undefined);
    const http = createHttpClient({ timeoutMs: 5000, connectTimeoutMs: 200 });
    const started = Date.now();
    await assert.rejects(
      http.request({ method: 'GET', url: `https://127.0.0.1:${port}/jwks` }),
      isNetworkError('timeout', /could not connect to 127\.0\.0\.1:\d+ in time/),
    );
    assert.ok(Date.now() - started < 4000, 'the connect timeout, not the request timeout, ended it');
    await http.close();
  });

  test('keeps the connection for the next request; close() ends it', async () => {
    let connections = 0;
    let closed = false;
    const body = '{"keys":[]}';
    const port = await rawServer((socket) => {
      connections++;
      socket.on('close', () => {
        closed = true;
      });
      onRequests(socket, (n) =>
        socket.write(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-request: ${n}\r\nX-Twice: a\r\nx-twice: b\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
        ),
      );
    });
    const http = createHttpClient({ timeoutMs: 5000 });
    const first = await http.request({ method: 'GET', url: `http://127.0.0.1:${port}/jwks` });
    const second = await http.request({ method: 'GET', url: `http://127.0.0.1:${port}/jwks` });
    assert.equal(first.body, body);
    assert.deepEqual([first.headers['x-request'], second.headers['x-request']], ['0', '1']);
    assert.equal(second.headers['x-twice'], 'a, b');
    assert.equal(connections, 1);
    await http.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(closed, true);
  });

  test('an answer that starts before the request body is read is not cut by the headers timeout', async () => {
    // The server answers at once and streams its body over ~600 ms while it drains a 4 MiB request body.
    const port = await rawServer((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\n');
        let sent = 0;
        const tick = setInterval(() => {
          socket.write('x');
          if (++sent === 4) {
            clearInterval(tick);
            socket.end();
          }
        }, 150);
      });
      socket.resume();
    });
    const http = createHttpClient({ timeoutMs: 5000, headersTimeoutMs: 200, bodyTimeoutMs: 1000 });
    const res = await http.request({
      method: 'POST',
      url: `http://127.0.0.1:${port}/token`,
      body: 'a'.repeat(4 * 1024 * 1024),
    });
    assert.equal(res.body, 'xxxx');
    await http.close();
  });

  test('sends the body with its length, the user agent and the caller headers', async () => {
    let head = '';
    const port = await rawServer((socket) =>
      socket.once('data', (chunk) => {
        head = chunk.toString('latin1');
        socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}');
      }),
    );
    const http = createHttpClient({ timeoutMs: 5000 });
    const body = 'grant_type=client_credentials&scope=caf%C3%A9';
    await http.request({
      method: 'POST',
      url: `http://127.0.0.1:${port}/token?x=1`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    await http.close();
    assert.match(head, /^POST \/token\?x=1 HTTP\/1\.1\r\n/);
    assert.match(head, /\r\ncontent-length: 45\r\n/i);
    assert.match(head, /\r\ncontent-type: application\/x-www-form-urlencoded\r\n/i);
    assert.match(head, /\r\nuser-agent: client-creds\r\n/i);
    assert.ok(head.endsWith(`\r\n\r\n${body}`));
  });
});
