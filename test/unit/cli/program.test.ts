import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { allowedAlgs } from '../../../src/cli/commands/verify';
import { EXIT } from '../../../src/cli/failure';
import { problemsAsFlags } from '../../../src/cli/flagNames';
import { VERSION } from '../../../src/cli/program';
import { type Captured, runInProcess } from './inProcess';

const cli = runInProcess;

function assertOneErrorLine(r: Captured, message: RegExp): void {
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  const errors = lines.filter((l) => l.startsWith('error: '));
  assert.equal(errors.length, 1, `expected one error line in:\n${r.stderr}`);
  assert.match(errors[0] ?? '', message);
  assert.ok(
    lines.some((l) => l.startsWith('hint: ')),
    `expected a hint line in:\n${r.stderr}`,
  );
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(r.stdout, '', 'nothing on stdout');
}

let dir = '';
let notCert = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-program-'));
  notCert = join(dir, 'not-a-cert.pem');
  writeFileSync(notCert, 'hello');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const KEY = ['--client-id=abc', '--private-key=/nonexistent/key.pem'];

describe('usage errors exit 2 with one error line and a hint', () => {
  const cases: { argv: () => string[]; message: RegExp }[] = [
    { argv: () => ['nope'], message: /unknown command "nope"/ },
    { argv: () => ['decod'], message: /unknown command "decod"/ },
    { argv: () => ['--nope'], message: /unknown option --nope/ },
    { argv: () => ['client-assertion'], message: /client-assertion needs --client-id/ },
    { argv: () => ['client-assertion', '--private-key=k.pem'], message: /needs --client-id/ },
    { argv: () => ['client-assertion', '--client-id=abc'], message: /needs --private-key/ },
    { argv: () => ['sign-jwt', '--client-id=abc'], message: /sign-jwt needs --private-key/ },
    { argv: () => ['client-assertion', '--client-id'], message: /--client-id needs a value/ },
    { argv: () => ['client-assertion', '--client-id='], message: /--client-id needs a value/ },
    { argv: () => ['client-assertion', '--client-id', '--private-key=k.pem'], message: /--client-id needs a value/ },
    { argv: () => ['client-assertion', '--client-di=abc'], message: /unknown option --client-di/ },
    { argv: () => ['client-assertion', ...KEY, '--client-id=x'], message: /more than once/ },
    { argv: () => ['client-assertion', ...KEY, 'extra'], message: /unexpected argument "extra"/ },
    { argv: () => ['client-assertion', ...KEY, '-q'], message: /unknown option -q/ },
    { argv: () => ['client-assertion', ...KEY, '--exp-unit=minutes'], message: /--exp-unit must be one of/ },
    { argv: () => ['client-assertion', ...KEY, '--preset=okta'], message: /--preset must be one of/ },
    { argv: () => ['client-assertion', ...KEY, '--lifetime=abc'], message: /--lifetime must be a whole number/ },
    { argv: () => ['client-assertion', ...KEY, '--lifetime=301'], message: /--lifetime: must be 1\.\.300/ },
    { argv: () => ['client-assertion', ...KEY, '--lifetime=0'], message: /--lifetime: must be 1\.\.300/ },
    { argv: () => ['client-assertion', ...KEY, '--timeout=0'], message: /--timeout must be at least 1/ },
    { argv: () => ['client-assertion', ...KEY, '--timeout=-5'], message: /--timeout must be a whole number/ },
    { argv: () => ['client-assertion', ...KEY, '--alg=HS256'], message: /shared secret/ },
    { argv: () => ['client-assertion', ...KEY, '--alg=none'], message: /unsigned/ },
    { argv: () => ['client-assertion', ...KEY, '--alg=RS1'], message: /alg "RS1" is not supported/ },
    { argv: () => ['client-assertion', ...KEY, '--json=yes'], message: /--json does not take a value/ },
    { argv: () => ['client-assertion', ...KEY, '--token-url=http://example.com/token'], message: /--token-url/ },
    { argv: () => ['client-assertion', ...KEY, '--token-url=not a url'], message: /--token-url/ },
    { argv: () => ['client-assertion', ...KEY, '--preset=generic'], message: /--token-url or --issuer/ },
    { argv: () => ['client-assertion', ...KEY, '--audience=issuer'], message: /audience/ },
    { argv: () => ['client-assertion', ...KEY, '--audience='], message: /--audience needs a value/ },
    { argv: () => ['client-assertion', ...KEY, `--ca=${notCert}`], message: /holds no PEM certificate/ },
    { argv: () => ['sign-jwt', ...KEY, '--proxy=ftp://proxy'], message: /proxy/i },
    { argv: () => ['keygen'], message: /keygen needs --out/ },
    { argv: () => ['keygen', '--out=x.pem', '--bits=1024'], message: /--bits must be 2048, 3072 or 4096/ },
    { argv: () => ['keygen', '--out=x.pem', '--alg=ES256', '--bits=2048'], message: /--bits applies to RSA keys only/ },
    { argv: () => ['keygen', '--out=x.pem', '--alg=HS256'], message: /shared secret/ },
    { argv: () => ['keygen', '--out=x.pem', '--public-out=x.pem'], message: /different files/ },
    { argv: () => ['keygen', `--out=${notCert}`], message: /already exists/ },
    { argv: () => ['decode', 'a', 'b'], message: /unexpected argument "b"/ },
    { argv: () => ['decode', '--jwks-url=x'], message: /unknown option --jwks-url/ },
    { argv: () => ['decode', ''], message: /the token is empty/ },
    { argv: () => ['verify', 'tok'], message: /verify needs --issuer or --jwks-url/ },
    { argv: () => ['verify', 'tok', '--issuer=https://a', '--jwks-url=https://b'], message: /not both/ },
    { argv: () => ['verify', 'tok', '--jwks-url=https://b', '--alg=HS256'], message: /shared secret/ },
    { argv: () => ['verify', 'tok', '--jwks-url=https://b', '--proxy=socks5://p:1'], message: /--proxy: only http/ },
    { argv: () => ['help', 'nope'], message: /unknown command "nope"/ },
  ];
  for (const c of cases) {
    test(c.argv().join(' ') || '(nothing)', async () => {
      const r = await cli(c.argv());
      assert.equal(r.status, EXIT.usage, r.stderr);
      assertOneErrorLine(r, c.message);
    });
  }

  test('did-you-mean for a mistyped command and flag', async () => {
    assert.match((await cli(['decod'])).stderr, /hint: did you mean `client-creds decode`\?/);
    assert.match((await cli(['sign-jwt', '--privat-key=k.pem'])).stderr, /hint: did you mean --private-key\?/);
  });

  test('decode and verify with no token and a terminal on stdin', async () => {
    for (const argv of [['decode'], ['verify', '--jwks-url=https://example.com/jwks']]) {
      const r = await cli(argv, { stdinIsTTY: true });
      assert.equal(r.status, EXIT.usage);
      assertOneErrorLine(r, new RegExp(`${argv[0]} needs a token`));
    }
  });

  test('--debug before the command is accepted', async () => {
    const r = await cli(['--debug', 'decode', 'xyz', '--json']);
    assert.equal(r.status, EXIT.ok, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { kind: 'opaque', length: 3 });
  });

  test('no arguments: help on stderr, exit 2', async () => {
    const r = await cli([]);
    assert.equal(r.status, EXIT.usage);
    assert.match(r.stderr, /Commands:/);
    assert.equal(r.stdout, '');
  });
});

