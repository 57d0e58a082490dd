import assert from 'node:assert/strict';
import { createHmac, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { SIGNING_ALGS, type SigningAlg } from '../../../src/core/algorithms';
import { signAssertion, signCompact } from '../../../src/core/assertion';
import { MAX_TOKEN_CHARS } from '../../../src/core/jwt';
import { publicJwk, publicJwks } from '../../../src/core/keyExport';
import { type VerifyStatus, verifyJwt } from '../../../src/core/verify';

const keys = new Map<SigningAlg, KeyObject>();
let otherRsa: KeyObject;
let otherEc: KeyObject;

before(() => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  for (const alg of SIGNING_ALGS) if (/^(RS|PS)/.test(alg)) keys.set(alg, rsa);
  keys.set('ES256', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  keys.set('ES384', generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey);
  keys.set('ES512', generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey);
  keys.set('EdDSA', generateKeyPairSync('ed25519').privateKey);
  otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  otherEc = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
});
const keyFor = (alg: SigningAlg) => keys.get(alg) as KeyObject;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const assertion = (alg: SigningAlg, kid?: string) =>
  signAssertion(keyFor(alg), {
    clientId: 'c',
    audience: 'https://as.example/token',
    alg,
    expUnit: 'seconds',
    lifetimeSeconds: 60,
    ...(kid ? { kid } : {}),
  }).jwt;

describe('verifyJwt accepts good signatures', () => {
  for (const alg of SIGNING_ALGS) {
    test(`${alg} with the kid from the JWKS`, async () => {
      const jwks = publicJwks(keyFor(alg), alg);
      const kid = jwks.keys[0]?.kid as string;
      assert.deepEqual(await verifyJwt(assertion(alg, kid), jwks), { status: 'verified', alg, kid });
    });
  }
  test('a token without kid, several keys of the same type in the JWKS: any one that verifies', async () => {
    const jwks = { keys: [publicJwk(otherRsa), publicJwk(keyFor('PS256'))].map(({ kid: _kid, ...k }) => k) };
    assert.equal((await verifyJwt(assertion('PS256'), jwks)).status, 'verified');
  });
  test('a JWKS entry that is a private JWK is reduced to its public half and still verifies', async () => {
    const priv = keyFor('ES256').export({ format: 'jwk' });
    assert.equal((await verifyJwt(assertion('ES256'), { keys: [priv] })).status, 'verified');
  });
  test('surrounding whitespace (a pasted token) is ignored', async () => {
    assert.equal((await verifyJwt(`\n ${assertion('EdDSA')} \n`, publicJwks(keyFor('EdDSA')))).status, 'verified');
  });
});

describe('verifyJwt refuses everything else with a status, never an exception', () => {
  const rows: [string, () => [string, { keys: unknown[] }, SigningAlg[]?], VerifyStatus][] = [
    ['a changed payload', () => [tamper(assertion('ES256'), 1), publicJwks(keyFor('ES256'))], 'invalid'],
    ['a changed signature', () => [tamper(assertion('RS256'), 2), publicJwks(keyFor('RS256'))], 'invalid'],
    ['another key of the same type', () => [assertion('PS256'), strip(publicJwks(otherRsa))], 'invalid'],
    [
      'several keys, none right',
      () => [assertion('ES256'), strip({ keys: [publicJwk(otherEc), publicJwk(otherEc)] })],
      'invalid',
    ],
    ['a kid that is not in the JWKS', () => [assertion('ES256', 'nope'), publicJwks(keyFor('ES256'))], 'no_key'],
    [
      'a JWK alg different from the header alg',
      () => [assertion('PS256'), strip(publicJwks(keyFor('PS256'), 'RS256'))],
      'no_key',
    ],
    [
      'an EC key on the wrong curve for the alg',
      () => [assertion('ES256'), strip(publicJwks(keyFor('ES384')))],
      'no_key',
    ],
    ['an RSA token and only an EC key', () => [assertion('RS256'), strip(publicJwks(keyFor('ES256')))], 'no_key'],
    ['a key with use enc', () => [assertion('ES256'), withMember(keyFor('ES256'), { use: 'enc' })], 'no_key'],
    [
      'a key whose key_ops lack verify',
      () => [assertion('ES256'), withMember(keyFor('ES256'), { key_ops: ['encrypt'] })],
      'no_key',
    ],
    ['an empty JWKS', () => [assertion('ES256'), { keys: [] }], 'no_key'],
    ['a JWKS of junk', () => [assertion('ES256'), { keys: [null, 1, 'a', [], { kty: 'oct', k: 'AAAA' }] }], 'no_key'],
    ['a JWKS that is not an object', () => [assertion('ES256'), null as unknown as { keys: unknown[] }], 'no_key'],
    [
      'an alg outside the allow-list',
      () => [assertion('PS256'), publicJwks(keyFor('PS256')), ['ES256']],
      'unsupported',
    ],
    [
      'HS256, even with the secret in the JWKS',
      () => [hs256('secret'), { keys: [{ kty: 'oct', k: b64url('secret') }] }],
      'unsupported',
    ],
    [
      'HS256 made from the RSA public key (key confusion)',
      () => [hs256(publicPem('RS256')), publicJwks(keyFor('RS256'))],
      'unsupported',
    ],
    ['an unknown alg', () => [unsigned({ alg: 'ES256K' }, 'c2ln'), publicJwks(keyFor('ES256'))], 'unsupported'],
    ['alg none', () => [unsigned({ alg: 'none' }, ''), publicJwks(keyFor('ES256'))], 'alg_none'],
    ['alg None with a signature', () => [unsigned({ alg: 'None' }, 'c2ln'), publicJwks(keyFor('ES256'))], 'alg_none'],
    [
      'a JWE',
      () => [`${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`, publicJwks(keyFor('RS256'))],
      'unsupported',
    ],
    ['an opaque token', () => ['2YotnFZFEjr1zCsicMWpAA', publicJwks(keyFor('RS256'))], 'opaque'],
    ['an empty string', () => ['', publicJwks(keyFor('RS256'))], 'opaque'],
    ['a non-string', () => [42 as unknown as string, publicJwks(keyFor('RS256'))], 'opaque'],
    [
      'a header that is not JSON',
      () => [`${Buffer.from('nope').toString('base64url')}.e30.c2ln`, publicJwks(keyFor('RS256'))],
      'invalid',
    ],
    ['four parts', () => [`${assertion('ES256')}.x`, publicJwks(keyFor('ES256'))], 'invalid'],
    [
      'over the size cap',
      () => [`${assertion('ES256')}${'A'.repeat(MAX_TOKEN_CHARS)}`, publicJwks(keyFor('ES256'))],
      'invalid',
    ],
    [
      'an unknown critical header',
      () => [signed('ES256', { alg: 'ES256', crit: ['x-unknown'], 'x-unknown': 1 }), publicJwks(keyFor('ES256'))],
      'unsupported',
    ],
    ['a header jwk pointing at the attacker key', () => [embeddedJwkAttack(), publicJwks(keyFor('ES256'))], 'invalid'],
    ['an RSA key under 2048 bits in the JWKS', () => rsa1024Case(), 'unsupported'],
  ];
  for (const [name, make, expected] of rows) {
    test(`${name} -> ${expected}`, async () => {
      const [token, jwks, algorithms] = make();
      const r = await verifyJwt(token, jwks, algorithms ? { algorithms } : {});
      assert.equal(r.status, expected, r.reason);
      assert.ok(r.reason && r.reason.length > 3, 'a reason is given');
      if (typeof token === 'string' && token.length > 20)
        assert.ok(!r.reason.includes(token.slice(0, 20)), 'no token text');
    });
  }

  describe('base64url variants of a valid token (the Wycheproof base64 cases, on a signature alg)', () => {
    const variants: [string, (parts: string[]) => string][] = [
      ['padding on the signature', ([h, p, s]) => `${h}.${p}.${s}==`],
      ['spaces in the signature', ([h, p, s]) => `${h}.${p}.  ${s}`],
      ['"?" inserted in the header', ([h, p, s]) => `${h?.slice(0, 10)}?${h?.slice(10)}.${p}.${s}`],
      ['"?" appended to the payload', ([h, p, s]) => `${h}.${p}?.${s}`],
      [
        'standard base64 alphabet in the signature',
        ([h, p, s]) => `${h}.${p}.${s?.replace(/-/g, '+').replace(/_/g, '/')}`,
      ],
      ['a line break in the payload', ([h, p, s]) => `${h}.${p?.slice(0, 4)}\n${p?.slice(4)}.${s}`],
      ['non-zero unused bits in the header', ([h, p, s]) => `${nonCanonical(h ?? '')}.${p}.${s}`],
    ];
    for (const [name, mutate] of variants) {
      test(`${name} -> invalid`, async () => {
        // Each signing draws a fresh jti and signature; take one whose signature holds '-' or '_', so that every
        // mutation (the alphabet swap included) really changes the token. About one in fifteen lacks them.
        let token = assertion('ES256');
        for (let i = 0; i < 100 && !/[-_]/.test(token.split('.')[2] ?? ''); i++) token = assertion('ES256');
        const changed = mutate(token.split('.'));
        assert.notEqual(changed, token);
        const r = await verifyJwt(changed, publicJwks(keyFor('ES256')));
        assert.equal(r.status, 'invalid', r.reason);
      });
    }
  });

  test('never throws on random input', async () => {
    const jwks = publicJwks(keyFor('ES256'));
    const alphabet = 'eyJhbGciOiJFUzI1NiJ9.-_=+/ \n{}"AZaz09';
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 300; i++) {
      let s = i % 3 === 0 ? `${b64({ alg: 'ES256' })}.` : '';
      for (let n = rand() % 80; n > 0; n--) s += alphabet[rand() % alphabet.length];
      const r = await verifyJwt(s, jwks);
      assert.notEqual(r.status, 'verified');
    }
  });
});

