// The faults a new user met, each tested over its whole kind, in-process: outputs checked before anything is written,
// JWS-shaped tokens that do not decode, messages prefixed once, every key input `jwks` should read, hints that point
// at the right place, flag values that look like options, control characters in a client id, keygen's advice, the
// preset warning under --quiet and dpop-proof's --dpop-alg.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EXIT } from '../../../src/cli/failure';
import { checkOutputs, type PlannedOutput, writeOutputs } from '../../../src/cli/files';
import { jwsShaped } from '../../../src/core/jwt';
import { jwkThumbprint } from '../../../src/core/keyExport';
import { keyFileCases, P12_PASSPHRASE } from '../../support/keyFiles';
import { type Captured, runInProcess } from './inProcess';

let dir = '';
let rsaPath = '';
let edPath = '';
let p12Path = '';
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const HEADER = b64({ alg: 'RS256', typ: 'JWT' });
const PAYLOAD = b64({ sub: 'someone', exp: 1_700_000_600 });

/** One `error:` line and one `hint:` line on stderr, nothing on stdout, and the given status. */
function assertOneError(r: Captured, status: number, error: RegExp, hint?: RegExp): void {
  assert.equal(r.status, status, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 2, r.stderr);
  assert.match(lines[0] ?? '', /^error: /);
  assert.match(lines[0] ?? '', error);
  assert.match(lines[1] ?? '', /^hint: /);
  if (hint) assert.match(lines[1] ?? '', hint);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-user-faults-'));
  rsaPath = join(dir, 'rsa.pem');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  writeFileSync(rsaPath, rsa.export({ type: 'pkcs8', format: 'pem' }));
  edPath = join(dir, 'ed.pem');
  writeFileSync(edPath, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
  p12Path = join(__dirname, '..', '..', 'fixtures', 'keys', 'test-only-rsa.p12');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('outputs are checked before anything is written', () => {
  const fresh = () => mkdtempSync(join(dir, 'out-'));
  const missingDir = () => join(dir, 'no-such-dir', 'x.pem');

  const cases: { name: string; extra: (d: string) => string[]; error: RegExp; status: number }[] = [
    {
      name: '--public-out in a missing directory',
      extra: () => [`--public-out=${missingDir()}`],
      error: /cannot write public key .*no-such-dir/,
      status: EXIT.failure,
    },
    {
      name: '--jwks-out in a missing directory',
      extra: () => [`--jwks-out=${missingDir()}`],
      error: /cannot write JWKS .*no-such-dir/,
      status: EXIT.failure,
    },
    {
      name: '--public-out is a directory',
      extra: (d) => [`--public-out=${d}`],
      error: /it is a directory/,
      status: EXIT.failure,
    },
    {
      name: '--jwks-out exists',
      extra: (d) => {
        writeFileSync(join(d, 'jwks.json'), '{}');
        return [`--jwks-out=${join(d, 'jwks.json')}`];
      },
      error: /jwks\.json already exists/,
      status: EXIT.usage,
    },
  ];
  for (const c of cases) {
    test(`keygen, ${c.name}: nothing written, the private key neither`, async () => {
      const d = fresh();
      const extra = c.extra(d);
      const before = readdirSync(d).sort();
      const r = await runInProcess(['keygen', `--out=${join(d, 'po.pem')}`, ...extra]);
      assertOneError(r, c.status, c.error);
      assert.deepEqual(readdirSync(d).sort(), before, 'no file was written');
      assert.equal(existsSync(join(d, 'po.pem')), false);
    });
  }

  test('keygen, --out in a missing directory: refused before a key is generated', async () => {
    const r = await runInProcess(['keygen', `--out=${missingDir()}`]);
    assertOneError(r, EXIT.failure, /cannot write private key .*no-such-dir/, /directory exists and is writable/);
  });

  test('jwks --out in a missing directory: refused before any key file is read', async () => {
    const r = await runInProcess(['jwks', join(dir, 'not-read.pem'), `--out=${missingDir()}`]);
    assertOneError(r, EXIT.failure, /cannot write JWKS .*no-such-dir/);
  });

  test('keygen with --force still writes over existing files', async () => {
    const d = fresh();
    for (const name of ['k.pem', 'p.pem']) writeFileSync(join(d, name), 'old');
    const r = await runInProcess([
      'keygen',
      `--out=${join(d, 'k.pem')}`,
      `--public-out=${join(d, 'p.pem')}`,
      '--force',
    ]);
    assert.equal(r.status, EXIT.ok, r.stderr);
    assert.match(r.stderr, /written to .*k\.pem/);
  });

  test('a write that fails after the checks names the files already written', () => {
    const d = fresh();
    const path = join(d, 'same.pem');
    // The second output finds the file the first one made: the same as a file created meanwhile.
    const outputs: PlannedOutput[] = [
      { path, content: 'one', mode: 0o600, what: 'private key' },
      { path, content: 'two', mode: 0o644, what: 'public key' },
    ];
    assert.throws(
      () => writeOutputs(outputs, false),
      (e: Error & { hint?: string }) =>
        /already exists/.test(e.message) &&
        e.message.includes(`already written: private key ${path}`) &&
        /--force/.test(e.hint ?? ''),
    );
  });

  test('checkOutputs refuses a read-only directory (unless running as root, which may write anywhere)', () => {
    const d = fresh();
    const ro = join(d, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    const check = () => checkOutputs([{ path: join(ro, 'x.pem'), content: '', mode: 0o600, what: 'JWKS' }], false);
    if (process.getuid?.() === 0) check();
    else assert.throws(check, /cannot write JWKS .*permission denied/);
    chmodSync(ro, 0o700);
  });
});

describe('decode decides by shape', () => {
  const broken: { name: string; token: string; error: RegExp }[] = [
    { name: 'header and payload, no signature part', token: `${HEADER}.${PAYLOAD}`, error: /found 2/ },
    { name: 'header cut off', token: `${HEADER.slice(0, 9)}.${PAYLOAD}.c2ln`, error: /header/ },
    { name: 'payload not JSON', token: `${HEADER}.bm90LWpzb24.c2ln`, error: /payload/ },
    { name: 'payload cut off', token: `${HEADER}.${PAYLOAD.slice(0, 7)}.c2ln`, error: /payload/ },
    { name: 'four parts', token: `${HEADER}.${PAYLOAD}.c2ln.eHh4`, error: /found 4/ },
    { name: 'Bearer and a cut-off token', token: `Bearer ${HEADER}.${PAYLOAD}`, error: /found 2/ },
  ];
  for (const c of broken) {
    test(`JWS-shaped, ${c.name}: error with a hint, exit 1, the prefix said once`, async () => {
      assert.equal(jwsShaped(c.token), true);
      const r = await runInProcess(['decode', c.token]);
      assertOneError(r, EXIT.failure, c.error, /copied whole/);
      assert.equal(r.stderr.match(/not a readable JWT/g)?.length, 1, r.stderr);
      assert.equal(r.stdout, '');
    });
  }
  const opaque = ['2YotnFZFEjr1zCsicMWpAA', 'a-b_c~d+e/f', 'abc.def with spaces', `${'x'.repeat(20)}.`];
  for (const token of opaque) {
    test(`opaque ${JSON.stringify(token)}: reported as opaque, exit 0`, async () => {
      assert.equal(jwsShaped(token), false);
      const r = await runInProcess(['decode', token]);
      assert.equal(r.status, EXIT.ok, r.stderr);
      assert.match(r.stdout, /Opaque token/);
    });
  }
});

describe('jwks reads every key input sign-jwt reads', () => {
  for (const c of keyFileCases()) {
    test(`jwks ${c.name}: the key's public JWK, kid = RFC 7638 thumbprint`, async () => {
      const path = join(dir, `jwks-${c.name.replace(/[^A-Za-z0-9]+/g, '-')}`);
      writeFileSync(path, c.bytes);
      const env: Record<string, string> = c.passphrase ? { CLIENT_CREDS_PASSPHRASE: c.passphrase } : {};
      const r = await runInProcess(['jwks', path], { env });
      assert.equal(r.status, EXIT.ok, r.stderr);
      const jwks = JSON.parse(r.stdout) as { keys: Record<string, unknown>[] };
      assert.deepEqual(
        jwks.keys.map((k) => k.kid),
        [jwkThumbprint(c.key)],
      );
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) assert.equal(jwks.keys[0]?.[member], undefined);
    });
  }
});

describe('CLIENT_CREDS_PASSPHRASE: wrong, empty', () => {
  for (const command of [
    ['jwks', '@'],
    ['sign-jwt', '--client-id=c', '--private-key=@', '--token-url=https://a.example/token'],
  ]) {
    const argv = () => command.map((a) => a.replace('@', p12Path));
    test(`${command[0]}: a wrong passphrase says the variable is set but wrong`, async () => {
      const r = await runInProcess(argv(), { env: { CLIENT_CREDS_PASSPHRASE: `not-${P12_PASSPHRASE}` } });
      assertOneError(r, EXIT.failure, /CLIENT_CREDS_PASSPHRASE is set, but to a wrong passphrase/, /check the value/);
      assert.doesNotMatch(r.stderr, /not-test-only/);
    });
    test(`${command[0]}: an empty variable counts as not set, and the error says it is empty`, async () => {
      const r = await runInProcess(argv(), { env: { CLIENT_CREDS_PASSPHRASE: '' } });
      assertOneError(r, EXIT.failure, /no passphrase was given \(CLIENT_CREDS_PASSPHRASE is empty\)/);
    });
  }
});

describe('hints name the right place', () => {
  const cases: { name: string; argv: () => string[]; error: RegExp; hint: RegExp }[] = [
    ...['sign-jwt', 'client-assertion'].flatMap((cmd) => [
      {
        name: `${cmd} --lifetime=301`,
        argv: () => [cmd, '--client-id=c', `--private-key=${rsaPath}`, '--lifetime=301'],
        error: /--lifetime: must be 1\.\.300/,
        hint: new RegExp(`client-creds ${cmd} --help`),
      },
      {
        name: `${cmd} --token-url=http://example.com`,
        argv: () => [cmd, '--client-id=c', `--private-key=${rsaPath}`, '--token-url=http://example.com'],
        error: /--token-url: must be https/,
        hint: /use https:\/\/ \(http only for loopback/,
      },
      {
        name: `${cmd} --preset=generic --issuer=http://example.com`,
        argv: () => [
          cmd,
          '--client-id=c',
          `--private-key=${rsaPath}`,
          '--preset=generic',
          '--issuer=http://example.com',
        ],
        error: /--issuer: must be https/,
        hint: /use https:\/\//,
      },
      {
        name: `${cmd} --preset=generic without a token URL`,
        argv: () => [cmd, '--client-id=c', `--private-key=${rsaPath}`, '--preset=generic'],
        error: /one is required/,
        hint: /generic preset needs --token-url or --issuer/,
      },
    ]),
    {
      name: 'verify --jwks-url=http://example.com',
      argv: () => ['verify', `${HEADER}.${PAYLOAD}.c2ln`, '--jwks-url=http://example.com/jwks'],
      error: /https/,
      hint: /https/,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const r = await runInProcess(c.argv());
      assert.notEqual(r.status, EXIT.ok);
      assert.match(r.stderr, /^error: /);
      assert.match(r.stderr, c.error);
      assert.match(r.stderr, c.hint);
      assert.doesNotMatch(r.stderr, /`client-creds --help`|help <command>/);
    });
  }
});

describe('flag values', () => {
  const valueFlags: { cmd: string[]; flag: string }[] = [
    { cmd: ['sign-jwt', `--private-key=@`], flag: 'client-id' },
    { cmd: ['sign-jwt', '--client-id=c'], flag: 'private-key' },
    { cmd: ['sign-jwt', '--client-id=c', '--private-key=@'], flag: 'scope' },
    { cmd: ['keygen'], flag: 'out' },
    { cmd: ['dpop-proof', '--dpop-key=@'], flag: 'url' },
    { cmd: ['verify', 'tok'], flag: 'jwks-url' },
  ];
  for (const { cmd, flag } of valueFlags) {
    for (const next of ['-c', '--quiet', '-x-y']) {
      test(`${cmd[0]} --${flag} ${next}: a usage error, not the value`, async () => {
        const argv = [...cmd.map((a) => a.replace('@', rsaPath)), `--${flag}`, next];
        const r = await runInProcess(argv);
        assertOneError(r, EXIT.usage, new RegExp(`--${flag} needs a value`), new RegExp(`--${flag}=`));
      });
    }
  }

  test('--client-id=-c is the value -c', async () => {
    const r = await runInProcess([
      'sign-jwt',
      '--client-id=-c',
      `--private-key=${rsaPath}`,
      '--token-url=https://a.example/token',
      '--json',
    ]);
    assert.equal(r.status, EXIT.ok, r.stderr);
    assert.equal(JSON.parse(r.stdout).payload.iss, '-c');
  });

  test('a negative number and - (stdin) are values', async () => {
    const skew = await runInProcess([
      'sign-jwt',
      '--client-id=c',
      `--private-key=${rsaPath}`,
      '--token-url=https://a.example/token',
      '--clock-skew',
      '-30',
      '--json',
    ]);
    assert.equal(skew.status, EXIT.ok, skew.stderr);
    const proof = await runInProcess(
      ['dpop-proof', `--dpop-key=${rsaPath}`, '--url=https://a.example/x', '--access-token', '-'],
      { stdin: 'an-access-token-value' },
    );
    assert.equal(proof.status, EXIT.ok, proof.stderr);
  });

  for (const [name, ch] of [
    ['newline', '\n'],
    ['carriage return', '\r'],
    ['tab', '\t'],
    ['escape', '\u001b'],
    ['NUL', '\u0000'],
    ['DEL', '\u007f'],
    ['C1 NEL', '\u0085'],
  ] as const) {
    test(`a client id with a ${name} inside is refused`, async () => {
      const r = await runInProcess([
        'sign-jwt',
        `--client-id=abc${ch}def`,
        `--private-key=${rsaPath}`,
        '--token-url=https://a.example/token',
      ]);
      assertOneError(r, EXIT.usage, /--client-id: must not contain control characters/, /on one line/);
    });
  }

  test('--issuer beside --token-url: a note says --token-url is the token endpoint, even with --quiet', async () => {
    const r = await runInProcess([
      'sign-jwt',
      '--client-id=c',
      `--private-key=${rsaPath}`,
      '--issuer=https://a.example',
      '--token-url=https://a.example/oauth/token',
      '--quiet',
    ]);
    assert.equal(r.status, EXIT.ok, r.stderr);
    assert.match(r.stderr, /^note: both --issuer and --token-url given: --token-url is the token endpoint/m);
  });

  test('the jack-henry preset on another token URL: a warning that --quiet does not hide', async () => {
    for (const quiet of [[], ['--quiet']]) {
      const r = await runInProcess([
        'sign-jwt',
        '--client-id=c',
        `--private-key=${rsaPath}`,
        '--token-url=https://a.example/token',
        ...quiet,
      ]);
      assert.equal(r.status, EXIT.ok, r.stderr);
      assert.match(r.stderr, /^warning: no --preset given, so the jack-henry preset/m);
    }
  });

  test('dpop-proof takes --dpop-alg like --alg, but not both', async () => {
    const proof = await runInProcess([
      'dpop-proof',
      `--dpop-key=${rsaPath}`,
      '--url=https://a.example/x',
      '--dpop-alg=PS384',
      '--json',
    ]);
    assert.equal(proof.status, EXIT.ok, proof.stderr);
    assert.equal(JSON.parse(proof.stdout).header.alg, 'PS384');
    const bad = await runInProcess([
      'dpop-proof',
      `--dpop-key=${rsaPath}`,
      '--url=https://a.example/x',
      '--dpop-alg=HS256',
    ]);
    assertOneError(bad, EXIT.usage, /--dpop-alg/);
    const both = await runInProcess([
      'dpop-proof',
      `--dpop-key=${rsaPath}`,
      '--url=https://a.example/x',
      '--alg=PS256',
      '--dpop-alg=RS256',
    ]);
    assertOneError(both, EXIT.usage, /--alg and --dpop-alg/);
  });
});

describe('keygen says where the public key goes', () => {
  for (const alg of ['PS256', 'RS256', 'ES256', 'ES384', 'EdDSA']) {
    test(`keygen --alg=${alg}`, async () => {
      const r = await runInProcess(['keygen', `--alg=${alg}`, `--out=${join(dir, `kg-${alg}.pem`)}`]);
      assert.equal(r.status, EXIT.ok, r.stderr);
      assert.match(
        r.stderr,
        /Give the public key below to your authorization server's admin \(Jack Henry: Users & Groups/,
      );
      assert.doesNotMatch(r.stderr, /Paste the public key below into Banno/);
      if (alg === 'EdDSA') assert.match(r.stderr, /Jack Henry does not accept EdDSA/);
      else assert.doesNotMatch(r.stderr, /does not accept/);
    });
  }
});

describe('messages are prefixed once', () => {
  test('a DPoP key that does not fit names the file once', async () => {
    const r = await runInProcess(['dpop-proof', `--dpop-key=${edPath}`, '--url=https://a.example/x', '--alg=ES256']);
    assert.notEqual(r.status, EXIT.ok);
    assert.equal(r.stderr.split(edPath).length - 1, 1, r.stderr);
  });
  test('a key file jwks cannot read names the file once', async () => {
    const path = join(dir, 'garbage.txt');
    writeFileSync(path, 'not a key at all');
    const r = await runInProcess(['jwks', path]);
    assertOneError(r, EXIT.failure, /garbage\.txt/);
    assert.equal(r.stderr.split(path).length - 1, 1, r.stderr);
  });
});
