import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, NetworkError } from '../../src/core/errors';
import { assertAllowedUrl, bodyExcerpt, createHttpClient, isLoopbackHost, printableText } from '../../src/core/http';

/** True when `text` holds a C0 or C1 control character (what must never reach a terminal from a server). */
function hasControlCharacter(text: string): boolean {
  return [...text].some((ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
}

describe('isLoopbackHost', () => {
  const cases: [string, boolean][] = [
    ['localhost', true],
    ['LOCALHOST', true],
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['127.0.0.256', false],
    ['::1', true],
    ['[::1]', true],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['localhost.example.com', false],
    ['127.0.0.1.nip.io', false],
    ['evil-localhost', false],
    ['[::ffff:7f00:1]', false],
    ['', false],
  ];
  for (const [host, expected] of cases) {
    test(`${JSON.stringify(host)} -> ${expected}`, () => assert.equal(isLoopbackHost(host), expected));
  }
});

describe('assertAllowedUrl', () => {
  const allowed = [
    'https://login.jackhenry.com/a/oidc-provider/api/v0/token',
    'https://example.com:8443/token?tenant=1',
    'http://127.0.0.1:4455/token',
    'http://localhost/token',
    'http://[::1]:8080/token',
    'http://127.1/token', // WHATWG URL reads this as 127.0.0.1
  ];
  for (const url of allowed) {
    test(`allows ${url}`, () => assert.ok(assertAllowedUrl(url, 'tokenUrl') instanceof URL));
  }

  const refused: [string, string, RegExp][] = [
    ['http://login.jackhenry.com/token', 'insecure_url', /^tokenUrl: must be https \(http only for loopback\)$/],
    ['http://10.0.0.1/token', 'insecure_url', /must be https/],
    ['http://localhost.evil.example/token', 'insecure_url', /must be https/],
    ['ftp://example.com/token', 'invalid_url', /only https URLs are allowed/],
    ['file:///etc/passwd', 'invalid_url', /only https URLs are allowed/],
    ['javascript:alert(1)', 'invalid_url', /only https URLs are allowed/],
    ['https://user:secret@example.com/token', 'invalid_url', /must not contain a user name or password/],
    ['https://example.com/token#frag', 'invalid_url', /fragment/],
    ['not a url', 'invalid_url', /^tokenUrl: not a valid URL$/],
    ['', 'invalid_url', /not a valid URL/],
    ['/relative/token', 'invalid_url', /not a valid URL/],
  ];
  for (const [url, code, message] of refused) {
    test(`refuses ${JSON.stringify(url)} with ${code}`, () => {
      assert.throws(
        () => assertAllowedUrl(url, 'tokenUrl'),
        (err: unknown) => err instanceof ConfigError && err.code === code && message.test(err.message),
      );
    });
  }

  test('never repeats a password in its message', () => {
    assert.throws(
      () => assertAllowedUrl('https://user:hunter2@example.com/', 'issuer'),
      (err: unknown) => err instanceof ConfigError && !err.message.includes('hunter2'),
    );
  });
});

describe('printableText and bodyExcerpt', () => {
  const jwt =
    'eyJhbGciOiJQUzI1NiJ9.eyJpc3MiOiJjbGllbnQiLCJzdWIiOiJjbGllbnQiLCJhdWQiOiJodHRwczovL3gifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
  const cases: [string, string, (out: string) => boolean][] = [
    ['control characters become spaces', 'a\u0000b\u001b[31mc\r\nd', (o) => o === 'a b [31mc d'],
    ['bidi overrides removed', 'abc\u202Egnp.exe', (o) => o === 'abc gnp.exe'],
    ['C1 controls removed', 'x\u0085y\u009bz', (o) => o === 'x y z'],
    ['JWT redacted', `token=${jwt} end`, (o) => o === 'token=[redacted] end' && !o.includes('eyJ')],
    ['long opaque run redacted', `x ${'A'.repeat(60)} y`, (o) => o === 'x [redacted] y'],
    ['cut to max with ellipsis', 'word '.repeat(60), (o) => o.length === 121 && o.endsWith('…')],
    ['whitespace collapsed', '  a \t\t b  ', (o) => o === 'a b'],
  ];
  for (const [name, input, check] of cases) {
    test(name, () => {
      const out = printableText(input);
      assert.ok(check(out), `got ${JSON.stringify(out)}`);
      assert.equal(hasControlCharacter(out), false);
    });
  }

  test('bodyExcerpt quotes HTML so it stays text, on one line', () => {
    const html =
      '<html>\n<head><title>500 Internal Server Error</title></head>\n<body><script>alert("x")</script></body></html>';
    const out = bodyExcerpt(html);
    assert.ok(out.startsWith('"<html> <head><title>500 Internal Server Error'));
    assert.ok(out.includes('alert(\\"x\\")'), 'double quotes are escaped');
    assert.doesNotMatch(out, /\n|\r/);
    assert.ok(out.length <= 125);
  });
});

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