describe('help and version exit 0 on stdout', () => {
  const cases: [string[], RegExp][] = [
    [['--help'], /Commands:\n\s+client-assertion/],
    [['-h'], /Commands:/],
    [['help'], /Commands:/],
    [['help', 'keygen'], /client-creds keygen — /],
    [['--version'], new RegExp(`^${VERSION.replace(/\./g, '\\.')}\\n$`)],
    [['client-assertion', '--help'], /client-creds client-assertion — /],
    [['sign-jwt', '-h'], /client-creds sign-jwt — /],
    [['keygen', '--help'], /--jwks-out=PATH/],
    [['decode', '--help'], /client-creds decode — /],
    [['verify', '--help'], /--jwks-url=URL/],
    // Help wins over other mistakes on the same line.
    [['client-assertion', '--nope', '--help'], /client-creds client-assertion — /],
  ];
  for (const [argv, expected] of cases) {
    test(argv.join(' '), async () => {
      const r = await cli(argv);
      assert.equal(r.status, EXIT.ok);
      assert.match(r.stdout, expected);
      assert.equal(r.stderr, '');
    });
  }
});

describe('decode in-process', () => {
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ sub: 'abc', exp: 1_700_000_600, institutionId: 'i-1' })).toString(
    'base64url',
  );
  const token = `${header}.${payload}.c2ln`;

  test('a JWT: header, payload and times', async () => {
    const r = await cli(['decode', token]);
    assert.equal(r.status, EXIT.ok);
    assert.match(r.stdout, /Header\n\{\n {2}"alg": "RS256"/);
    assert.match(r.stdout, /"institutionId": "i-1"/);
    assert.match(r.stdout, /exp {7}\d{4}-\d{2}-\d{2} .* \(in 10m\)/);
  });
  test('--json', async () => {
    const r = await cli(['decode', token, '--json']);
    const parsed = JSON.parse(r.stdout);
    assert.equal(parsed.kind, 'jwt');
    assert.equal(parsed.payload.sub, 'abc');
    assert.deepEqual(
      parsed.times.map((t: { name: string; relative: string }) => [t.name, t.relative]),
      [['exp', 'in 10m']],
    );
  });
  test('from stdin, as a token response JSON', async () => {
    const r = await cli(['decode'], { stdin: JSON.stringify({ access_token: token, token_type: 'Bearer' }) });
    assert.equal(r.status, EXIT.ok);
    assert.match(r.stdout, /"sub": "abc"/);
  });
  test('from stdin with -', async () => {
    const r = await cli(['decode', '-', '--json'], { stdin: `Bearer ${token}\n` });
    assert.equal(JSON.parse(r.stdout).payload.institutionId, 'i-1');
  });
  test('opaque', async () => {
    const r = await cli(['decode', 'not-a-jwt-at-all']);
    assert.equal(r.status, EXIT.ok);
    assert.match(r.stdout, /Opaque token\nopaque \(16 characters, not a JWT/);
  });
  test('opaque --json', async () => {
    const r = await cli(['decode', 'xyz', '--json']);
    assert.deepEqual(JSON.parse(r.stdout), { kind: 'opaque', length: 3 });
  });
  test('a broken JWT is an error, and the error does not repeat it', async () => {
    const broken = `${header}.%%%.c2ln`;
    const r = await cli(['decode', broken]);
    assert.equal(r.status, EXIT.failure);
    assert.match(r.stderr, /^error: not a readable JWT: /);
    assert.ok(!r.stderr.includes(header));
  });
});

