import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UsageError } from '../../../src/cli/args';
import { AssertionStepPrinter, printAccessToken } from '../../../src/cli/assertionSteps';
import { EXIT, ExitStatus, errorLines, exitStatusFor, redact, reportFailure } from '../../../src/cli/failure';
import {
  expiryLine,
  formatInstant,
  formatLocalTime,
  formLines,
  timeClaimLines,
  tokenShape,
} from '../../../src/cli/format';
import { commandHelp, programHelp } from '../../../src/cli/help';
import { HiddenLine } from '../../../src/cli/passphrase';
import { COMMANDS } from '../../../src/cli/specs';
import { StepWriter, styleFor } from '../../../src/cli/terminal';
import { extractToken } from '../../../src/cli/tokenInput';
import { ConfigError, JwtError, KeyError, NetworkError, OAuthError } from '../../../src/core/errors';
import { timeClaims } from '../../../src/core/jwt';

const JWT = 'eyJhbGciOiJQUzI1NiJ9.eyJzdWIiOiJhYmMiLCJleHAiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl';
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';

function sink(isTTY = false): { write(s: string): void; isTTY: boolean; text: string } {
  return {
    isTTY,
    text: '',
    write(s: string) {
      this.text += s;
    },
  };
}

describe('redact', () => {
  const cases: [string, string, RegExp, RegExp][] = [
    ['a JWT', `bad token ${JWT} here`, /bad token \[token redacted\] here/, /eyJhbGci/],
    ['a PEM block', `key ${PEM} end`, /key \[key material redacted\] end/, /MIIEvQ/],
    [
      'an unterminated PEM',
      `key -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC`,
      /\[key material redacted\]/,
      /MIIEv/,
    ],
    [
      'a PEM marker named in a hint is not material',
      'give a PEM file with -----BEGIN CERTIFICATE-----',
      /^give a PEM file with -----BEGIN CERTIFICATE-----$/,
      /redacted/,
    ],
    [
      'an encrypted PEM cut after its headers',
      `key -----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123\n\nMIIEvQIBADANBgkqhk`,
      /^key \[key material redacted\]$/,
      /MIIEv|DEK-Info/,
    ],
    ['a registered secret', 'passphrase hunter2hunter2 was wrong', /passphrase \[redacted\] was wrong/, /hunter2/],
    ['newlines', 'one\n  two\r\nthree', /^one two three$/, /\n/],
  ];
  for (const [name, input, keep, gone] of cases) {
    test(name, () => {
      const out = redact(input, ['hunter2hunter2']);
      assert.match(out, keep);
      assert.doesNotMatch(out, gone);
    });
  }
  test('short secrets are not used (they would shred ordinary words)', () => {
    assert.equal(redact('the id is abc', ['abc']), 'the id is abc');
  });
});

describe('exit statuses and error lines', () => {
  const cases: [string, unknown, number, RegExp, RegExp | undefined][] = [
    [
      'usage',
      new UsageError('unknown_flag', 'unknown option --x', 'try --help'),
      EXIT.usage,
      /^error: unknown option --x$/,
      /^hint: try --help$/,
    ],
    [
      'config',
      new ConfigError('insecure_url', 'refusing http://x', 'use https'),
      EXIT.failure,
      /^error: refusing/,
      /^hint: use https$/,
    ],
    [
      'key',
      new KeyError('key_is_public', 'that is a public key'),
      EXIT.failure,
      /^error: that is a public key$/,
      undefined,
    ],
    [
      'network',
      new NetworkError('timeout', 'timed out after 5000 ms', 'raise --timeout'),
      EXIT.failure,
      /timed out/,
      /--timeout/,
    ],
    [
      'oauth',
      new OAuthError(401, 'invalid_client', 'bad assertion', undefined, 'check aud'),
      EXIT.failure,
      /HTTP 401 invalid_client/,
      /check aud/,
    ],
    ['jwt', new JwtError('jwt_malformed', 'not a JWT'), EXIT.failure, /not a JWT/, undefined],
    [
      'foreign error hides its text',
      new Error(`boom ${JWT}`),
      EXIT.failure,
      /^error: unexpected internal error$/,
      /--debug/,
    ],
    ['interrupted', new KeyError('interrupted', 'cancelled'), EXIT.interrupted, /cancelled/, undefined],
  ];
  for (const [name, error, status, first, hint] of cases) {
    test(name, () => {
      assert.equal(exitStatusFor(error), status);
      const lines = errorLines(error);
      assert.match(lines[0] ?? '', first);
      if (hint) assert.match(lines[1] ?? '', hint);
      else assert.equal(lines.length, 1);
      for (const line of lines) assert.doesNotMatch(line, /eyJhbGci/);
    });
  }
  test('ExitStatus carries its own status and prints nothing', () => {
    const stderr = sink();
    const status = reportFailure(
      new ExitStatus(3),
      { stdout: sink(), stderr, stdin: [] as never, env: {}, now: Date.now },
      { debug: false },
    );
    assert.equal(status, 3);
    assert.equal(stderr.text, '');
  });
  test('an error message carrying a token is redacted', () => {
    const lines = errorLines(new ConfigError('invalid_profile', `server said ${JWT}`, `not ${PEM}`));
    assert.ok(lines.every((l) => !l.includes('eyJ') && !l.includes('MIIE')));
  });
  test('reportFailure: no stack without --debug, a stack with it', () => {
    const io = (stderr: ReturnType<typeof sink>) => ({
      stdout: sink(),
      stderr,
      stdin: [] as never,
      env: {},
      now: Date.now,
    });
    const quiet = sink();
    reportFailure(new KeyError('key_empty', 'the key file is empty', 'check it'), io(quiet), { debug: false });
    assert.equal(quiet.text, 'error: the key file is empty\nhint: check it\n');
    const loud = sink();
    reportFailure(new KeyError('key_empty', 'the key file is empty'), io(loud), { debug: true });
    assert.match(loud.text, /^error: the key file is empty\n/);
    assert.match(loud.text, /\n\s+at /);
  });
});

