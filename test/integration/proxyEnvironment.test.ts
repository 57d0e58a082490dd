// Proxy variables in every spelling curl reads, through the real HTTP client and a real loopback proxy: each spelling,
// with and without a scheme, carries the request (or, for an https target, asks the proxy for the tunnel); the
// lower-case spelling wins; NO_PROXY / no_proxy bypass it; an unusable value is an error naming the variable.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { ConfigError, NetworkError } from '../../src/core/errors';
import { createHttpClient } from '../../src/core/http';
import { PROXY_VARIABLES } from '../../src/core/proxySettings';
import { requestToken } from '../../src/core/tokenClient';
import { type CountingServer, startCountingServer } from '../support/countingServer';
import { type LoopbackProxy, startLoopbackProxy } from '../support/loopbackProxy';

const ASSERTION = 'eyJhbGciOiJQUzI1NiJ9.eyJpc3MiOiJjIn0.c2ln';
const ALL = [...new Set([...PROXY_VARIABLES.https, ...PROXY_VARIABLES.http, ...PROXY_VARIABLES.noProxy])];

function clearProxyEnv(): void {
  for (const name of ALL) delete process.env[name];
}

/** One request through a fresh client (the environment is read when the client is created). */
async function post(url: string): Promise<number> {
  const http = createHttpClient({ timeoutMs: 3000 });
  try {
    return (await http.request({ method: 'POST', url, body: '' })).status;
  } finally {
    await http.close();
  }
}

describe('proxy variables in every spelling', () => {
  let proxy: LoopbackProxy;
  let refusing: LoopbackProxy;
  let target: CountingServer;
  const saved = Object.fromEntries(ALL.map((n) => [n, process.env[n]]));

  before(async () => {
    proxy = await startLoopbackProxy();
    refusing = await startLoopbackProxy(407);
    target = await startCountingServer({ status: 200 });
  });
  afterEach(() => {
    clearProxyEnv();
    proxy.connects.length = 0;
    refusing.connects.length = 0;
  });
  after(async () => {
    clearProxyEnv();
    for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
    await Promise.all([proxy.close(), refusing.close(), target.close()]);
  });

  for (const name of PROXY_VARIABLES.http) {
    for (const form of ['host:port', 'http://host:port'] as const) {
      test(`an http request goes through ${name}=${form}`, async () => {
        clearProxyEnv();
        process.env[name] = form === 'host:port' ? proxy.hostPort : `http://${proxy.hostPort}`;
        assert.equal(await post(`${target.url}/token`), 200);
        assert.deepEqual(proxy.connects, [`127.0.0.1:${target.port}`]);
      });
    }
  }

  for (const name of PROXY_VARIABLES.https) {
    test(`an https request asks ${name}=host:port for its tunnel`, async () => {
      clearProxyEnv();
      process.env[name] = refusing.hostPort;
      await assert.rejects(post('https://login.example.test/token'), (e: unknown) => {
        assert.ok(e instanceof NetworkError && e.code === 'proxy', String(e));
        return true;
      });
      assert.deepEqual(refusing.connects, ['login.example.test:443']);
    });
  }

  test('the lower-case spelling wins over the upper-case one, as in curl', async () => {
    clearProxyEnv();
    process.env.http_proxy = proxy.hostPort;
    process.env.HTTP_PROXY = refusing.hostPort;
    assert.equal(await post(`${target.url}/token`), 200);
    assert.equal(proxy.connects.length, 1);
    assert.equal(refusing.connects.length, 0);
  });

  for (const name of PROXY_VARIABLES.noProxy) {
    test(`${name} lets a host bypass the proxy`, async () => {
      clearProxyEnv();
      process.env.HTTP_PROXY = proxy.hostPort;
      process.env[name] = '127.0.0.1';
      assert.equal(await post(`${target.url}/token`), 200);
      assert.equal(proxy.connects.length, 0);
    });
  }

  const unusable: [string, RegExp][] = [
    ['socks5://127.0.0.1:1080', /only http:\/\/ and https:\/\/ proxies/],
    ['proxy corp:80', /is not a proxy address/],
    ['http://', /is not a proxy address/],
  ];
  for (const name of PROXY_VARIABLES.https) {
    for (const [value, message] of unusable) {
      test(`${name}=${value} is an error naming ${name}, not an internal error`, async () => {
        clearProxyEnv();
        process.env[name] = value;
        await assert.rejects(
          requestToken(createHttpClient({ timeoutMs: 2000 }), {
            tokenEndpoint: 'https://login.example.test/token',
            clientAssertion: ASSERTION,
          }),
          (e: unknown) => {
            assert.ok(e instanceof ConfigError && e.code === 'invalid_proxy', String(e));
            assert.match(e.message, new RegExp(`the ${name} environment variable`));
            assert.match(e.message, message);
            return true;
          },
        );
      });
    }
  }

  test('a broken http_proxy does not stop an https request that never uses it', async () => {
    clearProxyEnv();
    process.env.http_proxy = 'socks5://127.0.0.1:1';
    process.env.HTTPS_PROXY = refusing.hostPort;
    await assert.rejects(post('https://login.example.test/token'), (e: unknown) => e instanceof NetworkError);
    assert.deepEqual(refusing.connects, ['login.example.test:443']);
  });

  test('the credentials of an unusable value never reach the message', async () => {
    clearProxyEnv();
    process.env.HTTPS_PROXY = 'http://user:s3cret-pass@proxy corp:8080';
    await assert.rejects(post('https://login.example.test/token'), (e: unknown) => {
      assert.ok(e instanceof ConfigError, String(e));
      assert.doesNotMatch(`${e.message} ${e.hint}`, /s3cret/);
      return true;
    });
  });
});
