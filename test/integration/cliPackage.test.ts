// The npm package of the CLI (`npm run pack:cli`, scripts/packCli.mjs) as a user gets it: packed, installed with
// `npm install -g` into a temporary prefix and run through npx, offline (it has no dependencies), then the installed
// `client-creds` against the real authorization server on loopback (test/support/authServer.ts). Also: the tarball
// holds the CLI and its docs only, and the compile cache is written to the user's cache directory, used on the next
// run, and never needed (an unusable cache directory changes nothing).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { decodeJwt } from '../../src/core/jwt';
import { type AuthServer, jwksFromPublicKeyPem, startAuthServer } from '../support/authServer';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const CLIENT = 'packaged-cli-client';
const hasNodeCompileCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** Every file the tarball may hold, and must. */
const EXPECTED_FILES = [
  'package/LICENSE',
  'package/NOTICE',
  'package/README.md',
  'package/cli.js',
  'package/cli/client-assertion.js',
  'package/cli/decode.js',
  'package/cli/dpop-proof.js',
  'package/cli/jwks.js',
  'package/cli/keygen.js',
  'package/cli/main.js',
  'package/cli/pkcs12.js',
  'package/cli/sign-jwt.js',
  'package/cli/undici.js',
  'package/cli/undici.js.LEGAL.txt',
  'package/cli/verify.js',
  'package/package.json',
];

let dir = '';
let tarball = '';
let prefix = '';
let keyPath = '';
let server: AuthServer;

/** An environment with no registry, proxy or colour, its own npm cache and the given compile cache home. */
function env(cacheHome: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    XDG_CACHE_HOME: cacheHome,
    npm_config_cache: join(dir, 'npm-cache'),
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NODE_COMPILE_CACHE', 'NODE_DEBUG'])
    delete out[name];
  return out;
}

/** Runs the installed executable (the npm shim in <prefix>/bin), as a shell would. */
function installed(args: string[], cacheHome: string, extra: NodeJS.ProcessEnv = {}) {
  const bin = join(prefix, process.platform === 'win32' ? 'client-creds.cmd' : 'bin/client-creds');
  return run(bin, args, { env: { ...env(cacheHome), ...extra }, encoding: 'utf8', timeout: 60_000 });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'client-creds-package-'));
  const packed = await run(process.execPath, ['scripts/packCli.mjs', '--out', join(dir, 'out')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  tarball = packed.stdout.trim().split('\n').pop() ?? '';
  prefix = join(dir, 'prefix');
  mkdirSync(prefix);
  await run('npm', ['install', '--global', '--prefix', prefix, tarball], {
    env: env(join(dir, 'cache')),
    encoding: 'utf8',
    timeout: 120_000,
  });

  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  keyPath = join(dir, 'private.pem');
  writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  server = await startAuthServer();
  await server.registerClient({
    clientId: CLIENT,
    jwks: jwksFromPublicKeyPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  });
});

