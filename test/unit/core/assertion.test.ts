import assert from 'node:assert/strict';
import { constants, createPublicKey, generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { compactVerify, createLocalJWKSet } from 'jose';
import { digestLength, digestOf, SIGNING_ALGS, type SigningAlg } from '../../../src/core/algorithms';
import {
  type AssertionOptions,
  buildAssertionClaims,
  type LintFinding,
  lintAssertion,
  signAssertion,
} from '../../../src/core/assertion';
import { ConfigError, KeyError } from '../../../src/core/errors';
import { decodeJwt } from '../../../src/core/jwt';
import { exportPrivateKeyPem, publicJwks } from '../../../src/core/keyExport';

const NOW = 1_764_000_000_123; // a fixed clock (ms) so every expected value is exact
const TOKEN_URL = 'https://login.example.com/a/oidc-provider/api/v0/token';
const ISSUER = 'https://login.example.com/a/oidc-provider';

const base: AssertionOptions = {
  clientId: 'client-123',
  audience: TOKEN_URL,
  alg: 'PS256',
  expUnit: 'seconds',
  lifetimeSeconds: 60,
  now: () => NOW,
};

const keys = new Map<SigningAlg, KeyObject>();
before(() => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  for (const alg of SIGNING_ALGS) {
    if (/^(RS|PS)/.test(alg)) keys.set(alg, rsa);
  }
  keys.set('ES256', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  keys.set('ES384', generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey);
  keys.set('ES512', generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey);
  keys.set('EdDSA', generateKeyPairSync('ed25519').privateKey);
});
const keyFor = (alg: SigningAlg): KeyObject => keys.get(alg) as KeyObject;

describe('buildAssertionClaims', () => {
  test('milliseconds (Jack Henry helper): payload is exactly {jti, aud, sub, iss, exp}, exp = now + lifetime*1000', () => {
    const { header, payload } = buildAssertionClaims({ ...base, expUnit: 'milliseconds' });
    assert.deepEqual(header, { alg: 'PS256' });
    assert.deepEqual(Object.keys(payload), ['jti', 'aud', 'sub', 'iss', 'exp']);
    assert.equal(payload.exp, NOW + 60_000);
    assert.equal(payload.iss, 'client-123');
    assert.equal(payload.sub, 'client-123');
    assert.equal(payload.aud, TOKEN_URL);
  });
  test('seconds (RFC 7519 NumericDate): iat = floor(now/1000), exp = iat + lifetime', () => {
    const { payload } = buildAssertionClaims({ ...base, lifetimeSeconds: 300 });
    assert.deepEqual(Object.keys(payload).sort(), ['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
    assert.equal(payload.iat, 1_764_000_000);
    assert.equal(payload.exp, 1_764_000_300);
  });
  test('jti is a fresh random UUID on every call', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const { jti } = buildAssertionClaims(base).payload;
      assert.match(jti, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(jti);
    }
    assert.equal(seen.size, 500);
  });
  test('typ and kid go into the header only when asked', () => {
    assert.deepEqual(buildAssertionClaims({ ...base, typ: true, kid: 'abc' }).header, {
      alg: 'PS256',
      typ: 'client-authentication+jwt',
      kid: 'abc',
    });
    assert.deepEqual(buildAssertionClaims({ ...base, typ: false, kid: '' }).header, { alg: 'PS256' });
  });
  test('an audience array is kept as given', () => {
    assert.deepEqual(buildAssertionClaims({ ...base, audience: [ISSUER] }).payload.aud, [ISSUER]);
  });
  test('the lifetime limits 1 and 300 are allowed', () => {
    assert.equal(buildAssertionClaims({ ...base, lifetimeSeconds: 1 }).payload.exp, 1_764_000_001);
    assert.equal(buildAssertionClaims({ ...base, lifetimeSeconds: 300 }).payload.exp, 1_764_000_300);
  });
  test('uses Date.now when no clock is given', () => {
    const before = Date.now();
    const { exp } = buildAssertionClaims({ ...base, now: undefined, expUnit: 'milliseconds' }).payload;
    assert.ok(exp >= before + 60_000 && exp <= Date.now() + 60_000);
  });

  const refused: [string, Partial<AssertionOptions>, string][] = [
    ['empty client id', { clientId: '' }, 'missing_client_id'],
    ['blank client id', { clientId: '   ' }, 'missing_client_id'],
    ['empty audience', { audience: '' }, 'missing_audience'],
    ['empty audience array', { audience: [] }, 'missing_audience'],
    ['audience array with an empty value', { audience: [TOKEN_URL, ''] }, 'missing_audience'],
    ['lifetime 0', { lifetimeSeconds: 0 }, 'invalid_lifetime'],
    ['lifetime 301', { lifetimeSeconds: 301 }, 'invalid_lifetime'],
    ['lifetime -60', { lifetimeSeconds: -60 }, 'invalid_lifetime'],
    ['fractional lifetime', { lifetimeSeconds: 1.5 }, 'invalid_lifetime'],
    ['NaN lifetime', { lifetimeSeconds: Number.NaN }, 'invalid_lifetime'],
    ['alg none', { alg: 'none' as SigningAlg }, 'unsupported_alg'],
    ['alg HS256', { alg: 'HS256' as SigningAlg }, 'unsupported_alg'],
    ['unknown unit', { expUnit: 'minutes' as 'seconds' }, 'invalid_exp_unit'],
  ];
  for (const [name, change, code] of refused) {
    test(`refuses ${name} (ConfigError ${code})`, () => {
      assert.throws(
        () => buildAssertionClaims({ ...base, ...change }),
        (e: unknown) => e instanceof ConfigError && e.code === code && (e.hint ?? '') !== '',
      );
    });
  }
});

describe('signAssertion', () => {
  for (const alg of SIGNING_ALGS) {
    test(`${alg}: jose verifies it with the published JWKS, and the decoded parts match`, async () => {
      const key = keyFor(alg);
      const signed = signAssertion(key, { ...base, alg, kid: 'kid-1', typ: true });
      const jwks = { keys: publicJwks(key, alg).keys.map((k) => ({ ...k, kid: 'kid-1' })) };
      const { protectedHeader } = await compactVerify(signed.jwt, createLocalJWKSet(jwks), { algorithms: [alg] });
      assert.deepEqual(protectedHeader, { alg, typ: 'client-authentication+jwt', kid: 'kid-1' });
      const decoded = decodeJwt(signed.jwt);
      assert.deepEqual(decoded.header, signed.header);
      assert.deepEqual(decoded.payload, signed.payload);
    });
  }

  for (const alg of ['PS256', 'PS384', 'PS512'] as const) {
    test(`${alg}: PSS salt length is the hash length (RFC 7518 §3.5)`, () => {
      const key = keyFor(alg);
      const [h, p, s] = signAssertion(key, { ...base, alg }).jwt.split('.') as [string, string, string];
      const data = Buffer.from(`${h}.${p}`);
      const sig = Buffer.from(s, 'base64url');
      const pub = createPublicKey(key);
      const check = (saltLength: number) =>
        verify(digestOf(alg) ?? null, data, { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, sig);
      assert.equal(check(digestLength(alg)), true);
      assert.equal(check(digestLength(alg) - 1), false);
      assert.equal(check(20), false);
    });
  }
  for (const [alg, len] of [
    ['ES256', 64],
    ['ES384', 96],
    ['ES512', 132],
    ['EdDSA', 64],
    ['RS256', 256],
  ] as const) {
    test(`${alg}: signature is ${len} bytes (raw r||s for ECDSA, not DER)`, () => {
      const sig = signAssertion(keyFor(alg), { ...base, alg }).jwt.split('.')[2] ?? '';
      assert.equal(Buffer.from(sig, 'base64url').length, len);
    });
  }
  test('two signatures with the same key carry different jti values', () => {
    const a = signAssertion(keyFor('ES256'), { ...base, alg: 'ES256' });
    const b = signAssertion(keyFor('ES256'), { ...base, alg: 'ES256' });
    assert.notEqual(a.payload.jti, b.payload.jti);
    assert.notEqual(a.jwt, b.jwt);
  });
  test('refuses a key that does not fit the alg, before signing', () => {
    assert.throws(
      () => signAssertion(keyFor('ES256'), { ...base, alg: 'PS256' }),
      (e: unknown) => {
        assert.ok(e instanceof KeyError);
        assert.equal(e.code, 'key_alg_mismatch');
        assert.match(e.message, /ES256/);
        assert.ok(!e.message.includes(exportPrivateKeyPem(keyFor('ES256')).slice(40, 60)));
        return true;
      },
    );
    assert.throws(() => signAssertion(keyFor('ES256'), { ...base, alg: 'ES384' }), { code: 'key_alg_mismatch' });
    assert.throws(() => signAssertion(keyFor('EdDSA'), { ...base, alg: 'ES256' }), { code: 'key_alg_mismatch' });
  });
  test('refuses a public key', () => {
    assert.throws(() => signAssertion(createPublicKey(keyFor('ES256')), { ...base, alg: 'ES256' }), {
      code: 'key_is_public',
    });
  });
  test('refuses RSA under 2048 bits', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    assert.throws(() => signAssertion(small, base), { code: 'key_too_small' });
  });
});

describe('lintAssertion', () => {
  const clean = () => buildAssertionClaims(base);
  const codes = (findings: LintFinding[]) => findings.map((f) => `${f.level}:${f.code}`).sort();
  const ctx = { tokenEndpoint: TOKEN_URL, issuer: ISSUER, nowMs: NOW };

  test('a fresh seconds assertion has no findings', () => {
    const { header, payload } = clean();
    assert.deepEqual(lintAssertion(header, payload, { ...ctx, expUnit: 'seconds' }), []);
  });
  test('a fresh Jack Henry milliseconds assertion has no findings when ms is expected', () => {
    const { header, payload } = buildAssertionClaims({ ...base, expUnit: 'milliseconds' });
    assert.deepEqual(lintAssertion(header, payload, { ...ctx, expUnit: 'milliseconds' }), []);
  });
  test('aud = issuer is accepted as well as the token endpoint', () => {
    const { header, payload } = buildAssertionClaims({ ...base, audience: ISSUER });
    assert.deepEqual(lintAssertion(header, payload, ctx), []);
  });

  type Row = [string, (h: Record<string, unknown>, p: Record<string, unknown>) => void, string[], object?];
  const rows: Row[] = [
    ['alg none', (h) => (h.alg = 'none'), ['error:alg_none']],
    ['alg HS256', (h) => (h.alg = 'HS256'), ['error:alg_hmac']],
    ['alg missing', (h) => delete h.alg, ['error:alg_missing']],
    ['unknown alg', (h) => (h.alg = 'ES256K'), ['error:alg_unsupported']],
    ['odd typ', (h) => (h.typ = 'at+jwt'), ['warning:typ_unexpected']],
    ['iss != sub', (_, p) => (p.sub = 'someone-else'), ['error:iss_sub_mismatch']],
    ['iss missing', (_, p) => delete p.iss, ['error:iss_missing']],
    ['sub missing', (_, p) => delete p.sub, ['error:sub_missing']],
    ['jti missing', (_, p) => delete p.jti, ['error:jti_missing']],
    ['aud missing', (_, p) => delete p.aud, ['error:aud_missing']],
    ['aud with several values', (_, p) => (p.aud = [TOKEN_URL, ISSUER]), ['warning:aud_multiple']],
    ['aud array of one', (_, p) => (p.aud = [TOKEN_URL]), ['info:aud_array']],
    ['aud is something else', (_, p) => (p.aud = 'https://elsewhere.example/token'), ['warning:aud_mismatch']],
    ['aud differs by a trailing slash', (_, p) => (p.aud = `${TOKEN_URL}/`), ['warning:aud_mismatch']],
    ['exp missing', (_, p) => delete p.exp, ['error:exp_missing']],
    ['exp a string', (_, p) => (p.exp = String(p.exp)), ['error:exp_not_number']],
    [
      'exp in milliseconds when seconds are expected',
      (_, p) => {
        p.exp = NOW + 60_000;
        delete p.iat;
      },
      ['error:exp_unit_mismatch'],
      { expUnit: 'seconds' },
    ],
    [
      'exp in seconds when milliseconds are expected',
      () => {},
      ['error:exp_unit_mismatch'],
      { expUnit: 'milliseconds' },
    ],
    [
      'exp in milliseconds with no expectation',
      (_, p) => {
        p.exp = NOW + 60_000;
        delete p.iat;
      },
      ['warning:exp_milliseconds'],
    ],
    ['expired', (_, p) => (p.exp = Math.floor(NOW / 1000) - 5), ['error:expired']],
    ['lifetime 10 minutes', (_, p) => (p.exp = (p.iat as number) + 600), ['warning:lifetime_too_long']],
    ['exp a week ahead', (_, p) => (p.exp = (p.iat as number) + 7 * 86400), ['error:exp_far_future']],
    ['iat in the future', (_, p) => (p.iat = (p.iat as number) + 3600), ['warning:iat_future']],
    ['iat a string', (_, p) => (p.iat = 'yesterday'), ['error:iat_not_number']],
    ['iat in ms, exp in s', (_, p) => (p.iat = NOW), ['error:iat_unit_mismatch']],
    ['nbf in the future', (_, p) => (p.nbf = Math.floor(NOW / 1000) + 600), ['warning:nbf_future']],
  ];
  for (const [name, change, expected, extra] of rows) {
    test(`flags ${name}`, () => {
      const { header, payload } = clean();
      const h: Record<string, unknown> = { ...header };
      const p: Record<string, unknown> = { ...payload };
      change(h, p);
      const findings = lintAssertion(h, p, { ...ctx, ...extra });
      assert.deepEqual(codes(findings), expected.sort());
      for (const f of findings) assert.ok(f.message.length > 10, `${f.code} has a readable message`);
    });
  }
  test('never throws on hostile input', () => {
    for (const [h, p] of [
      [{}, {}],
      [{ alg: 7 }, { exp: Number.POSITIVE_INFINITY, iat: Number.NaN, aud: [1, 2], iss: {}, sub: [] }],
      [{ alg: 'x'.repeat(10_000) }, { aud: null, exp: -1 }],
    ] as Record<string, unknown>[][]) {
      const findings = lintAssertion(h ?? {}, p ?? {}, ctx);
      assert.ok(findings.some((f) => f.level === 'error'));
      for (const f of findings) assert.ok(f.message.length < 200, 'messages stay short');
    }
  });
});