describe('colour', () => {
  const cases: [string, boolean, Record<string, string | undefined>, boolean][] = [
    ['TTY', true, {}, true],
    ['pipe', false, {}, false],
    ['TTY with NO_COLOR', true, { NO_COLOR: '1' }, false],
    ['TTY with empty NO_COLOR', true, { NO_COLOR: '' }, true],
    ['dumb terminal', true, { TERM: 'dumb' }, false],
  ];
  for (const [name, isTTY, env, coloured] of cases) {
    test(name, () => {
      const style = styleFor({ write() {}, isTTY }, env);
      assert.equal(style.enabled, coloured);
      assert.equal(style.red('x') === 'x', !coloured);
    });
  }
});

describe('format', () => {
  test('formatLocalTime is local time with its offset', () => {
    const text = formatLocalTime(new Date(1_700_000_000_000));
    assert.match(text, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2}$/);
    if (new Date(0).getTimezoneOffset() === 0 && process.env.TZ === 'UTC') {
      assert.equal(text, '2023-11-14 22:13:20 +00:00');
    }
  });
  test('formatLocalTime of an invalid date', () => assert.equal(formatLocalTime(new Date(Number.NaN)), 'invalid date'));
  test('formatInstant adds the relative time', () => {
    assert.match(formatInstant(1_000_000 + 581_000, 1_000_000), /\(in 9m 41s\)$/);
    assert.match(formatInstant(1_000_000 - 180_000, 1_000_000), /\(3m ago\)$/);
  });
  test('timeClaimLines marks milliseconds', () => {
    const now = 1_700_000_000_000;
    const lines = timeClaimLines(timeClaims({ exp: now + 60_000, iat: now / 1000 }, now));
    assert.equal(lines.length, 2);
    const exp = lines.find((l) => l.startsWith('exp'));
    const iat = lines.find((l) => l.startsWith('iat'));
    assert.match(exp ?? '', /^exp {7}\d{4}-.* \(in 1m\) \[milliseconds\]$/);
    assert.match(iat ?? '', /^iat {7}\d{4}-.* \(now\)$/);
  });
  test('formLines shows each field decoded, in order', () => {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'openid full',
      client_assertion: 'a.b.c',
    });
    assert.deepEqual(formLines(body), ['grant_type=client_credentials', 'scope=openid full', 'client_assertion=a.b.c']);
  });
  const shapes: [string, Parameters<typeof tokenShape>[0], RegExp][] = [
    [
      'jwt',
      { kind: 'jwt', header: { alg: 'RS256', kid: 'k1', typ: 'at+jwt' }, payload: {}, signature: 's' },
      /^JWT \(alg RS256, kid k1, typ at\+jwt\)$/,
    ],
    ['opaque', { kind: 'opaque', length: 43 }, /^opaque \(43 characters, not a JWT/],
    ['jwe', { kind: 'opaque', length: 500, encrypted: true }, /encrypted JWT \(JWE\)/],
  ];
  for (const [name, token, expected] of shapes)
    test(`tokenShape ${name}`, () => assert.match(tokenShape(token), expected));
  test('tokenShape keeps escape sequences from a server-made header off the terminal', () => {
    const header = { alg: 'RS256\u001b[2J', kid: 'k\u001b]0;title\u0007', typ: 'at+jwt\u009b31m\n' };
    const shape = tokenShape({ kind: 'jwt', header, payload: {}, signature: 's' });
    for (const c of ['\u001b', '\u0007', '\u009b', '\n']) assert.ok(!shape.includes(c), JSON.stringify(c));
    assert.match(shape, /^JWT \(alg RS256 \[2J, kid k \]0;title, typ at\+jwt 31m\)$/);
  });
  test('printAccessToken keeps escape sequences in token_type off the terminal', () => {
    const out = sink(true);
    const response = { accessToken: 'opaque-token', tokenType: 'Bearer\u001b[2J\u001b]0;x\u0007', raw: {} };
    printAccessToken(new StepWriter({ stream: out, style: styleFor(out, { NO_COLOR: '1' }) }), response, undefined, 0);
    assert.match(out.text, /^Bearer \[2J \]0;x opaque \(12 characters/m);
    for (const c of ['\u001b', '\u0007']) assert.ok(!out.text.includes(c), JSON.stringify(c));
  });
  test('the discovery step keeps escape sequences in server metadata off the terminal', () => {
    const out = sink(true);
    const printer = new AssertionStepPrinter(new StepWriter({ stream: out, style: styleFor(out, { NO_COLOR: '1' }) }), {
      keyLabel: 'RSA 2048-bit',
      privateKeyPath: 'private.pem',
      secrets: [],
    });
    printer.step({
      step: 'discovery',
      issuer: 'https://as.example\u001b]0;title\u0007',
      tokenEndpoint: 'https://as.example/token\u001b[2J',
      jwksUri: 'https://as.example/jwks\nforged line',
      signingAlgs: ['PS256', 'ES256\u009b31m'],
    });
    for (const c of ['\u001b', '\u0007', '\u009b']) assert.ok(!out.text.includes(c), JSON.stringify(c));
    assert.doesNotMatch(out.text, /^forged line/m);
    assert.match(out.text, /^token endpoint {2}https:\/\/as\.example\/token \[2J$/m);
    assert.match(out.text, /^accepts {9}PS256, ES256 31m$/m);
  });
  test('expiryLine', () => {
    assert.match(expiryLine(undefined, 0), /unknown/);
    assert.match(expiryLine(3_600_000, 0), /^expires \d{4}-.* \(in 1h\)$/);
    assert.match(expiryLine(0, 60_000), /^expired \d{4}-.* \(1m ago\)$/);
  });
});

describe('HiddenLine (the passphrase prompt editor)', () => {
  const cases: [string, string[], string, string][] = [
    ['plain line', ['secret\r'], 'done', 'secret'],
    ['newline', ['secret\n'], 'done', 'secret'],
    ['chunked', ['se', 'cr', 'et', '\r'], 'done', 'secret'],
    ['backspace', ['secx\u007fret\r'], 'done', 'secret'],
    ['ctrl-h', ['secx\bret\r'], 'done', 'secret'],
    ['ctrl-u clears', ['wrong\u0015secret\r'], 'done', 'secret'],
    ['arrow keys ignored', ['sec\u001b[Dret\u001b[A\r'], 'done', 'secret'],
    ['ss3 keys ignored', ['sec\u001bOHret\r'], 'done', 'secret'],
    ['unicode', ['pässwörd🔑\r'], 'done', 'pässwörd🔑'],
    ['ctrl-c cancels', ['sec\u0003'], 'cancelled', 'sec'],
    ['ctrl-d on empty cancels', ['\u0004'], 'cancelled', ''],
    ['ctrl-d after text finishes', ['secret\u0004'], 'done', 'secret'],
    ['still typing', ['secret'], 'typing', 'secret'],
    ['input after enter is ignored', ['secret\rmore'], 'done', 'secret'],
    ['control characters ignored', ['se\u0001cret\r'], 'done', 'secret'],
  ];
  for (const [name, chunks, state, value] of cases) {
    test(name, () => {
      const line = new HiddenLine();
      let last = 'typing';
      for (const chunk of chunks) last = line.feed(chunk);
      assert.equal(last, state);
      assert.equal(line.value, value);
    });
  }
});

describe('extractToken', () => {
  const cases: [string, string, string][] = [
    ['bare', `  ${JWT}\n`, JWT],
    ['Bearer', `Bearer ${JWT}`, JWT],
    ['authorization header', `Authorization: Bearer ${JWT}`, JWT],
    ['token response JSON', JSON.stringify({ access_token: JWT, token_type: 'Bearer' }), JWT],
    ['JSON without access_token stays as text', '{"a":1}', '{"a":1}'],
    ['broken JSON stays as text', '{not json', '{not json'],
    ['opaque', 'abc123', 'abc123'],
  ];
  for (const [name, input, expected] of cases) test(name, () => assert.equal(extractToken(input), expected));
});

describe('help', () => {
  for (const spec of COMMANDS) {
    test(`${spec.name} help lists every flag`, () => {
      const text = commandHelp(spec);
      assert.match(text, new RegExp(`^client-creds ${spec.name} — `));
      for (const flag of spec.flags) assert.ok(text.includes(`--${flag.name}`), `--${flag.name} missing`);
      assert.match(text, /-h, --help/);
    });
  }
  test('program help lists every command and the exit statuses', () => {
    const text = programHelp(COMMANDS, '1.2.3');
    assert.match(text, /client-creds 1\.2\.3/);
    for (const spec of COMMANDS) assert.ok(text.includes(spec.name));
    assert.match(text, /Exit status: 0 success, 1 failure, 2 usage error/);
  });
});
