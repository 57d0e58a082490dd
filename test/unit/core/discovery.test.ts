import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { discover, discoveryUrls } from '../../../src/core/discovery';
import { ConfigError, NetworkError, ResponseError } from '../../../src/core/errors';
import { createHttpClient } from '../../../src/core/http';

describe('discoveryUrls', () => {
  const cases: [string, string[]][] = [
    [
      'https://as.example',
      [
        'https://as.example/.well-known/openid-configuration',
        'https://as.example/.well-known/oauth-authorization-server',
      ],
    ],
    [
      'https://as.example/',
      [
        'https://as.example/.well-known/openid-configuration',
        'https://as.example/.well-known/oauth-authorization-server',
      ],
    ],
    [
      'https://as.example/a/oidc-provider',
      [
        'https://as.example/a/oidc-provider/.well-known/openid-configuration',
        'https://as.example/.well-known/oauth-authorization-server/a/oidc-provider',
      ],
    ],
    [
      'https://as.example/tenant/',
      [
        'https://as.example/tenant/.well-known/openid-configuration',
        'https://as.example/.well-known/oauth-authorization-server/tenant',
      ],
    ],
    [
      'http://127.0.0.1:4455',
      [
        'http://127.0.0.1:4455/.well-known/openid-configuration',
        'http://127.0.0.1:4455/.well-known/oauth-authorization-server',
      ],
    ],
  ];
  for (const [issuer, urls] of cases) {
    test(issuer, () => assert.deepEqual(discoveryUrls(issuer), urls));
  }
  const refused: [string, string][] = [
    ['http://as.example', 'insecure_url'],
    ['https://as.example/?tenant=1', 'invalid_url'],
    ['as.example', 'invalid_url'],
  ];
  for (const [issuer, code] of refused) {
    test(`refuses ${issuer}`, () => {
      assert.throws(
        () => discoveryUrls(issuer),
        (err: unknown) => err instanceof ConfigError && err.code === code,
      );
    });
  }
});

type Answer = { status: number; body: string; headers?: Record<string, string> };

