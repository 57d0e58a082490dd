import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../../src/core/errors';
import { environmentProxies, PROXY_VARIABLES, proxyUrl } from '../../../src/core/proxySettings';

describe('proxyUrl: a value as curl reads it', () => {
  const accepted: [string, string][] = [
    ['127.0.0.1:3128', 'http://127.0.0.1:3128'],
    ['proxy.corp.example:3128', 'http://proxy.corp.example:3128'],
    ['proxy.corp.example', 'http://proxy.corp.example'],
    ['  proxy:8080  ', 'http://proxy:8080'],
    ['[::1]:8080', 'http://[::1]:8080'],
    ['user:pass@proxy:8080', 'http://user:pass@proxy:8080'],
    ['http://proxy:8080', 'http://proxy:8080'],
    ['HTTP://proxy:8080/', 'HTTP://proxy:8080/'],
    ['https://proxy:8443', 'https://proxy:8443'],
  ];
  for (const [value, expected] of accepted) {
    test(`${JSON.stringify(value)} -> ${expected}`, () => assert.equal(proxyUrl(value, 'HTTPS_PROXY'), expected));
  }

  const refused: [string, RegExp][] = [
    ['socks5://proxy:1080', /only http:\/\/ and https:\/\/ proxies are supported \(got a socks5:\/\/ proxy\)/],
    ['socks5h://proxy:1080', /socks5h/],
    ['ftp://proxy', /only http/],
    ['proxy corp:80', /is not a proxy address/],
    ['proxy:port', /is not a proxy address/],
    ['http://', /is not a proxy address/],
    ['http://user:s3cret@', /is not a proxy address/],
  ];
  for (const [value, message] of refused) {
    test(`refuses ${JSON.stringify(value)}, naming the source, without credentials`, () => {
      assert.throws(
        () => proxyUrl(value, 'the HTTPS_PROXY environment variable'),
        (e: unknown) =>
          e instanceof ConfigError &&
          e.code === 'invalid_proxy' &&
          e.message.startsWith('the HTTPS_PROXY environment variable: ') &&
          message.test(e.message) &&
          !e.message.includes('s3cret') &&
          e.hint !== undefined,
      );
    });
  }
});

describe('environmentProxies: every spelling, curl precedence', () => {
  const cases: { name: string; env: Record<string, string>; https?: string; http?: string; noProxy?: string }[] = [
    { name: 'nothing set', env: {} },
    ...PROXY_VARIABLES.https.slice(0, 2).map((v) => ({ name: `${v} alone`, env: { [v]: 'p:1' }, https: v })),
    ...PROXY_VARIABLES.http.map((v) => ({ name: `${v} alone`, env: { [v]: 'p:1' }, https: v, http: v })),
    {
      name: 'lower case before upper case (https)',
      env: { https_proxy: 'p:1', HTTPS_PROXY: 'q:2' },
      https: 'https_proxy',
    },
    {
      name: 'lower case before upper case (http)',
      env: { http_proxy: 'p:1', HTTP_PROXY: 'q:2' },
      http: 'http_proxy',
      https: 'http_proxy',
    },
    {
      name: 'HTTPS_PROXY before ALL_PROXY',
      env: { HTTPS_PROXY: 'p:1', ALL_PROXY: 'q:2' },
      https: 'HTTPS_PROXY',
      http: 'ALL_PROXY',
    },
    {
      name: 'ALL_PROXY before the HTTP_PROXY fallback for https',
      env: { ALL_PROXY: 'p:1', HTTP_PROXY: 'q:2' },
      https: 'ALL_PROXY',
      http: 'HTTP_PROXY',
    },
    { name: 'an empty value counts as unset', env: { https_proxy: '  ', HTTPS_PROXY: 'p:1' }, https: 'HTTPS_PROXY' },
    { name: 'no_proxy before NO_PROXY', env: { no_proxy: 'a', NO_PROXY: 'b' }, noProxy: 'a' },
    { name: 'NO_PROXY alone', env: { NO_PROXY: 'b,.corp' }, noProxy: 'b,.corp' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const out = environmentProxies(c.env);
      assert.equal(out.https?.source, c.https);
      assert.equal(out.http?.source, c.http);
      assert.equal(out.noProxy, c.noProxy);
      for (const choice of [out.https, out.http]) {
        if (choice && 'url' in choice) assert.match(choice.url, /^http:\/\/[pq]:[12]$/);
      }
    });
  }

  test('an unusable value is kept as a problem naming the variable, never thrown here', () => {
    const out = environmentProxies({ HTTPS_PROXY: 'socks5://p:1' });
    assert.ok(out.https && 'problem' in out.https);
    assert.match(out.https.problem.message, /^the HTTPS_PROXY environment variable: /);
  });
});
