// The flags that say what a server wants (--send-client-id, --param, --resource, --clock-skew, --tenant, the presets),
// the note when the Jack Henry defaults meet another server, and the CLI's own texts surviving redaction.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseArgs } from '../../../src/cli/args';
import { profileFrom } from '../../../src/cli/assertionProfile';
import { EXIT, redact } from '../../../src/cli/failure';
import { presetNotice } from '../../../src/cli/presetNotice';
import { runCli } from '../../../src/cli/program';
import { CLIENT_ASSERTION } from '../../../src/cli/specs';
import type { CliIo } from '../../../src/cli/terminal';
import { JACK_HENRY_TOKEN_URL, type Profile } from '../../../src/core/profiles';

async function cli(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdin: { isTTY: false, async *[Symbol.asyncIterator]() {} },
    env: {},
    now: () => 1_700_000_000_000,
  };
  const status = await runCli(argv, io);
  return { status, stdout, stderr };
}

const KEY = ['--client-id=abc', '--private-key=/nonexistent/key.pem'];

function profile(argv: string[]): Profile {
  return profileFrom(parseArgs([...KEY, ...argv], CLIENT_ASSERTION), 'abc', undefined, 'client-assertion');
}

describe('what the flags put in the profile', () => {
  const cases: { argv: string[]; expect: Partial<Profile> }[] = [
    { argv: [], expect: { preset: 'jack-henry', sendClientId: false, tokenUrl: JACK_HENRY_TOKEN_URL } },
    { argv: ['--send-client-id'], expect: { preset: 'jack-henry', sendClientId: true } },
    {
      argv: ['--preset=generic', '--token-url=https://as.example/t'],
      expect: { sendClientId: true, audience: 'token-endpoint' },
    },
    {
      argv: ['--preset=generic', '--token-url=https://as.example/t', '--send-client-id=false'],
      expect: { sendClientId: false },
    },
    { argv: ['--issuer=https://as.example'], expect: { preset: 'generic', audience: 'token-endpoint' } },
    {
      argv: ['--preset=issuer-audience', '--issuer=https://as.example'],
      expect: { preset: 'issuer-audience', audience: 'issuer', typ: true },
    },
    {
      argv: ['--tenant=contoso.onmicrosoft.com', '--scope=https://graph.microsoft.com/.default'],
      expect: {
        preset: 'entra-id',
        tokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
        audience: 'token-endpoint',
      },
    },
    {
      argv: ['--param=audience=https://api.example', '--param', 'organization=org_1', '--resource=https://r.example'],
      expect: {
        extraParams: { audience: 'https://api.example', organization: 'org_1', resource: 'https://r.example' },
      },
    },
    { argv: ['--clock-skew=-120'], expect: { clockSkewSeconds: -120 } },
    { argv: ['--clock-skew', '-120'], expect: { clockSkewSeconds: -120 } },
    { argv: ['--clock-skew=+30'], expect: { clockSkewSeconds: 30 } },
    { argv: ['--clock-skew=0'], expect: { clockSkewSeconds: undefined } },
  ];
  for (const c of cases) {
    test(c.argv.join(' ') || '(only --client-id and --private-key)', () => {
      const p = profile(c.argv);
      for (const [key, value] of Object.entries(c.expect)) {
        assert.deepEqual((p as unknown as Record<string, unknown>)[key], value, key);
      }
    });
  }
});

