// What a key says about itself, against the real oidc-provider on loopback (test/support/authServer.ts), through
// the CLI's client-assertion (in-process): a JWK's kid picks the right key among two registered ones, and its alg
// is the one the server registered; a certificate-bound client (x5c registered, thumbprint required, as Microsoft
// Entra ID does) accepts the assertion that the key file's certificate, or --certificate, puts x5t#S256 into.
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, type KeyObject, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EXIT } from '../../src/cli/failure';
import { runCli } from '../../src/cli/program';
import type { CliIo } from '../../src/cli/terminal';
import { certificateHeader } from '../../src/core/certificate';
import { decodeJwt } from '../../src/core/jwt';
import { type AuthServer, startAuthServer } from '../support/authServer';

const FIXTURES = resolve(__dirname, '..', 'fixtures', 'keys');
const fixture = (name: string) => readFileSync(resolve(FIXTURES, name));
const P12_PASSPHRASE = 'test-only-passphrase';

let server: AuthServer;
let dir = '';
before(async () => {
  server = await startAuthServer();
  dir = mkdtempSync(join(tmpdir(), 'key-input-it-'));
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** client-assertion against the loopback token endpoint; returns the exit status, the output and the assertion. */
async function clientAssertion(
  clientId: string,
  keyPath: string,
  extra: string[] = [],
  env: Record<string, string> = {},
) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdin: { isTTY: false, async *[Symbol.asyncIterator]() {} },
    env,
    now: () => Date.now(),
  };
  const argv = [
    'client-assertion',
    `--client-id=${clientId}`,
    `--private-key=${keyPath}`,
    '--preset=generic',
    `--token-url=${server.tokenUrl}`,
    '--audience=token-endpoint',
    '--scope=openid',
    '--json',
    ...extra,
  ];
  const status = await runCli(argv, io);
  const assertion = server.requests
    .map((r) => new URLSearchParams(r.body ?? '').get('client_assertion'))
    .filter((a): a is string => a !== null)
    .at(-1);
  return { status, stdout, stderr, header: assertion ? decodeJwt(assertion).header : undefined };
}

const publicJwk = (key: KeyObject) => {
  const { kty, n, e } = key.export({ format: 'jwk' });
  return { kty, n, e };
};

describe('a JWK with kid, registered among two keys of the same type', () => {
  let keyB: KeyObject;
  before(async () => {
    const keyA = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    keyB = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    await server.registerClient({
      clientId: 'two-keys',
      jwks: {
        keys: [
          { ...publicJwk(keyA), kid: 'key-2025-a', alg: 'RS256', use: 'sig' },
          { ...publicJwk(keyB), kid: 'key-2025-b', alg: 'RS256', use: 'sig' },
        ],
      },
    });
  });
  const jwkFile = () =>
    file(
      'key-b.jwk.json',
      JSON.stringify({ ...keyB.export({ format: 'jwk' }), kid: 'key-2025-b', alg: 'RS256', use: 'sig' }),
    );

  test("no flags: the header carries the JWK's kid and alg, and the server accepts it", async () => {
    const r = await clientAssertion('two-keys', jwkFile());
    assert.equal(r.status, EXIT.ok, r.stderr);
    assert.deepEqual(r.header, { alg: 'RS256', kid: 'key-2025-b' });
    assert.ok(JSON.parse(r.stdout).access_token);
  });
  test("the server picks the key by kid: the other key's kid is refused", async () => {
    const refusedBefore = server.failures.length;
    const r = await clientAssertion('two-keys', jwkFile(), ['--kid=key-2025-a']);
    assert.equal(r.status, EXIT.failure);
    assert.deepEqual(
      server.failures.slice(refusedBefore).map((f) => f.detail),
      ['signature verification failed'],
      'key-2025-a was the only key tried',
    );
    assert.deepEqual(r.header, { alg: 'RS256', kid: 'key-2025-a' });
    assert.match(r.stderr, /error: token endpoint answered HTTP 40\d invalid_client/);
  });
  test('the registered alg matters: --alg=PS256 overrides the JWK and the server refuses it', async () => {
    const r = await clientAssertion('two-keys', jwkFile(), ['--alg=PS256']);
    assert.equal(r.status, EXIT.failure);
    assert.deepEqual(r.header, { alg: 'PS256', kid: 'key-2025-b' });
  });
});

describe('a certificate-bound key: x5t#S256 in the header, checked by the server', () => {
  const cert = () => new X509Certificate(fixture('test-only-rsa.cert.pem'));
  before(async () => {
    const key = createPrivateKey(fixture('test-only-rsa.key.pem'));
    await server.registerClient({
      clientId: 'with-certificate',
      jwks: { keys: [{ ...publicJwk(key), use: 'sig', x5c: [cert().raw.toString('base64')] }] },
    });
  });
  const cases: {
    name: string;
    key: () => string;
    flags?: string[];
    env?: Record<string, string>;
    ok: boolean;
    x5t: 'sha256' | 'sha1' | 'none';
  }[] = [
    {
      name: 'cat cert.pem key.pem',
      key: () =>
        file('bundle.pem', Buffer.concat([fixture('test-only-rsa.cert.pem'), fixture('test-only-rsa.key.pem')])),
      ok: true,
      x5t: 'sha256',
    },
    {
      name: 'a PKCS#12 file with its passphrase',
      key: () => file('bundle.p12', fixture('test-only-rsa.p12')),
      env: { CLIENT_CREDS_PASSPHRASE: P12_PASSPHRASE },
      ok: true,
      x5t: 'sha256',
    },
    {
      name: 'a plain key with --certificate',
      key: () => file('plain.pem', fixture('test-only-rsa.key.pem')),
      flags: [`--certificate=${resolve(FIXTURES, 'test-only-rsa.cert.pem')}`],
      ok: true,
      x5t: 'sha256',
    },
    {
      name: 'a bundle with --x5t=sha1 (older Entra ID set-ups)',
      key: () =>
        file('bundle-sha1.pem', Buffer.concat([fixture('test-only-rsa.cert.pem'), fixture('test-only-rsa.key.pem')])),
      flags: ['--x5t=sha1'],
      ok: true,
      x5t: 'sha1',
    },
    {
      name: 'a bundle with --x5t=none: refused, like AADSTS50027',
      key: () =>
        file('bundle-none.pem', Buffer.concat([fixture('test-only-rsa.cert.pem'), fixture('test-only-rsa.key.pem')])),
      flags: ['--x5t=none'],
      ok: false,
      x5t: 'none',
    },
    {
      name: 'the plain key alone: refused',
      key: () => file('alone.pem', fixture('test-only-rsa.key.pem')),
      ok: false,
      x5t: 'none',
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const refusedBefore = server.failures.length;
      const r = await clientAssertion('with-certificate', c.key(), ['--alg=PS256', ...(c.flags ?? [])], c.env);
      assert.deepEqual(r.header, { alg: 'PS256', ...certificateHeader(cert(), c.x5t) });
      if (c.ok) {
        assert.equal(r.status, EXIT.ok, r.stderr);
        assert.ok(JSON.parse(r.stdout).access_token);
      } else {
        assert.equal(r.status, EXIT.failure);
        assert.match(r.stderr, /invalid_client/);
        assert.ok(
          server.failures.slice(refusedBefore).some((f) => /names no registered certificate/.test(f.detail ?? '')),
          'the server refused it for the missing thumbprint',
        );
      }
    });
  }
});
