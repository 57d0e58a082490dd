// The built CLI's `verify` against JWKS endpoints on loopback that misbehave: a JWKS that publishes private key
// members (a warning, the signature still checked), a redirect and an oversized answer (hints about a JWKS fetch,
// not about the token request). A real token from the real oidc-provider is what gets verified.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type AuthServer, jwksFromPublicKeyPem, startAuthServer } from '../support/authServer';
import { buildCliIfStale, type CliRun, runCliProcess } from '../support/cliProcess';
import { closeServer } from '../support/countingServer';

const ROOT = new URL('../..', import.meta.url).pathname;
const _CLI = join(ROOT, 'dist/cli.js');
const CLIENT = 'cli-verify-jwks-client';

function run(args: string[]): Promise<CliRun> {
  return runCliProcess(args, { cwd: ROOT });
}

let dir = '';
let oidc: AuthServer;
let jwksServer: Server;
let base = '';
let token = '';
let serverJwks: { keys: Record<string, unknown>[] } = { keys: [] };

before(async () => {
  buildCliIfStale();
  dir = mkdtempSync(join(tmpdir(), 'client-creds-verify-jwks-'));
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPath = join(dir, 'private.pem');
  writeFileSync(keyPath, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  oidc = await startAuthServer();
  await oidc.registerClient({
    clientId: CLIENT,
    jwks: jwksFromPublicKeyPem(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  });
  const got = await run([
    'client-assertion',
    `--client-id=${CLIENT}`,
    `--private-key=${keyPath}`,
    `--token-url=${oidc.tokenUrl}`,
    '--quiet',
  ]);
  assert.equal(got.status, 0, got.stderr);
  token = got.stdout.trim();
  serverJwks = (await (await fetch(oidc.jwksUrl)).json()) as typeof serverJwks;
  jwksServer = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/redirect') {
      res.writeHead(302, { location: 'https://elsewhere.example/jwks' }).end();
      return;
    }
    if (path === '/huge') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"keys":[],"pad":"${'x'.repeat(2_000_000)}"}`);
      return;
    }
    // The server's own keys, each with a private member added: as if the private JWKS had been published.
    const member = path.slice(1);
    const keys = serverJwks.keys.map((k) => (member === 'public' ? k : { ...k, [member]: 'AQAB' }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
});
after(async () => {
  await Promise.all([oidc.close(), closeServer(jwksServer)]);
  rmSync(dir, { recursive: true, force: true });
});

describe('verify: what the fetched JWKS says about itself', () => {
  test('a public JWKS: verified, no warning', async () => {
    const r = await run(['verify', token, `--jwks-url=${base}/public`]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Signature verified/);
    assert.doesNotMatch(r.stderr, /warning/);
  });

  for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) {
    test(`a JWKS whose keys carry "${member}": one warning line on stderr`, async () => {
      const r = await run(['verify', token, `--jwks-url=${base}/${member}`]);
      const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning:'));
      assert.equal(warnings.length, 1, r.stderr);
      assert.match(warnings[0] ?? '', /publishes private key material .*replace the key/);
      assert.doesNotMatch(r.stderr, /AQAB/, 'the private member itself is never printed');
      // A warning, not a refusal: the public members still match the token's key, so the signature verifies.
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /Signature verified/);
    });
  }

  test('a redirect: the hint is about a JWKS fetch, not a signed assertion', async () => {
    const r = await run(['verify', token, `--jwks-url=${base}/redirect`]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^error: .*redirect/m);
    assert.match(r.stderr, /^hint: .*metadata or keys from another host/m);
    assert.doesNotMatch(r.stderr, /assertion|token endpoint/);
  });

  test('an oversized answer: the hint names the JWKS document, not the token endpoint', async () => {
    const r = await run(['verify', token, `--jwks-url=${base}/huge`]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^error: .*larger than/m);
    assert.match(r.stderr, /^hint: .*JWKS/m);
    assert.doesNotMatch(r.stderr, /token endpoint/);
  });
});
