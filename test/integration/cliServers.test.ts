// The built CLI against the servers people use, rebuilt on loopback: the real oidc-provider for client_id and extra
// form parameters, small servers for what it cannot do (a BOM before the JSON, a short opaque token in a broken answer,
// Auth0's audience parameter, a non-Jack Henry token URL with the Jack Henry defaults), and proxy variables without
// a scheme.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type AuthServer, jwksFromPublicKeyPem, startAuthServer } from '../support/authServer';
import { buildCliIfStale, type CliRun, runCliProcess } from '../support/cliProcess';
import { closeServer, readBody } from '../support/countingServer';
import { type LoopbackProxy, startLoopbackProxy } from '../support/loopbackProxy';

const ROOT = new URL('../..', import.meta.url).pathname;
const _CLI = join(ROOT, 'dist/cli.js');
const CLIENT = 'cli-servers-client';
function run(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCliProcess(args, { cwd: ROOT, env });
}

/** A small token endpoint on loopback whose answer a test sets; it records each form. */
async function startAnswering(answer: (form: URLSearchParams, req: IncomingMessage, res: ServerResponse) => void) {
  const forms: URLSearchParams[] = [];
  const server = createServer((req, res) => {
    readBody(req).then((body) => {
      const form = new URLSearchParams(body);
      forms.push(form);
      answer(form, req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, forms, close: () => closeServer(server) };
}

let dir = '';
let keyPath = '';
let oidc: AuthServer;
let proxy: LoopbackProxy;

before(async () => {
  buildCliIfStale();
  dir = mkdtempSync(join(tmpdir(), 'client-creds-servers-'));
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  keyPath = join(dir, 'private.pem');
  writeFileSync(keyPath, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
  oidc = await startAuthServer();
  await oidc.registerClient({
    clientId: CLIENT,
    jwks: jwksFromPublicKeyPem(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  });
  proxy = await startLoopbackProxy();
});
after(async () => {
  await Promise.all([oidc.close(), proxy.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const key = () => [`--client-id=${CLIENT}`, `--private-key=${keyPath}`];

describe('client-creds against the servers people use', () => {
  test('--preset=generic sends client_id and --param/--resource reach the server', async () => {
    const resource = new URL('/a/api', oidc.issuer).href;
    const r = await run([
      'client-assertion',
      ...key(),
      '--preset=generic',
      `--token-url=${oidc.tokenUrl}`,
      '--param=audience=https://api.example',
      `--resource=${resource}`,
      '--json',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const form = new URLSearchParams(oidc.requests.filter((q) => q.method === 'POST').at(-1)?.body ?? '');
    assert.equal(form.get('client_id'), CLIENT);
    assert.equal(form.get('audience'), 'https://api.example');
    assert.equal(form.get('resource'), resource);
    assert.match(r.stderr, /^client_id=cli-servers-client$/m, 'the request step shows client_id');
    assert.match(r.stderr, /^audience=https:\/\/api\.example$/m, 'the request step shows the extra parameter');
  });

  test('a server that wants client_id (Spring Authorization Server): the hint names the flag, and the flag works', async () => {
    const spring = await startAnswering((form, _req, res) => {
      res.setHeader('content-type', 'application/json');
      if (!form.get('client_id')) {
        res.statusCode = 400;
        res.end('{"error":"invalid_request"}');
        return;
      }
      res.end(JSON.stringify({ access_token: 'spring-token', token_type: 'Bearer', expires_in: 299 }));
    });
    try {
      const args = [
        'client-assertion',
        ...key(),
        '--preset=jack-henry',
        `--token-url=${spring.base}/oauth2/token`,
        '--quiet',
      ];
      const refused = await run(args);
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /hint: .*client_id in the form.*--send-client-id/);
      const ok = await run([...args, '--send-client-id']);
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(ok.stdout.trim(), 'spring-token');
    } finally {
      await spring.close();
    }
  });

  test('a BOM before the JSON is ignored; a short opaque token never reaches an error line', async () => {
    const token = 'S3cr3tOpaqueAccessToken012345678';
    let broken = false;
    const s = await startAnswering((_form, _req, res) => {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      const body = broken ? { access_token: token } : { access_token: token, token_type: 'Bearer', expires_in: 60 };
      res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(body))]));
    });
    try {
      const args = ['client-assertion', ...key(), '--preset=generic', `--token-url=${s.base}/token`, '--quiet'];
      const ok = await run(args);
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(ok.stdout.trim(), token);
      assert.ok(!ok.stderr.includes(token));
      broken = true;
      const failed = await run(args);
      assert.equal(failed.status, 1);
      assert.match(failed.stderr, /error: token endpoint answered HTTP 200 without a token_type/);
      assert.ok(!failed.stderr.includes(token) && !failed.stdout.includes(token), failed.stderr);
    } finally {
      await s.close();
    }
  });

  test("Auth0's missing audience parameter: the hint names --param=audience, not the assertion's aud", async () => {
    const auth0 = await startAnswering((form, _req, res) => {
      res.setHeader('content-type', 'application/json');
      if (!form.get('audience')) {
        res.statusCode = 403;
        res.end(JSON.stringify({ error: 'access_denied', error_description: 'No audience parameter was provided' }));
        return;
      }
      res.end(JSON.stringify({ access_token: 'auth0-token', token_type: 'Bearer', expires_in: 86400 }));
    });
    try {
      const args = [
        'client-assertion',
        ...key(),
        '--preset=generic',
        `--token-url=${auth0.base}/oauth/token`,
        '--quiet',
      ];
      const refused = await run(args);
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /hint: .*--param=audience=/);
      assert.doesNotMatch(refused.stderr, /--audience/);
      const ok = await run([...args, '--param=audience=https://api.example.test']);
      assert.equal(ok.stdout.trim(), 'auth0-token', ok.stderr);
    } finally {
      await auth0.close();
    }
  });

  test('the Jack Henry defaults pointed at another server: a note on stderr says so, stdout stays clean', async () => {
    const s = await startAnswering((_form, _req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ access_token: 'plain-token', token_type: 'Bearer' }));
    });
    try {
      const r = await run(['client-assertion', ...key(), `--token-url=${s.base}/oauth2/token`, '--quiet']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, 'plain-token\n');
      assert.match(r.stderr, /no --preset given, so the jack-henry preset .*exp in milliseconds and no iat/);
      const quietJh = await run(['client-assertion', ...key(), `--token-url=${oidc.tokenUrl}`, '--quiet']);
      assert.doesNotMatch(quietJh.stderr, /no --preset given/, 'a Jack Henry token path gets no note');
    } finally {
      await s.close();
    }
  });

  test('proxy variables without a scheme: HTTP_PROXY=host:port carries the request to the token endpoint', async () => {
    proxy.connects.length = 0;
    const r = await run(['client-assertion', ...key(), `--token-url=${oidc.tokenUrl}`, '--quiet'], {
      HTTP_PROXY: proxy.hostPort,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(proxy.connects, [new URL(oidc.tokenUrl).host]);
  });

  test('an unusable HTTPS_PROXY is an error naming it, never an internal error', async () => {
    const r = await run(['client-assertion', ...key(), '--token-url=https://login.example.test/token', '--quiet'], {
      HTTPS_PROXY: 'socks5://127.0.0.1:1080',
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /error: the HTTPS_PROXY environment variable: only http:\/\/ and https:\/\/ proxies/);
    assert.doesNotMatch(r.stderr, /internal/);
  });
});