describe('small pieces', () => {
  test('problemsAsFlags renames profile fields to flags', () => {
    assert.equal(
      problemsAsFlags('lifetimeSeconds: must be 1..300; tokenUrl or issuer: one is required; clientId: required'),
      '--lifetime: must be 1..300; --token-url or --issuer: one is required; --client-id: required',
    );
    assert.equal(problemsAsFlags('something: else'), 'something: else');
  });
  test('allowedAlgs', () => {
    assert.deepEqual(allowedAlgs(['rs256,PS256', 'ES256', 'RS256']), ['RS256', 'PS256', 'ES256']);
    assert.equal(allowedAlgs([]).length, 10);
  });
});

describe('how the command is named', () => {
  const cases: { argv: string[]; status: number; out: 'stdout' | 'stderr'; shows: RegExp }[] = [
    { argv: ['--debug'], status: EXIT.usage, out: 'stderr', shows: /^client-creds \S+ — .*\n\nUsage:/ },
    { argv: ['help', '--debug'], status: EXIT.ok, out: 'stdout', shows: /^client-creds \S+ — .*\n\nUsage:/ },
    { argv: ['HELP'], status: EXIT.ok, out: 'stdout', shows: /^client-creds \S+ — .*\n\nUsage:/ },
    { argv: ['help', 'help'], status: EXIT.ok, out: 'stdout', shows: /^client-creds \S+ — .*\n\nUsage:/ },
    { argv: ['Help', 'KEYGEN'], status: EXIT.ok, out: 'stdout', shows: /^client-creds keygen — / },
    {
      argv: ['--debug', '--debug', 'keygen', '--help'],
      status: EXIT.ok,
      out: 'stdout',
      shows: /^client-creds keygen — /,
    },
    { argv: ['-V'], status: EXIT.ok, out: 'stdout', shows: new RegExp(`^${VERSION.replace(/\./g, '\\.')}\\n$`) },
  ];
  for (const c of cases) {
    test(`${JSON.stringify(c.argv)}: exit ${c.status}, ${c.out}`, async () => {
      const r = await cli(c.argv);
      assert.equal(r.status, c.status);
      assert.match(r[c.out], c.shows);
      assert.doesNotMatch(r.stderr, /error:|\n\s+at /);
    });
  }

  test('an option before the command: the hint says where options go', async () => {
    const r = await cli(['--quiet', 'Client-Assertion', '--client-id=abc']);
    assert.equal(r.status, EXIT.usage);
    assertOneErrorLine(r, /unknown option --quiet/);
    assert.match(r.stderr, /hint: options go after the command: client-creds client-assertion --quiet/);
  });
});