describe('usage errors for the server flags (exit 2, one error line)', () => {
  const cases: [string[], RegExp][] = [
    [
      ['--param=grant_type=password'],
      /--param: "grant_type" cannot be set as an extra parameter: it carries the grant/,
    ],
    [['--param=client_assertion=x'], /--param: "client_assertion" cannot be set.*client authentication/],
    [['--param=Client_Secret=x'], /--param: "Client_Secret" cannot be set.*second client authentication/],
    [['--param=client_id=x'], /--send-client-id/],
    [['--param=scope=x'], /--scope/],
    [['--param=audience'], /--param: extra parameter "audience" has no value/],
    [['--param=audience='], /empty value/],
    [['--param=resource=a', '--resource=b'], /"resource" is given twice/],
    [['--param=audience=a', '--param=audience=b'], /"audience" is given twice/],
    [['--clock-skew=soon'], /--clock-skew: must be a whole number of seconds from -3600 to 3600/],
    [['--clock-skew=-3601'], /--clock-skew: must be a whole number/],
    [['--clock-skew=1.5'], /--clock-skew: must be a whole number/],
    [['--tenant=common'], /--tenant: "common" is not a tenant/],
    [['--tenant=contoso'], /--tenant: must be a tenant id/],
    [['--tenant=x.example', '--preset=generic'], /--tenant applies to --preset=entra-id, not generic/],
    [['--tenant=x.example', '--token-url=https://x/t'], /--tenant and --token-url both name the token URL/],
    [['--preset=entra-id'], /--token-url or --issuer/],
    [['--preset=issuer-audience', '--token-url=https://x/t'], /--audience: "issuer" needs an issuer/],
    [['--send-client-id=maybe'], /--send-client-id does not take a value/],
  ];
  for (const [argv, message] of cases) {
    test(argv.join(' '), async () => {
      const r = await cli(['client-assertion', ...KEY, ...argv]);
      assert.equal(r.status, EXIT.usage, r.stderr);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
      assert.equal(errors.length, 1, r.stderr);
      assert.match(errors[0] ?? '', message);
      assert.match(r.stderr, /\nhint: /);
    });
  }
});

describe('the note when the Jack Henry defaults meet another server', () => {
  const note = (argv: string[]) => presetNotice(parseArgs([...KEY, ...argv], CLIENT_ASSERTION), profile(argv));
  const cases: [string[], RegExp | undefined][] = [
    [[], undefined],
    [['--token-url=https://login.jackhenry.com/a/oidc-provider/api/v0/token'], undefined],
    [['--token-url=https://banno.com/a/oidc-provider/api/v0/token'], undefined],
    [['--token-url=https://digital.example-bank.com/a/oidc-provider/api/v0/token'], undefined],
    [['--token-url=https://auth.example.com/oauth2/token', '--preset=jack-henry'], undefined],
    [['--token-url=https://auth.example.com/oauth2/token', '--preset=generic'], undefined],
    [
      ['--token-url=https://auth.example.com/oauth2/token'],
      /jack-henry preset .* applies .*: exp in milliseconds and no iat, scope openid, no client_id in the form\. For another server add --preset=generic/,
    ],
    [
      ['--token-url=https://auth.example.com/oauth2/token', '--exp-unit=seconds', '--send-client-id'],
      /jack-henry preset .*: scope openid\. For another server/,
    ],
  ];
  for (const [argv, expected] of cases) {
    test(argv.join(' ') || '(defaults)', () => {
      const text = note(argv);
      if (expected === undefined) assert.equal(text, undefined);
      else assert.match(text ?? '', expected);
    });
  }
});

/** Every single-quoted or double-quoted string literal in the CLI and core sources that names a PEM marker. */
function ownTextsWithPemMarkers(): string[] {
  const root = new URL('../../../src/', import.meta.url).pathname;
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts')) files.push(full);
    }
  };
  walk(join(root, 'cli'));
  walk(join(root, 'core'));
  const out: string[] = [];
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/'([^'\n]*-----BEGIN[^'\n]*)'|"([^"\n]*-----BEGIN[^"\n]*)"/g)) {
      out.push(m[1] ?? m[2] ?? '');
    }
  }
  return out;
}

describe("redaction never garbles the CLI's own texts", () => {
  const texts = ownTextsWithPemMarkers();
  test('the sources have such texts (the scan finds them)', () => {
    assert.ok(texts.includes('give a PEM file with -----BEGIN CERTIFICATE-----'), texts.join('\n'));
  });
  for (const text of texts) {
    test(JSON.stringify(text), () => assert.equal(redact(text), text.trim()));
  }

  test('the DER --ca hint names the conversion and keeps its words', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'der-ca-'));
    try {
      const der = join(dir, 'ca.cer');
      writeFileSync(der, Buffer.from([0x30, 0x82, 0x03, 0x0a, 0x30, 0x82, 0x01, 0xf2]));
      const r = await cli(['sign-jwt', ...KEY, `--ca=${der}`]);
      assert.equal(r.status, EXIT.usage);
      assert.match(
        r.stderr,
        /error: --ca .*ca\.cer holds no PEM certificate \(it looks like a binary DER certificate\)/,
      );
      assert.match(r.stderr, /hint: convert it to PEM first: openssl x509 -inform DER -in .*ca\.cer -out ca\.pem/);
      assert.doesNotMatch(r.stderr, /redacted/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
