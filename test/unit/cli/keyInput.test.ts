// `--private-key` takes every key file people have, through the same core reader as the extension, and the header
// carries what the key says about itself: a JWK's kid and alg, the certificate's thumbprint (--certificate, --x5t).
// Runs the CLI in-process: `sign-jwt --token-url=... --json` signs without any network.
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EXIT } from '../../../src/cli/failure';
import { runCli } from '../../../src/cli/program';
import type { CliIo } from '../../../src/cli/terminal';
import { certificateHeader } from '../../../src/core/certificate';
import { jwkThumbprint } from '../../../src/core/keyExport';
import { keyFileCases } from '../../support/keyFiles';

const FIXTURES = resolve(__dirname, '..', '..', 'fixtures', 'keys');
const fixture = (name: string) => readFileSync(resolve(FIXTURES, name));
const P12_PASSPHRASE = 'test-only-passphrase';
const RSA_CERT = () => new X509Certificate(fixture('test-only-rsa.cert.pem'));

async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdin: { isTTY: false, async *[Symbol.asyncIterator]() {} },
    env,
    now: () => Date.now(),
  };
  const status = await runCli(argv, io);
  return { status, stdout, stderr };
}

let dir = '';
let rsa: KeyObject;
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-key-input-'));
  rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Signs with `keyPath` and returns the header and the exit status. */
async function header(keyPath: string, extra: string[] = [], env: Record<string, string> = {}) {
  const r = await cli(
    [
      'sign-jwt',
      '--client-id=svc',
      `--private-key=${keyPath}`,
      '--token-url=https://as.example.test/token',
      '--json',
      ...extra,
    ],
    env,
  );
  const out = r.status === EXIT.ok ? (JSON.parse(r.stdout) as { header: Record<string, unknown> }) : undefined;
  return { ...r, header: out?.header };
}

const rsaPem = () => rsa.export({ type: 'pkcs8', format: 'pem' }).toString();
const rsaKeyFixture = () => fixture('test-only-rsa.key.pem').toString();

describe('--private-key reads every key file people have (the same table as Import Private Key)', () => {
  for (const c of keyFileCases()) {
    test(c.name, async () => {
      const env: Record<string, string> = c.passphrase ? { CLIENT_CREDS_PASSPHRASE: c.passphrase } : {};
      const got = await header(file(`key-${c.name.replace(/\W+/g, '-')}`, c.bytes), [], env);
      assert.equal(got.status, EXIT.ok, got.stderr);
      const natural = c.key.asymmetricKeyType === 'ec' ? 'ES256' : 'PS256';
      assert.equal(got.header?.alg, c.alg ?? natural);
      assert.equal(got.header?.kid, c.kid);
      assert.equal(
        typeof got.header?.['x5t#S256'] === 'string',
        c.certificate !== undefined,
        'x5t#S256 iff a certificate',
      );
    });
  }
});

describe('what the key says about itself is the default; flags say otherwise', () => {
  const jwk = () => ({ ...rsa.export({ format: 'jwk' }), kid: 'key-2025-b', alg: 'RS256', use: 'sig' });
  const cases: { name: string; key: () => string; flags: string[]; want: () => Record<string, unknown> }[] = [
    {
      name: "a JWK's kid and alg",
      key: () => JSON.stringify(jwk()),
      flags: [],
      want: () => ({ alg: 'RS256', kid: 'key-2025-b' }),
    },
    {
      name: 'a JWKS holding the JWK',
      key: () => JSON.stringify({ keys: [jwk()] }),
      flags: [],
      want: () => ({ alg: 'RS256', kid: 'key-2025-b' }),
    },
    {
      name: '--kid wins',
      key: () => JSON.stringify(jwk()),
      flags: ['--kid=other'],
      want: () => ({ alg: 'RS256', kid: 'other' }),
    },
    {
      name: '--kid=thumbprint wins',
      key: () => JSON.stringify(jwk()),
      flags: ['--kid=thumbprint'],
      want: () => ({ alg: 'RS256', kid: jwkThumbprint(rsa) }),
    },
    {
      name: '--alg wins',
      key: () => JSON.stringify(jwk()),
      flags: ['--alg=PS384'],
      want: () => ({ alg: 'PS384', kid: 'key-2025-b' }),
    },
    {
      name: "a service account's private_key_id is the kid",
      key: () => JSON.stringify({ private_key: rsaPem(), private_key_id: 'abc123' }),
      flags: [],
      want: () => ({ alg: 'PS256', kid: 'abc123' }),
    },
    {
      name: 'a bundle: x5t#S256 by default',
      key: () => `${fixture('test-only-rsa.cert.pem')}${rsaKeyFixture()}`,
      flags: [],
      want: () => ({ alg: 'PS256', ...certificateHeader(RSA_CERT(), 'sha256') }),
    },
    ...(['sha1', 'both', 'none'] as const).map((x5t) => ({
      name: `a bundle with --x5t=${x5t}`,
      key: () => `${fixture('test-only-rsa.cert.pem')}${rsaKeyFixture()}`,
      flags: [`--x5t=${x5t}`],
      want: () => ({ alg: 'PS256', ...certificateHeader(RSA_CERT(), x5t) }),
    })),
    {
      name: 'a plain key with --certificate',
      key: rsaKeyFixture,
      flags: [`--certificate=${resolve(FIXTURES, 'test-only-rsa.cert.pem')}`],
      want: () => ({ alg: 'PS256', ...certificateHeader(RSA_CERT()) }),
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const got = await header(file(`meta-${c.name.replace(/\W+/g, '-')}`, c.key()), c.flags);
      assert.equal(got.status, EXIT.ok, got.stderr);
      assert.deepEqual(got.header, c.want());
    });
  }
  test('--certificate with the chain in one file (CA first) picks the leaf', async () => {
    const chain = file('chain.pem', `${fixture('test-only-ca.cert.pem')}${fixture('test-only-rsa.cert.pem')}`);
    const got = await header(file('plain.pem', rsaKeyFixture()), [`--certificate=${chain}`]);
    assert.equal(got.status, EXIT.ok, got.stderr);
    assert.deepEqual(got.header, { alg: 'PS256', ...certificateHeader(RSA_CERT()) });
  });
});

