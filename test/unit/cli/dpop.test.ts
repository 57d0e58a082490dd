// The CLI's DPoP and JWKS commands run in-process: `dpop-proof` (each proof verified with jose as a resource server
// would), `jwks` over every kind of key file, and their refusals (one error line, a hint, nothing secret repeated).
import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify } from 'jose';
import { EXIT } from '../../../src/cli/failure';
import { FIXED_NOW, runInProcess } from './inProcess';

const NOW = FIXED_NOW;
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkcG9wLXRlc3QifQ.c2lnbmF0dXJl';
const CERT = resolve(__dirname, '..', '..', 'fixtures', 'keys', 'test-only-certificate.pem');

const cli = runInProcess;

let dir = '';
const files: Record<string, string> = {};
const keys: Record<string, KeyObject> = {};

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  files[name] = path;
  return path;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-dpop-'));
  keys.ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  keys.ec384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
  keys.rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  keys.ed = generateKeyPairSync('ed25519').privateKey;
  keys.small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  const pkcs8 = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString();
  const spki = (k: KeyObject) => createPublicKey(k).export({ type: 'spki', format: 'pem' }).toString();
  write('ec.pem', pkcs8(keys.ec));
  write('ec-public.pem', spki(keys.ec));
  write('ec384.pem', pkcs8(keys.ec384));
  write('rsa.pem', keys.rsa.export({ type: 'pkcs1', format: 'pem' }).toString());
  write('rsa-public-pkcs1.pem', createPublicKey(keys.rsa).export({ type: 'pkcs1', format: 'pem' }).toString());
  write('ed.jwk', JSON.stringify(keys.ed.export({ format: 'jwk' })));
  write('small.pem', pkcs8(keys.small));
  write(
    'encrypted.pem',
    keys.ec384
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse battery staple' })
      .toString(),
  );
  write(
    'two.jwks',
    JSON.stringify({
      keys: [createPublicKey(keys.rsa).export({ format: 'jwk' }), createPublicKey(keys.ed).export({ format: 'jwk' })],
    }),
  );
  write('oct.jwk', JSON.stringify({ kty: 'oct', k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ' }));
  write('garbage.txt', 'hello');
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function verifiedProof(jwt: string, alg: string) {
  const { payload, protectedHeader } = await jwtVerify(jwt.trim(), EmbeddedJWK, {
    typ: 'dpop+jwt',
    algorithms: [alg],
    currentDate: new Date(NOW),
  });
  return { payload, protectedHeader };
}

describe('dpop-proof prints one proof a server accepts', () => {
  test('GET by default, htu without query and fragment, iat from the clock, no ath or nonce unless given', async () => {
    const r = await cli(['dpop-proof', `--dpop-key=${files['ec.pem']}`, '--url=https://API.example.com/a?b=c#d']);
    assert.equal(r.status, EXIT.ok, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 1, 'one line');
    const { payload, protectedHeader } = await verifiedProof(r.stdout, 'ES256');
    assert.deepEqual(
      { htm: payload.htm, htu: payload.htu, iat: payload.iat, ath: payload.ath, nonce: payload.nonce },
      { htm: 'GET', htu: 'https://api.example.com/a', iat: NOW / 1000, ath: undefined, nonce: undefined },
    );
    assert.equal(protectedHeader.alg, 'ES256');
  });

  const tokenInputs: [string, string[], string | undefined][] = [
    ['--access-token=TOKEN', [`--access-token=${TOKEN}`], undefined],
    ['stdin, bare', ['--access-token=-'], `${TOKEN}\n`],
    ['stdin, token response JSON', ['--access-token=-'], JSON.stringify({ access_token: TOKEN, token_type: 'DPoP' })],
    ['stdin, an Authorization header', ['--access-token=-'], `Authorization: DPoP ${TOKEN}`],
  ];
  for (const [name, flags, stdin] of tokenInputs) {
    test(`ath from ${name}`, async () => {
      const r = await cli(
        ['dpop-proof', `--dpop-key=${files['ec.pem']}`, '--url=https://api.example.com/x', '--method=post', ...flags],
        stdin === undefined ? {} : { stdin },
      );
      assert.equal(r.status, EXIT.ok, r.stderr);
      const { payload } = await verifiedProof(r.stdout, 'ES256');
      assert.equal(payload.ath, createHash('sha256').update(TOKEN).digest('base64url'));
      assert.equal(payload.htm, 'POST');
    });
  }

  test('--nonce, --alg and --json', async () => {
    const r = await cli([
      'dpop-proof',
      `--dpop-key=${files['rsa.pem']}`,
      '--url=https://api.example.com/x',
      '--nonce=server-nonce-1',
      '--alg=ps384',
      '--json',
    ]);
    assert.equal(r.status, EXIT.ok, r.stderr);
    const body = JSON.parse(r.stdout) as { proof: string; header: { jwk: never }; thumbprint: string };
    const { payload } = await verifiedProof(body.proof, 'PS384');
    assert.equal(payload.nonce, 'server-nonce-1');
    assert.equal(body.thumbprint, await calculateJwkThumbprint(body.header.jwk));
  });

  test('two runs give two different jti', async () => {
    const args = ['dpop-proof', `--dpop-key=${files['ed.jwk']}`, '--url=https://api.example.com/x'];
    const [a, b] = [await cli(args), await cli(args)];
    const [pa, pb] = [await verifiedProof(a.stdout, 'EdDSA'), await verifiedProof(b.stdout, 'EdDSA')];
    assert.notEqual(pa.payload.jti, pb.payload.jti);
  });

  test('an encrypted key takes its passphrase from CLIENT_CREDS_PASSPHRASE', async () => {
    const r = await cli(['dpop-proof', `--dpop-key=${files['encrypted.pem']}`, '--url=https://api.example.com/'], {
      env: { CLIENT_CREDS_PASSPHRASE: 'correct horse battery staple' },
    });
    assert.equal(r.status, EXIT.ok, r.stderr);
    await verifiedProof(r.stdout, 'ES384');
  });
});

describe('dpop-proof refusals: one error line, a hint, the token never repeated', () => {
  const base = () => [`--dpop-key=${files['ec.pem']}`, '--url=https://api.example.com/x', '--access-token=-'];
  const cases: { name: string; argv: () => string[]; stdin?: string; status: number; message: RegExp }[] = [
    {
      name: 'no key',
      argv: () => ['--url=https://x.example/', '--access-token=-'],
      status: EXIT.usage,
      message: /needs --dpop-key/,
    },
    {
      name: 'no url',
      argv: () => [`--dpop-key=${files['ec.pem']}`, '--access-token=-'],
      status: EXIT.usage,
      message: /needs --url/,
    },
    { name: 'RS256', argv: () => [...base(), '--alg=RS256'], status: EXIT.usage, message: /RS256 is not offered/ },
    { name: 'ES256K', argv: () => [...base(), '--alg=ES256K'], status: EXIT.usage, message: /ES256K/ },
    { name: 'none', argv: () => [...base(), '--alg=none'], status: EXIT.usage, message: /unsigned/ },
    {
      name: 'a relative URL',
      argv: () => [`--dpop-key=${files['ec.pem']}`, '--url=/x', '--access-token=-'],
      status: EXIT.usage,
      message: /not an absolute URL/,
    },
    { name: 'a method with a space', argv: () => [...base(), '--method=GE T'], status: EXIT.usage, message: /method/ },
    { name: 'a nonce with a quote', argv: () => [...base(), '--nonce=a"b'], status: EXIT.usage, message: /nonce/ },
    {
      name: 'a token with a space',
      argv: () => [`--dpop-key=${files['ec.pem']}`, '--url=https://x.example/', `--access-token=${TOKEN} ${TOKEN}`],
      status: EXIT.usage,
      message: /access token holds characters/,
    },
    {
      name: 'an empty stdin token',
      argv: () => base(),
      stdin: '  ',
      status: EXIT.usage,
      message: /empty/,
    },
    {
      name: 'a public key',
      argv: () => [`--dpop-key=${files['ec-public.pem']}`, '--url=https://x.example/', '--access-token=-'],
      status: EXIT.failure,
      message: /public key/,
    },
    {
      name: 'an alg the key does not fit',
      argv: () => [...base(), '--alg=PS256'],
      status: EXIT.failure,
      message: /ec\.pem: PS256 does not fit this EC P-256 key/,
    },
    {
      name: 'an RSA key under 2048 bits',
      argv: () => [`--dpop-key=${files['small.pem']}`, '--url=https://x.example/', '--access-token=-'],
      status: EXIT.failure,
      message: /1024 bits/,
    },
    {
      name: 'an encrypted key without a passphrase',
      argv: () => [`--dpop-key=${files['encrypted.pem']}`, '--url=https://x.example/', '--access-token=-'],
      status: EXIT.failure,
      message: /passphrase/,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const r = await cli(['dpop-proof', ...c.argv()], { stdin: c.stdin ?? TOKEN });
      assert.equal(r.status, c.status, r.stderr);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
      assert.equal(errors.length, 1, r.stderr);
      assert.match(errors[0] ?? '', c.message);
      assert.match(r.stderr, /\nhint: /);
      assert.equal(r.stdout, '');
      assert.ok(!r.stderr.includes(TOKEN.slice(10)), 'the token is not repeated');
    });
  }
});

describe('jwks writes the public JWKS of any key files', () => {
  test('private and public PEM, PKCS#1 public, JWK, JWKS and a certificate; duplicates once; kid = thumbprint', async () => {
    const r = await cli([
      'jwks',
      files['ec.pem'] as string,
      files['ec-public.pem'] as string,
      files['rsa-public-pkcs1.pem'] as string,
      files['ed.jwk'] as string,
      files['two.jwks'] as string,
      CERT,
    ]);
    assert.equal(r.status, EXIT.ok, r.stderr);
    const jwks = JSON.parse(r.stdout) as { keys: Record<string, unknown>[] };
    const expected = [keys.ec, keys.rsa, keys.ed].map((k) => createPublicKey(k as KeyObject));
    assert.equal(jwks.keys.length, 4, 'ec, rsa, ed and the certificate key; repeats dropped');
    for (const [i, key] of expected.entries()) {
      const jwk = jwks.keys[i] as Record<string, unknown>;
      assert.equal(jwk.kid, await calculateJwkThumbprint(key.export({ format: 'jwk' }) as never));
      assert.equal(jwk.use, 'sig');
    }
    for (const jwk of jwks.keys) {
      assert.equal(jwk.kid, await calculateJwkThumbprint(jwk as never));
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.ok(!(member in jwk), `no ${member}`);
    }
    assert.match(r.stderr, /already listed/);
    assert.doesNotMatch(r.stdout + r.stderr, /PRIVATE KEY/);
  });

  test('--out writes a 0644 file and refuses to overwrite it without --force', async () => {
    const out = join(dir, 'published.json');
    const first = await cli(['jwks', files['ec.pem'] as string, `--out=${out}`]);
    assert.equal(first.status, EXIT.ok, first.stderr);
    assert.equal(first.stdout, '');
    assert.equal(statSync(out).mode & 0o777, 0o644);
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { keys: unknown[] }).keys.length, 1);
    const again = await cli(['jwks', files['ec.pem'] as string, files['rsa.pem'] as string, `--out=${out}`]);
    assert.equal(again.status, EXIT.usage, again.stderr);
    assert.match(again.stderr, /already exists/);
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { keys: unknown[] }).keys.length, 1, 'unchanged');
    const forced = await cli([
      'jwks',
      files['ec.pem'] as string,
      files['rsa.pem'] as string,
      `--out=${out}`,
      '--force',
    ]);
    assert.equal(forced.status, EXIT.ok, forced.stderr);
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { keys: unknown[] }).keys.length, 2);
  });

  const refusals: [string, () => string, RegExp][] = [
    ['a missing file', () => join(dir, 'nope.pem'), /cannot read key file .*nope\.pem: no such file/],
    ['text without a key', () => files['garbage.txt'] as string, /garbage\.txt: no public key or certificate/],
    ['a symmetric JWK', () => files['oct.jwk'] as string, /oct\.jwk: the JWK is a symmetric key/],
    ['an RSA key under 2048 bits', () => files['small.pem'] as string, /small\.pem: .*1024 bits/],
    ['an encrypted key without a passphrase', () => files['encrypted.pem'] as string, /passphrase/],
  ];
  for (const [name, path, message] of refusals) {
    test(`refuses ${name}`, async () => {
      const r = await cli(['jwks', files['ec.pem'] as string, path()]);
      assert.notEqual(r.status, EXIT.ok);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
      assert.equal(errors.length, 1, r.stderr);
      assert.match(errors[0] ?? '', message);
      assert.equal(r.stdout, '', 'no partial JWKS');
    });
  }
});

test('client-assertion: --dpop-alg without --dpop-key is a usage error', async () => {
  const r = await cli(['client-assertion', '--client-id=c', `--private-key=${files['ec.pem']}`, '--dpop-alg=ES256']);
  assert.equal(r.status, EXIT.usage, r.stderr);
  assert.match(r.stderr, /--dpop-alg needs --dpop-key/);
});