after(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed CLI', () => {
  test(`is client-creds-${version}.tgz and holds the CLI bundle and its docs only`, async () => {
    assert.equal(tarball, join(dir, 'out', `client-creds-${version}.tgz`));
    const listing = await run('tar', ['-tzf', tarball], { encoding: 'utf8' });
    assert.deepEqual(listing.stdout.trim().split('\n').sort(), EXPECTED_FILES);
  });

  test('its package.json has the client-creds bin, the Node requirement and no dependencies', async () => {
    const extracted = await run('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
    const manifest = JSON.parse(extracted.stdout) as Record<string, unknown>;
    assert.equal(manifest.name, 'client-creds');
    assert.equal(manifest.version, version);
    assert.deepEqual(manifest.bin, { 'client-creds': 'cli.js' });
    assert.match(String((manifest.engines as { node?: string }).node), /^>=20/);
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies', 'scripts']) {
      assert.equal(manifest[field], undefined, `${field} must not be in the CLI package`);
    }
    for (const field of ['contributes', 'activationEvents', 'main', 'private']) {
      assert.equal(manifest[field], undefined, `the extension field ${field} must not be in the CLI package`);
    }
  });

  test('its README is the command-line reference, starting with the npx form', async () => {
    const readme = (await run('tar', ['-xzOf', tarball, 'package/README.md'], { encoding: 'utf8' })).stdout;
    assert.match(readme, /^# client-creds\n/);
    assert.match(readme, /npx --yes --package=\.\/client-creds-<version>\.tgz client-creds client-assertion/);
    assert.doesNotMatch(readme, /SecretStorage|command palette/i, 'the extension is not described');
    assert.match(readme, /^## DPoP: sender-constrained tokens$/m);
    assert.match(readme, /^## Rotating keys$/m);
    // Every link to a part of the README lands on a heading of this README.
    const anchors = new Set(
      [...readme.matchAll(/^#+ (.*)$/gm)].map((m) =>
        (m[1] ?? '')
          .toLowerCase()
          .replace(/[^\p{L}\p{N} _-]/gu, '')
          .replace(/ /g, '-'),
      ),
    );
    const links = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(links.length > 0);
    for (const link of links) assert.ok(anchors.has(link ?? ''), `#${link} is not a heading of the npm README`);
  });

  test('installed with npm install -g, prints its version', async () => {
    const r = await installed(['--version'], join(dir, 'cache'));
    assert.equal(r.stdout, `${version}\n`);
  });

  test('installed, gets a token from the loopback server, Jack Henry style, and only the token with --quiet', async () => {
    const r = await installed(
      [
        'client-assertion',
        `--client-id=${CLIENT}`,
        `--private-key=${keyPath}`,
        `--token-url=${server.tokenUrl}`,
        '--quiet',
      ],
      join(dir, 'cache'),
    );
    const token = r.stdout.trim();
    const claims = decodeJwt(token).payload;
    assert.equal(claims.iss, server.issuer);
    assert.equal(claims.client_id, CLIENT);
    assert.equal(r.stderr, '');
  });

  test('runs through npx from the tarball', async () => {
    const r = await run(
      'npm',
      [
        'exec',
        '--yes',
        `--package=${tarball}`,
        '--',
        'client-creds',
        'client-assertion',
        `--client-id=${CLIENT}`,
        `--private-key=${keyPath}`,
        `--token-url=${server.tokenUrl}`,
        '--json',
      ],
      { cwd: dir, env: env(join(dir, 'cache')), encoding: 'utf8', timeout: 120_000 },
    );
    const body = JSON.parse(r.stdout) as { access_token?: string; token_type?: string };
    assert.equal(decodeJwt(body.access_token ?? '').payload.iss, server.issuer);
    assert.match(r.stderr, /Sending the Token Request/);
  });

  test("keeps its compile cache in the user's cache directory and uses it on the next run", async () => {
    const cacheHome = join(dir, 'fresh-cache');
    const args = [
      'client-assertion',
      `--client-id=${CLIENT}`,
      `--private-key=${keyPath}`,
      `--token-url=${server.tokenUrl}`,
      '--quiet',
    ];
    const first = await installed(args, cacheHome, { NODE_DEBUG: 'client-creds' });
    const second = await installed(args, cacheHome, { NODE_DEBUG: 'client-creds' });
    assert.ok(existsSync(join(cacheHome, 'client-creds')), 'the cache is under XDG_CACHE_HOME/client-creds');
    if (hasNodeCompileCache) {
      assert.match(first.stderr, /node compile cache: status/);
      assert.ok(readdirSync(join(cacheHome, 'client-creds', 'node')).length > 0);
    } else {
      // Written after the first run (V8's flags put back as they were), used by the second.
      assert.match(first.stderr, /v8 code cache \S+client-assertion-\S+\.cache: written/);
      assert.match(second.stderr, /v8 code cache \S+client-assertion-\S+\.cache: accepted/);
      assert.doesNotMatch(second.stderr, /written/);
    }
    for (const r of [first, second]) assert.equal(decodeJwt(r.stdout.trim()).payload.client_id, CLIENT);
  });

  test('an unusable cache directory, or the cache turned off, changes nothing', async () => {
    const blocker = join(dir, 'not-a-directory');
    writeFileSync(blocker, 'x');
    const cases: [string, NodeJS.ProcessEnv][] = [
      [blocker, {}],
      [join(dir, 'off-cache'), { NODE_DISABLE_COMPILE_CACHE: '1' }],
    ];
    for (const [cacheHome, extra] of cases) {
      const r = await installed(['--version'], cacheHome, extra);
      assert.equal(r.stdout, `${version}\n`);
      assert.equal(r.stderr, '');
    }
    assert.ok(!existsSync(join(dir, 'off-cache', 'client-creds')), 'NODE_DISABLE_COMPILE_CACHE writes nothing');
  });
});
