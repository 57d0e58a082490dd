// The built CLI (dist/cli.js) as a child process against the real authorization server on loopback
// (oidc-provider, test/support/authServer.ts): Jack Henry's helper invocation, every output mode, keygen,
// encrypted keys (the extension's key backups too), the failures a user meets, decode and verify.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPair, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeJwt } from '../../src/core/jwt';
import { encryptPrivateKeyBackup } from '../../src/core/keyBackup';
import { JACK_HENRY_TOKEN_URL } from '../../src/core/profiles';
import { type AuthServer, jwksFromPublicKeyPem, startAuthServer } from '../support/authServer';
import { buildCliIfStale, type CliRun, runCliProcess } from '../support/cliProcess';

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/cli.js');
const PASSPHRASE = 'correct horse battery staple';
const BACKUP_PASSPHRASE = 'tulip anchor velvet orbit';
const JWT_LINE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The environment of every run: no proxy, no colour, no passphrase unless a test gives one. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of ['CLIENT_CREDS_PASSPHRASE', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
    delete env[name];
  return env;
}

/** Runs the CLI asynchronously (the server lives in this process, so a synchronous spawn would deadlock). */
function run(
  args: string[],
  opts: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<CliRun> {
  return runCliProcess(args, {
    cwd: opts.cwd ?? dir,
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
}

const KEY_MATERIAL = /-----BEGIN [A-Z ]*PRIVATE KEY-----\s+[A-Za-z0-9+/]/;

/**
 * Exactly one `error:` line, a `hint:` line, no stack trace, no PEM key body, and none of the given secrets in the
 * output (stderr only when the steps, which show the assertion by design, went to stdout).
 */
function assertCleanFailure(
  r: CliRun,
  message: RegExp,
  secrets: string[] = [],
  opts: { stepsOnStdout?: boolean } = {},
): void {
  assert.notEqual(r.status, 0, `expected failure, got 0:\n${r.stdout}\n${r.stderr}`);
  const lines = r.stderr.split('\n');
  const errors = lines.filter((l) => l.startsWith('error: '));
  assert.equal(errors.length, 1, r.stderr);
  assert.match(errors[0] ?? '', message);
  assert.ok(
    lines.some((l) => l.startsWith('hint: ')),
    r.stderr,
  );
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:|node:internal/, 'no stack trace');
  assert.doesNotMatch(r.stdout + r.stderr, KEY_MATERIAL, 'no key material');
  for (const s of secrets) {
    assert.ok(!r.stderr.includes(s), `stderr leaks ${s.slice(0, 20)}`);
    if (!opts.stepsOnStdout) assert.ok(!r.stdout.includes(s), `stdout leaks ${s.slice(0, 20)}`);
  }
}

function generate(
  type: 'rsa' | 'ec' | 'ed25519',
  bits = 2048,
): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, publicKey: KeyObject, privateKey: KeyObject) =>
      err ? reject(err) : resolve({ privateKey, publicKey });
    if (type === 'rsa') generateKeyPair('rsa', { modulusLength: bits }, done);
    else if (type === 'ec') generateKeyPair('ec', { namedCurve: 'P-256' }, done);
    else generateKeyPair('ed25519', {}, done);
  });
}

let server: AuthServer;
let dir = '';
const CLIENT = 'cli-rsa-client';
const EC_CLIENT = 'cli-ec-client';
const files = {
  rsa: '',
  rsaBody: '',
  encrypted: '',
  backup: '',
  publicPem: '',
  ec: '',
  small: '',
  garbage: '',
  unregistered: '',
};

