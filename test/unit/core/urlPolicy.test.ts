import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../../src/core/errors';
import { assertAllowedUrl, isLoopbackHost } from '../../../src/core/urlPolicy';

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