function tamper(token: string, part: number): string {
  const parts = token.split('.');
  const bytes = Buffer.from(parts[part] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}
function strip(jwks: { keys: Record<string, unknown>[] }): { keys: unknown[] } {
  // Drop the thumbprint kid so the key is chosen by type and alg alone.
  return { keys: jwks.keys.map(({ kid: _kid, ...k }) => k) };
}
function withMember(key: KeyObject, extra: Record<string, unknown>): { keys: unknown[] } {
  return { keys: [{ ...publicJwk(key), ...extra }] };
}
function b64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
function publicPem(alg: SigningAlg): string {
  return createPublicKey(keyFor(alg)).export({ type: 'spki', format: 'pem' }).toString();
}
function hs256(secret: string): string {
  const input = `${b64({ alg: 'HS256' })}.${b64({ sub: 'x' })}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
function unsigned(header: Record<string, unknown>, signature: string): string {
  return `${b64(header)}.${b64({ sub: 'x' })}.${signature}`;
}
function signed(alg: SigningAlg, header: Record<string, unknown>): string {
  return signCompact(keyFor(alg), header as { alg: SigningAlg }, { sub: 'x' });
}
function embeddedJwkAttack(): string {
  // Signed with the attacker's key, which the header offers as `jwk`; only the JWKS may supply keys.
  return signCompact(otherEc, { alg: 'ES256', jwk: publicJwk(otherEc) } as { alg: SigningAlg }, { sub: 'x' });
}
function nonCanonical(segment: string): string {
  // The last character of a segment whose length % 4 is 2 or 3 carries unused bits; set one of them.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = segment.at(-1) ?? 'A';
  return segment.slice(0, -1) + alphabet[alphabet.indexOf(last) + 1];
}
function rsa1024Case(): [string, { keys: unknown[] }] {
  const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  const jwk = { ...small.export({ format: 'jwk' }), d: undefined };
  return [signCompact(small, { alg: 'RS256' }, { sub: 'x' }), { keys: [jwk] }];
}