before(async () => {
  buildCliIfStale();
  dir = mkdtempSync(join(tmpdir(), 'client-creds-cli-'));
  server = await startAuthServer();
  const [rsa, ec, small, other] = await Promise.all([
    generate('rsa'),
    generate('ec'),
    generate('rsa', 1024),
    generate('rsa'),
  ]);
  const write = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  };
  files.rsaBody = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  files.rsa = write('private.pem', files.rsaBody);
  files.encrypted = write(
    'encrypted.pem',
    rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }).toString(),
  );
  // The file Back Up Private Key writes (PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC), made by the same core code.
  files.backup = write('bank.private-key-backup.pem', await encryptPrivateKeyBackup(rsa.privateKey, BACKUP_PASSPHRASE));
  files.publicPem = write('public.pem', rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  files.ec = write('ec.pem', ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString());
  files.small = write('small.pem', small.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  files.garbage = write('garbage.pem', 'this is not a key\n');
  files.unregistered = write('other.pem', other.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  await server.registerClient({ clientId: CLIENT, jwks: jwksFromPublicKeyPem(readFileSync(files.publicPem, 'utf8')) });
  await server.registerClient({
    clientId: EC_CLIENT,
    jwks: jwksFromPublicKeyPem(ec.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  });
});

after(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('client-assertion', () => {
  test("Jack Henry's helper invocation, aimed at loopback with --token-url, gets a token", async () => {
    const r = await run([
      'client-assertion',
      `--client-id=${CLIENT}`,
      '--private-key=./private.pem',
      `--token-url=${server.tokenUrl}`,
    ]);
    assert.equal(r.status, 0, r.stderr);
    const steps = [
      'Creating the JWT payload',
      'Signing the JWT',
      'Sending the Token Request',
      'Token POST response:',
      'Access token',
    ];
    let at = -1;
    for (const step of steps) {
      const i = r.stdout.indexOf(`${step}\n`);
      assert.ok(i > at, `step "${step}" missing or out of order`);
      at = i;
    }
    // The helper's payload: exactly {jti, aud, sub, iss, exp}, aud = token URL, exp in milliseconds.
    const payloadJson = r.stdout.slice(r.stdout.indexOf('{'), r.stdout.indexOf('}\n') + 1);
    const payload = JSON.parse(payloadJson);
    assert.deepEqual(Object.keys(payload).sort(), ['aud', 'exp', 'iss', 'jti', 'sub']);
    assert.equal(payload.aud, server.tokenUrl);
    assert.equal(payload.iss, CLIENT);
    assert.ok(payload.exp > 1e11, 'exp in milliseconds');
    // The request as sent: URL and the form fields, the helper's scope.
    assert.match(r.stdout, new RegExp(`POST ${server.tokenUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`));
    assert.match(r.stdout, /^grant_type=client_credentials$/m);
    assert.match(r.stdout, /^client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer$/m);
    assert.match(r.stdout, /^client_assertion=eyJ/m);
    assert.match(r.stdout, /^scope=openid$/m);
    // The decoded access token and its expiry.
    assert.match(r.stdout, /"access_token": "eyJ/);
    assert.match(r.stdout, /"clientName": "Test Application"/);
    assert.match(r.stdout, /"institutionId": /);
    // 600 s tokens: "in 10m" when printed within the second it was issued, "in 9m 5Ns" on a slower run.
    assert.match(r.stdout, /^expires \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2} \(in (10m|9m [1-5]?\ds)\)$/m);
    assert.equal(r.stderr, '');
    const posted = server.requests.filter((q) => q.method === 'POST' && server.tokenUrl.endsWith(q.path));
    assert.ok(posted.some((q) => q.body?.includes(`client_assertion_type=`) && q.body.includes('scope=openid')));
  });

  test('--json: stdout is only the token response JSON, the steps go to stderr', async () => {
    const r = await run([
      'client-assertion',
      `--client-id=${CLIENT}`,
      `--private-key=${files.rsa}`,
      `--token-url=${server.tokenUrl}`,
      '--json',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const body = JSON.parse(r.stdout);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(typeof body.access_token, 'string');
    assert.match(r.stderr, /Creating the JWT payload/);
    assert.match(r.stderr, /Sending the Token Request/);
  });

  test('--quiet: only the access token, on one line', async () => {
    const r = await run([
      'client-assertion',
      `--client-id=${CLIENT}`,
      `--private-key=${files.rsa}`,
      `--token-url=${server.tokenUrl}`,
      '--quiet',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', JWT_LINE);
    assert.equal(decodeJwt(lines[0] ?? '').payload.client_id, CLIENT);
    assert.equal(r.stderr, '');
  });

  test('--issuer with --preset=issuer-audience: discovery, aud = issuer, exp in seconds, --kid=thumbprint and --typ', async () => {
    const r = await run([
      'client-assertion',
      `--client-id=${CLIENT}`,
      `--private-key=${files.rsa}`,
      `--issuer=${server.issuer}`,
      '--preset=issuer-audience',
      '--kid=thumbprint',
      '--typ',
      '--scope=openid',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Discovering the token endpoint/);
    const assertion = /^client_assertion=(.+)$/m.exec(r.stdout)?.[1] ?? '';
    const decoded = decodeJwt(assertion);
    assert.equal(decoded.payload.aud, server.issuer);
    assert.ok((decoded.payload.exp as number) < 1e11, 'exp in seconds');
    assert.equal(decoded.header.typ, 'client-authentication+jwt');
    assert.equal(decoded.header.kid, jwksFromPublicKeyPem(readFileSync(files.publicPem, 'utf8')).keys[0]?.kid);
  });

  test('an EC (SEC1) key without --alg signs ES256 instead of failing on the preset PS256', async () => {
    const r = await run([
      'client-assertion',
      `--client-id=${EC_CLIENT}`,
      `--private-key=${files.ec}`,
      `--token-url=${server.tokenUrl}`,
      '--quiet',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout.trim(), JWT_LINE);
  });

  test('an encrypted key with CLIENT_CREDS_PASSPHRASE', async () => {
    const r = await run(
      [
        'client-assertion',
        `--client-id=${CLIENT}`,
        `--private-key=${files.encrypted}`,
        `--token-url=${server.tokenUrl}`,
        '--quiet',
      ],
      { env: { CLIENT_CREDS_PASSPHRASE: PASSPHRASE } },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout.trim(), JWT_LINE);
  });

  test("the extension's key backup, read with CLIENT_CREDS_PASSPHRASE, gets a token", async () => {
    const r = await run(
      [
        'client-assertion',
        `--client-id=${CLIENT}`,
        `--private-key=${files.backup}`,
        `--token-url=${server.tokenUrl}`,
        '--quiet',
      ],
      { env: { CLIENT_CREDS_PASSPHRASE: BACKUP_PASSPHRASE } },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout.trim(), JWT_LINE);
    assert.ok(!`${r.stdout}${r.stderr}`.includes(BACKUP_PASSPHRASE), 'the passphrase was printed');
  });

  test('a key the server does not know: invalid_client, exit 1, the assertion only in the steps', async () => {
    const r = await run([
      'client-assertion',
      `--client-id=${CLIENT}`,
      `--private-key=${files.unregistered}`,
      `--token-url=${server.tokenUrl}`,
    ]);
    const assertion = /^client_assertion=(.+)$/m.exec(r.stdout)?.[1] ?? '';
    assert.match(assertion, JWT_LINE);
    assertCleanFailure(r, /invalid_client/, [assertion, 'eyJ'], { stepsOnStdout: true });
    assert.equal(r.status, 1);
  });

  test('a server that is not there: a network error within the timeout', async () => {
    const r = await run([
      'client-assertion',
      `--client-id=${CLIENT}`,
      `--private-key=${files.rsa}`,
      '--token-url=http://127.0.0.1:9/token',
      '--timeout=2000',
    ]);
    assertCleanFailure(r, /127\.0\.0\.1:9|connect/i, ['eyJ'.repeat(2)]);
    assert.ok(!r.stderr.includes('eyJ'), 'no token or assertion in the error');
  });
});

describe('sign-jwt', () => {
  test('--quiet prints exactly one JWT line: the helper payload for Jack Henry', async () => {
    const r = await run(['sign-jwt', `--client-id=${CLIENT}`, `--private-key=${files.rsa}`, '--quiet']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.split('\n');
    assert.deepEqual(lines.slice(1), ['']);
    assert.match(lines[0] ?? '', JWT_LINE);
    const { header, payload } = decodeJwt(lines[0] ?? '');
    assert.deepEqual(header, { alg: 'PS256' });
    assert.equal(payload.aud, JACK_HENRY_TOKEN_URL);
    assert.ok((payload.exp as number) > 1e11);
  });

  test('without --quiet: the payload and the signed assertion on stdout', async () => {
    const r = await run([
      'sign-jwt',
      `--client-id=${CLIENT}`,
      `--private-key=${files.rsa}`,
      '--alg=RS256',
      '--lifetime=120',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Creating the JWT payload\n\{/);
    assert.match(r.stdout, /Signing the JWT\n.*\neyJ[^\n]+\n/);
    assert.doesNotMatch(r.stdout, /Sending the Token Request/);
    assert.equal(server.requests.filter((q) => q.path.includes('sign-jwt')).length, 0);
  });

  test('--json', async () => {
    const r = await run([
      'sign-jwt',
      `--client-id=${CLIENT}`,
      `--private-key=${files.rsa}`,
      '--json',
      '--exp-unit=seconds',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const body = JSON.parse(r.stdout);
    assert.match(body.assertion, JWT_LINE);
    assert.equal(body.payload.iss, CLIENT);
    assert.ok(body.payload.exp < 1e11);
    assert.ok(Array.isArray(body.lint));
  });

  /** Runs sign-jwt on a pseudo-terminal (util-linux `script`) and types `keys` once the prompt shows. */
  async function onTerminal(keys: string): Promise<{ status: number | null; out: string; prompted: boolean }> {
    const command = `${process.execPath} ${CLI} sign-jwt --client-id=${CLIENT} --private-key=${files.encrypted} --quiet`;
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: dir,
      env: baseEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let prompted = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      if (!prompted && out.includes('Passphrase for ')) {
        prompted = true;
        child.stdin.write(keys);
      }
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { status, out, prompted };
  }
  const noScript = !existsSync('/usr/bin/script') && 'needs util-linux script';

  test('the hidden passphrase prompt on a terminal', { skip: noScript }, async () => {
    const r = await onTerminal(`${PASSPHRASE}\r`);
    assert.equal(r.status, 0, r.out);
    assert.ok(r.prompted, 'the prompt appeared');
    assert.ok(!r.out.includes(PASSPHRASE), 'the passphrase is not echoed');
    assert.match(r.out, /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/);
  });

  test('Ctrl-C at the prompt: exit 130, nothing signed', { skip: noScript }, async () => {
    const r = await onTerminal('abc\u0003');
    assert.equal(r.status, 130, r.out);
    assert.match(r.out, /error: cancelled at the passphrase prompt/);
    assert.doesNotMatch(r.out, /eyJ/);
  });
});

describe('failures: exit != 0, one error line with a hint, no stack, no key material', () => {
  const cases: { name: string; args: () => string[]; env?: Record<string, string>; message: RegExp; status: number }[] =
    [
      {
        name: 'encrypted key, no passphrase, stdin not a terminal',
        args: () => ['sign-jwt', `--client-id=${CLIENT}`, `--private-key=${files.encrypted}`],
        message: /encrypted and no passphrase/,
        status: 1,
      },
      {
        name: 'encrypted key, wrong passphrase',
        args: () => ['sign-jwt', `--client-id=${CLIENT}`, `--private-key=${files.encrypted}`],
        env: { CLIENT_CREDS_PASSPHRASE: 'wrong passphrase' },
        message: /passphrase does not decrypt/,
        status: 1,
      },
      {
        name: "the extension's key backup, wrong passphrase",
        args: () => ['sign-jwt', `--client-id=${CLIENT}`, `--private-key=${files.backup}`],
        env: { CLIENT_CREDS_PASSPHRASE: `${BACKUP_PASSPHRASE}!` },
        message: /bank\.private-key-backup\.pem: the passphrase does not decrypt/,
        status: 1,
      },
      {
        name: 'not a key',
        args: () => [
          'client-assertion',
          `--client-id=${CLIENT}`,
          `--private-key=${files.garbage}`,
          `--token-url=${server.tokenUrl}`,
        ],
        message: /garbage\.pem: no private key/,
        status: 1,
      },
      {
        name: 'a public key',
        args: () => [
          'client-assertion',
          `--client-id=${CLIENT}`,
          `--private-key=${files.publicPem}`,
          `--token-url=${server.tokenUrl}`,
        ],
        message: /public key/,
        status: 1,
      },
      {
        name: 'RSA 1024',
        args: () => ['sign-jwt', `--client-id=${CLIENT}`, `--private-key=${files.small}`],
        message: /1024 bits/,
        status: 1,
      },
      {
        name: 'key does not fit --alg',
        args: () => ['sign-jwt', `--client-id=${CLIENT}`, `--private-key=${files.ec}`, '--alg=PS256'],
        message: /PS256 does not fit/,
        status: 1,
      },
      {
        name: 'missing key file',
        args: () => ['sign-jwt', `--client-id=${CLIENT}`, '--private-key=./missing.pem'],
        message: /cannot read private key file \.\/missing\.pem: no such file/,
        status: 1,
      },
      {
        name: 'unknown flag',
        args: () => ['client-assertion', `--client-id=${CLIENT}`, `--private-key=${files.rsa}`, '--tokne-url=x'],
        message: /unknown option --tokne-url/,
        status: 2,
      },
      {
        name: 'missing client id',
        args: () => ['client-assertion', `--private-key=${files.rsa}`],
        message: /needs --client-id/,
        status: 2,
      },
      {
        name: 'plain http to a non-loopback host',
        args: () => [
          'client-assertion',
          `--client-id=${CLIENT}`,
          `--private-key=${files.rsa}`,
          '--token-url=http://example.com/token',
        ],
        message: /--token-url/,
        status: 2,
      },
    ];
  for (const c of cases) {
    test(c.name, async () => {
      const r = await run(c.args(), c.env ? { env: c.env } : {});
      assertCleanFailure(r, c.message, [files.rsaBody.split('\n')[1] ?? 'MII', PASSPHRASE]);
      assert.equal(r.status, c.status);
    });
  }

  test('--debug adds a stack trace', async () => {
    const r = await run(['sign-jwt', `--client-id=${CLIENT}`, `--private-key=${files.garbage}`, '--debug']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error: /);
    assert.match(r.stderr, /\n\s+at /);
    assert.doesNotMatch(r.stderr, KEY_MATERIAL);
  });
});

describe('keygen', () => {
  test('writes a 0600 private key, prints the public PEM, writes JWKS, refuses to overwrite, --force replaces', async () => {
    const out = join(dir, 'gen', 'private.pem');
    const jwks = join(dir, 'gen', 'jwks.json');
    const pub = join(dir, 'gen', 'public.pem');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'gen'));
    const r = await run(['keygen', `--out=${out}`, `--jwks-out=${jwks}`, `--public-out=${pub}`]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    assert.match(readFileSync(out, 'utf8'), /^-----BEGIN PRIVATE KEY-----\n/);
    assert.match(r.stdout, /^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    assert.equal(readFileSync(pub, 'utf8'), r.stdout);
    assert.ok(!r.stdout.includes('PRIVATE') && !r.stderr.includes('PRIVATE KEY-----'));
    assert.match(r.stderr, /Users & Groups/);
    const set = JSON.parse(readFileSync(jwks, 'utf8'));
    assert.equal(set.keys.length, 1);
    assert.equal(set.keys[0].kty, 'RSA');
    assert.equal(set.keys[0].kid, jwksFromPublicKeyPem(r.stdout).keys[0]?.kid);
    assert.equal(set.keys[0].d, undefined);

    // The generated key gets a token once its public key is registered.
    await server.registerClient({ clientId: 'keygen-client', jwks: set });
    const token = await run([
      'client-assertion',
      '--client-id=keygen-client',
      `--private-key=${out}`,
      `--token-url=${server.tokenUrl}`,
      '--quiet',
    ]);
    assert.equal(token.status, 0, token.stderr);

    const before = readFileSync(out, 'utf8');
    const again = await run(['keygen', `--out=${out}`]);
    assertCleanFailure(again, /already exists/);
    assert.equal(readFileSync(out, 'utf8'), before, 'the existing key is untouched');

    const forced = await run(['keygen', `--out=${out}`, '--alg=EdDSA', '--force']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.notEqual(readFileSync(out, 'utf8'), before);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    assert.match(forced.stderr, /Ed25519/);
  });

  test('ES256 key', async () => {
    const r = await run(['keygen', '--alg=ES256', `--out=${join(dir, 'es.pem')}`]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /P-256/);
  });
});

describe('decode and verify', () => {
  let token = '';
  before(async () => {
    const r = await run([
      'client-assertion',
      `--client-id=${CLIENT}`,
      `--private-key=${files.rsa}`,
      `--token-url=${server.tokenUrl}`,
      '--quiet',
    ]);
    assert.equal(r.status, 0, r.stderr);
    token = r.stdout.trim();
  });

  test('decode a token: header, payload, times', async () => {
    const r = await run(['decode', token]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Header\n\{\n\s+"alg": "RS256"/);
    assert.match(r.stdout, /"institutionId": /);
    assert.match(r.stdout, /^exp\s+\d{4}-.*\(in (10m|9m [1-5]?\ds)\)$/m);
  });

  test('decode from stdin (the --json output piped in)', async () => {
    const json = await run([
      'client-assertion',
      `--client-id=${CLIENT}`,
      `--private-key=${files.rsa}`,
      `--token-url=${server.tokenUrl}`,
      '--json',
      '--quiet',
    ]);
    const r = await run(['decode', '--json'], { input: json.stdout });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).payload.client_id, CLIENT);
  });

  test('decode garbage: opaque, exit 0', async () => {
    const r = await run(['decode', 'definitely-not-a-jwt']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /opaque \(20 characters/);
  });

  test('decode a broken JWT: one error line', async () => {
    const [h, , s] = token.split('.');
    const r = await run(['decode', `${h}.!!!.${s}`]);
    assertCleanFailure(r, /not a readable JWT/, [h ?? 'x']);
  });

  test('verify against the JWKS URL and by issuer discovery: exit 0', async () => {
    const byUrl = await run(['verify', token, `--jwks-url=${server.jwksUrl}`]);
    assert.equal(byUrl.status, 0, byUrl.stderr);
    assert.match(byUrl.stdout, /Signature verified\nalg RS256, kid /);
    const byIssuer = await run(['verify', token, `--issuer=${server.issuer}`, '--alg=RS256', '--json']);
    assert.equal(byIssuer.status, 0, byIssuer.stderr);
    assert.equal(JSON.parse(byIssuer.stdout).status, 'verified');
  });

  test('verify a tampered token: exit 3, one error line without the token', async () => {
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString('utf8'));
    payload.scope = 'openid admin';
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    const r = await run(['verify', tampered, `--jwks-url=${server.jwksUrl}`]);
    assert.equal(r.status, 3);
    assertCleanFailure(r, /token not verified \(invalid\)/, [tampered, s ?? 'x']);
  });

  test('verify a token whose kid carries escape sequences: they never reach the terminal', async () => {
    const [, p, s] = token.split('.');
    const header = { alg: 'RS256', kid: 'nokey\u001b[2J\u001b]0;title\u0007\nforged line' };
    const forged = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${p}.${s}`;
    const r = await run(['verify', forged, `--jwks-url=${server.jwksUrl}`]);
    assert.equal(r.status, 3);
    assertCleanFailure(r, /not verified \(no_key\): .*kid "nokey \[2J \]0;title forged line"/);
    for (const c of ['\u001b', '\u0007', '\r']) assert.ok(!(r.stdout + r.stderr).includes(c), JSON.stringify(c));
  });

  test('verify with an allow-list that excludes the alg: exit 3', async () => {
    const r = await run(['verify', token, `--jwks-url=${server.jwksUrl}`, '--alg=ES256']);
    assert.equal(r.status, 3);
    assertCleanFailure(r, /not verified \(unsupported\)/);
  });
});

describe('help and version', () => {
  for (const args of [
    ['--help'],
    ['client-assertion', '--help'],
    ['sign-jwt', '-h'],
    ['keygen', '--help'],
    ['decode', '--help'],
    ['verify', '--help'],
  ]) {
    test(args.join(' '), async () => {
      const r = await run(args);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^client-creds /);
      assert.equal(r.stderr, '');
    });
  }
  test('--version', async () => {
    const r = await run(['--version']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});