describe('key input failures: one error line, a hint, the right exit status, no secret', () => {
  const cases: {
    name: string;
    key: () => string | Uint8Array;
    flags?: string[];
    env?: Record<string, string>;
    status: number;
    says: RegExp;
    hint: RegExp;
  }[] = [
    {
      name: 'PKCS#12 with no passphrase and no terminal',
      key: () => fixture('test-only-rsa.p12'),
      status: EXIT.failure,
      says: /is encrypted and no passphrase was given/,
      hint: /CLIENT_CREDS_PASSPHRASE/,
    },
    {
      name: 'PKCS#12 with a wrong CLIENT_CREDS_PASSPHRASE',
      key: () => fixture('test-only-rsa.p12'),
      env: { CLIENT_CREDS_PASSPHRASE: 'wrong-passphrase-1234' },
      status: EXIT.failure,
      says: /passphrase does not open this PKCS#12 file/,
      hint: /CLIENT_CREDS_PASSPHRASE/,
    },
    {
      name: 'PKCS#12 whose key is under RC2',
      key: () => fixture('test-only-rsa-rc2-key.p12'),
      env: { CLIENT_CREDS_PASSPHRASE: P12_PASSPHRASE },
      status: EXIT.failure,
      says: /RC2-40/,
      hint: /openssl pkcs12 -legacy/,
    },
    {
      name: '--certificate of another key',
      key: rsaPem,
      flags: [`--certificate=${resolve(FIXTURES, 'test-only-ec.cert.pem')}`],
      status: EXIT.failure,
      says: /test-only-ec\.cert\.pem.*does not hold this private key's public key/,
      hint: /certificate issued for this key/,
    },
    {
      name: '--certificate that is not a certificate',
      key: rsaPem,
      flags: [`--certificate=${resolve(FIXTURES, 'test-only-ec.key.pem')}`],
      status: EXIT.failure,
      says: /no certificate in this text/,
      hint: /BEGIN CERTIFICATE/,
    },
    {
      name: '--x5t=sha1 without a certificate',
      key: rsaPem,
      flags: ['--x5t=sha1'],
      status: EXIT.usage,
      says: /--x5t=sha1 needs the key's certificate/,
      hint: /--certificate=PATH/,
    },
    {
      name: '--x5t=md5',
      key: rsaPem,
      flags: ['--x5t=md5'],
      status: EXIT.usage,
      says: /--x5t must be one of sha256, sha1, both, none/,
      hint: /--help/,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const keyPath = file(`bad-${c.name.replace(/\W+/g, '-')}`, c.key());
      const r = await header(keyPath, c.flags, c.env);
      assert.equal(r.status, c.status, r.stderr);
      const lines = r.stderr.split('\n').filter(Boolean);
      assert.equal(lines.filter((l) => l.startsWith('error: ')).length, 1, r.stderr);
      assert.match(r.stderr, c.says);
      assert.match(lines.find((l) => l.startsWith('hint: ')) ?? '', c.hint);
      for (const secret of Object.values(c.env ?? {})) assert.ok(!r.stderr.includes(secret), 'no passphrase in output');
      // The files given are named in errors on purpose (their paths can be long); anything else base64-like and long
      // would be key material.
      const given = [keyPath, ...(c.flags ?? []).map((f) => f.slice(f.indexOf('=') + 1))].filter((p) =>
        p.startsWith('/'),
      );
      const withoutPaths = given.reduce((text, p) => text.replaceAll(p, '<path>'), r.stderr);
      assert.doesNotMatch(withoutPaths, /[A-Za-z0-9+/]{40}/, 'no key material');
    });
  }
  test('a PKCS#12 file whose certificates Node cannot decrypt: signed, with a note saying how to add one', async () => {
    const r = await cli(
      [
        'sign-jwt',
        '--client-id=svc',
        `--private-key=${file('rc2.p12', fixture('test-only-rsa-rc2-certs.p12'))}`,
        '--token-url=https://as.example.test/token',
      ],
      { CLIENT_CREDS_PASSPHRASE: P12_PASSPHRASE },
    );
    assert.equal(r.status, EXIT.ok, r.stderr);
    assert.match(r.stdout, /note: the certificates in this PKCS#12 file are encrypted with RC2-40.*--?clcerts -nokeys/);
  });
});