describe('discover (against a loopback server)', () => {
  let base = '';
  let routes: Record<string, (base: string) => Answer> = {};
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const route = routes[req.url ?? ''];
    const answer = route ? route(base) : { status: 404, body: 'not found' };
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body);
  });
  const http = createHttpClient({ timeoutMs: 5000 });

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await http.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const metadata = (issuer: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      issuer,
      token_endpoint: `${issuer}/api/v0/token`,
      jwks_uri: `${issuer}/api/v0/jwks`,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['PS256', 'ES256'],
      ...extra,
    });

  function setup(r: Record<string, (base: string) => Answer>) {
    routes = r;
    seen.length = 0;
  }

  test('OpenID configuration appended to the issuer path', async () => {
    setup({ '/a/op/.well-known/openid-configuration': (b) => ({ status: 200, body: metadata(`${b}/a/op`) }) });
    const md = await discover(`${base}/a/op`, http);
    assert.equal(md.issuer, `${base}/a/op`);
    assert.equal(md.token_endpoint, `${base}/a/op/api/v0/token`);
    assert.deepEqual(md.token_endpoint_auth_signing_alg_values_supported, ['PS256', 'ES256']);
    assert.deepEqual(seen, ['/a/op/.well-known/openid-configuration']);
  });

  test('falls back to RFC 8414 with the path inserted after the host', async () => {
    setup({ '/.well-known/oauth-authorization-server/a/op': (b) => ({ status: 200, body: metadata(`${b}/a/op`) }) });
    const md = await discover(`${base}/a/op`, http);
    assert.equal(md.token_endpoint, `${base}/a/op/api/v0/token`);
    assert.deepEqual(seen, ['/a/op/.well-known/openid-configuration', '/.well-known/oauth-authorization-server/a/op']);
  });

  test('an HTML page or a redirect at the first URL moves on to the second', async () => {
    setup({
      '/a/op/.well-known/openid-configuration': () => ({
        status: 302,
        body: '',
        headers: { location: 'https://elsewhere.example/' },
      }),
      '/.well-known/oauth-authorization-server/a/op': (b) => ({ status: 200, body: metadata(`${b}/a/op`) }),
    });
    assert.equal((await discover(`${base}/a/op`, http)).issuer, `${base}/a/op`);
    setup({
      '/a/op/.well-known/openid-configuration': () => ({
        status: 200,
        body: '<html>app shell</html>',
        headers: { 'content-type': 'text/html' },
      }),
      '/.well-known/oauth-authorization-server/a/op': (b) => ({ status: 200, body: metadata(`${b}/a/op`) }),
    });
    assert.equal((await discover(`${base}/a/op`, http)).issuer, `${base}/a/op`);
  });

  const failures: { name: string; routes: Record<string, (base: string) => Answer>; code: string; message: RegExp }[] =
    [
      {
        name: 'nothing at either URL',
        routes: {},
        code: 'discovery_failed',
        message:
          /no authorization server metadata for issuer .*openid-configuration answered HTTP 404; .*oauth-authorization-server\/a\/op answered HTTP 404$/,
      },
      {
        name: 'metadata naming another issuer (trailing slash matters)',
        routes: { '/a/op/.well-known/openid-configuration': (b) => ({ status: 200, body: metadata(`${b}/a/op/`) }) },
        code: 'issuer_mismatch',
        message: /names ".*\/a\/op\/", not ".*\/a\/op"$/,
      },
      {
        name: 'metadata without an issuer',
        routes: {
          '/a/op/.well-known/openid-configuration': () => ({
            status: 200,
            body: '{"token_endpoint":"https://x/token"}',
          }),
        },
        code: 'issuer_mismatch',
        message: /names no issuer/,
      },
      {
        name: 'a token endpoint on plain http to a remote host',
        routes: {
          '/a/op/.well-known/openid-configuration': (b) => ({
            status: 200,
            body: metadata(`${b}/a/op`, { token_endpoint: 'http://evil.example/token' }),
          }),
        },
        code: 'metadata_invalid',
        message: /token_endpoint: must be https \(http only for loopback\)$/,
      },
      {
        name: 'no token endpoint',
        routes: {
          '/a/op/.well-known/openid-configuration': (b) => ({
            status: 200,
            body: metadata(`${b}/a/op`, { token_endpoint: undefined }),
          }),
        },
        code: 'metadata_invalid',
        message: /no token_endpoint$/,
      },
      {
        name: 'a jwks_uri with credentials',
        routes: {
          '/a/op/.well-known/openid-configuration': (b) => ({
            status: 200,
            body: metadata(`${b}/a/op`, { jwks_uri: 'https://user:pw@as.example/jwks' }),
          }),
        },
        code: 'metadata_invalid',
        message: /jwks_uri: must not contain a user name or password$/,
      },
      {
        name: 'algorithm list that is not a list of strings',
        routes: {
          '/a/op/.well-known/openid-configuration': (b) => ({
            status: 200,
            body: metadata(`${b}/a/op`, { token_endpoint_auth_signing_alg_values_supported: 'PS256' }),
          }),
        },
        code: 'metadata_invalid',
        message: /token_endpoint_auth_signing_alg_values_supported is not a list of strings$/,
      },
    ];
  for (const f of failures) {
    test(f.name, async () => {
      setup(f.routes);
      await assert.rejects(discover(`${base}/a/op`, http), (err: unknown) => {
        assert.ok(err instanceof ResponseError, String(err));
        assert.equal(err.code, f.code);
        assert.match(err.message, f.message);
        assert.doesNotMatch(err.message, /\n/);
        return true;
      });
    });
  }

  test('a network failure is thrown as it is, without trying further URLs', async () => {
    await assert.rejects(
      discover('http://127.0.0.1:9/a/op', http),
      (err: unknown) => err instanceof NetworkError && err.code === 'connect_failed',
    );
  });
});
