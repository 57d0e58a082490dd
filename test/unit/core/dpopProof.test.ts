// DPoP proofs checked claim by claim against RFC 9449 §4.2 (header and claims) and §4.3 (the checks a server runs,
// htu normalisation included), each proof verified with jose's EmbeddedJWK as a server would verify it.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, jwtVerify } from 'jose';
import {
  accessTokenHash,
  checkDpopNonce,
  createDpopKey,
  createDpopProof,
  DPOP_SIGNING_ALGS,
  DPOP_TYP,
  type DpopAlg,
  defaultDpopAlg,
  dpopHtm,
  dpopHtu,
  MAX_NONCE_LENGTH,
  parseDpopAlg,
} from '../../../src/core/dpopProof';
import { ConfigError, KeyError } from '../../../src/core/errors';
import { jwkThumbprint } from '../../../src/core/keyExport';

const keys = new Map<string, KeyObject>();
before(() => {
  keys.set('rsa', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  keys.set('P-256', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  keys.set('P-384', generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey);
  keys.set('P-521', generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey);
  keys.set('ed25519', generateKeyPairSync('ed25519').privateKey);
});

function key(name: string): KeyObject {
  const k = keys.get(name);
  assert.ok(k, name);
  return k;
}

const KEY_OF_ALG: Record<DpopAlg, string> = {
  ES256: 'P-256',
  ES384: 'P-384',
  ES512: 'P-521',
  PS256: 'rsa',
  PS384: 'rsa',
  PS512: 'rsa',
  EdDSA: 'ed25519',
};

const PUBLIC_MEMBERS: Record<string, string[]> = {
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
};

describe('a proof for every allowed alg, checked as RFC 9449 §4.3 says a server checks it', () => {
  for (const alg of DPOP_SIGNING_ALGS) {
    test(alg, async () => {
      const dpopKey = createDpopKey(key(KEY_OF_ALG[alg]), alg);
      const nowMs = 1_700_000_123_456;
      const proof = createDpopProof(dpopKey, {
        method: 'post',
        url: 'https://AS.example.com:443/token?x=1#frag',
        accessToken: 'Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU',
        nonce: 'eyJ7S_zG.eyJH0-Z.HX4w-7v',
        now: () => nowMs,
      });
      // §4.3 checks 1-5: one JWT, typ dpop+jwt, an allowed asymmetric alg, a signature by the header's jwk.
      const { payload, protectedHeader } = await jwtVerify(proof.jwt, EmbeddedJWK, {
        typ: DPOP_TYP,
        algorithms: [alg],
        currentDate: new Date(nowMs),
      });
      assert.deepEqual(Object.keys(protectedHeader).sort(), ['alg', 'jwk', 'typ']);
      assert.equal(protectedHeader.alg, alg);
      // §4.2: the jwk holds the public key and nothing private (only the required members of its kty).
      const jwk = protectedHeader.jwk as Record<string, unknown>;
      assert.deepEqual(Object.keys(jwk).sort(), PUBLIC_MEMBERS[String(jwk.kty)]);
      assert.equal(await calculateJwkThumbprint(jwk as never), dpopKey.thumbprint);
      assert.equal(dpopKey.thumbprint, jwkThumbprint(key(KEY_OF_ALG[alg])));
      // §4.2 claims: jti, htm, htu (no query or fragment, §4.3 check 9), iat in seconds, ath, nonce.
      assert.deepEqual(Object.keys(payload).sort(), ['ath', 'htm', 'htu', 'iat', 'jti', 'nonce']);
      assert.match(String(payload.jti), /^[0-9a-f-]{36}$/);
      assert.equal(payload.htm, 'POST');
      assert.equal(payload.htu, 'https://as.example.com/token');
      assert.equal(payload.iat, 1_700_000_123);
      // RFC 9449 §7.1's own example: this access token hashes to this ath.
      assert.equal(payload.ath, 'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo');
      assert.equal(payload.nonce, 'eyJ7S_zG.eyJH0-Z.HX4w-7v');
      assert.deepEqual(proof.payload, payload);
    });
  }
});

test('every proof has a fresh jti and the current iat; ath and nonce only when given', () => {
  const dpopKey = createDpopKey(key('P-256'));
  let now = 1_700_000_000_000;
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const proof = createDpopProof(dpopKey, { method: 'GET', url: 'https://rs.example.com/r', now: () => now });
    assert.ok(!seen.has(proof.payload.jti), 'jti repeated');
    seen.add(proof.payload.jti);
    assert.equal(proof.payload.iat, Math.floor(now / 1000));
    assert.deepEqual(Object.keys(proof.payload).sort(), ['htm', 'htu', 'iat', 'jti']);
    now += 1500;
  }
  const first = createDpopProof(dpopKey, { method: 'GET', url: 'https://rs.example.com/r' });
  assert.ok(Math.abs(first.payload.iat - Date.now() / 1000) < 5, 'iat defaults to the real clock');
});

describe('htu: the target URI without query and fragment (RFC 9449 §4.2, §4.3)', () => {
  const cases: [string, string][] = [
    ['https://rs.example.com/path', 'https://rs.example.com/path'],
    ['https://rs.example.com', 'https://rs.example.com/'],
    ['https://rs.example.com/a/b?c=d&e=f', 'https://rs.example.com/a/b'],
    ['https://rs.example.com/a#frag', 'https://rs.example.com/a'],
    ['https://rs.example.com/a?#', 'https://rs.example.com/a'],
    ['HTTPS://RS.Example.COM/Path', 'https://rs.example.com/Path'],
    ['https://rs.example.com:443/x', 'https://rs.example.com/x'],
    ['http://127.0.0.1:80/x', 'http://127.0.0.1/x'],
    ['https://rs.example.com:8443/x', 'https://rs.example.com:8443/x'],
    ['https://rs.example.com/a/./b/../c', 'https://rs.example.com/a/c'],
    ['https://rs.example.com/sp ace', 'https://rs.example.com/sp%20ace'],
    ['  https://rs.example.com/x  ', 'https://rs.example.com/x'],
    ['https://[::1]:8080/x?y', 'https://[::1]:8080/x'],
    ['https://bücher.example/x', 'https://xn--bcher-kva.example/x'],
  ];
  for (const [input, expected] of cases) {
    test(`${input} -> ${expected}`, () => assert.equal(dpopHtu(input), expected));
  }
  const refused: [string, RegExp][] = [
    ['/relative/path', /not an absolute URL/],
    ['rs.example.com/x', /not an absolute URL/],
    ['ftp://rs.example.com/x', /must be an http\(s\) URL/],
    ['javascript:alert(1)', /must be an http\(s\) URL/],
    ['https://user:secret@rs.example.com/x', /user:password@/],
    ['', /not an absolute URL/],
  ];
  for (const [input, message] of refused) {
    test(`refuses ${JSON.stringify(input)}`, () => {
      assert.throws(
        () => dpopHtu(input),
        (e: unknown) => e instanceof ConfigError && e.code === 'invalid_url' && message.test(e.message),
      );
    });
  }
  test('the error never repeats a URL (its query may hold a secret)', () => {
    assert.throws(
      () => dpopHtu('https://user:s3cr3t-value@rs.example.com/x?api_key=s3cr3t-value'),
      (e: unknown) => e instanceof ConfigError && !e.message.includes('s3cr3t') && !String(e.hint).includes('s3cr3t'),
    );
  });
});

describe('htm: an RFC 9110 method token, upper case', () => {
  for (const [input, expected] of [
    ['GET', 'GET'],
    ['post', 'POST'],
    [' Patch ', 'PATCH'],
    ['PROPFIND', 'PROPFIND'],
  ]) {
    test(`${JSON.stringify(input)} -> ${expected}`, () => assert.equal(dpopHtm(input as string), expected));
  }
  for (const bad of ['', 'GE T', 'GET\r\nX-Injected: 1', 'GET/', 'x'.repeat(33), 'DÉLETE']) {
    test(`refuses ${JSON.stringify(bad.slice(0, 20))}`, () => {
      assert.throws(
        () => dpopHtm(bad),
        (e: unknown) => e instanceof ConfigError && e.code === 'dpop_invalid_method',
      );
    });
  }
});

describe('ath: base64url SHA-256 of the access token (RFC 9449 §4.2)', () => {
  for (const token of ['abc', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', 'a+b/c==', 'Kz~8m.X-_']) {
    test(token, () => {
      assert.equal(accessTokenHash(token), createHash('sha256').update(token, 'ascii').digest('base64url'));
      assert.doesNotMatch(accessTokenHash(token), /[+/=]/);
    });
  }
  for (const bad of ['', 'Bearer abc', 'DPoP abc', 'a b', 'abc\n', 'tökén', '=abc', 'a=b']) {
    test(`refuses ${JSON.stringify(bad)} without repeating it`, () => {
      assert.throws(
        () => accessTokenHash(bad),
        (e: unknown) =>
          e instanceof ConfigError &&
          e.code === 'dpop_invalid_access_token' &&
          (bad.length < 3 || !e.message.includes(bad)),
      );
    });
  }
});

describe('nonce: RFC 9449 §8.1 NQCHAR', () => {
  for (const good of [
    'abc',
    'eyJ7S_zG.eyJH0-Z.HX4w-7v',
    '!#$%&()*+,-./:;<=>?@[]^_`{|}~',
    'x'.repeat(MAX_NONCE_LENGTH),
  ]) {
    test(`takes ${good.slice(0, 30)}`, () => assert.equal(checkDpopNonce(good), good));
  }
  for (const bad of ['', 'a"b', 'a\\b', 'a b', 'é', 'a\nb', 'x'.repeat(MAX_NONCE_LENGTH + 1)]) {
    test(`refuses ${JSON.stringify(bad.slice(0, 10))}`, () => {
      assert.throws(
        () => checkDpopNonce(bad),
        (e: unknown) => e instanceof ConfigError && e.code === 'dpop_invalid_nonce',
      );
      const dpopKey = createDpopKey(key('P-256'));
      assert.throws(() => createDpopProof(dpopKey, { method: 'GET', url: 'https://x.example/', nonce: bad }));
    });
  }
});

describe('the algorithm allow-list', () => {
  for (const alg of DPOP_SIGNING_ALGS) {
    test(`takes ${alg} in any case`, () => {
      assert.equal(parseDpopAlg(alg), alg);
      assert.equal(parseDpopAlg(alg.toLowerCase()), alg);
    });
  }
  for (const [text, message] of [
    ['RS256', /not offered for DPoP proofs/],
    ['RS384', /not offered for DPoP proofs/],
    ['rs512', /not offered for DPoP proofs/],
    ['ES256K', /ES256K \(secp256k1\) is not supported/],
    ['none', /unsigned/],
    ['HS256', /shared secret/],
    ['ES257', /not supported/],
  ] as const) {
    test(`refuses ${text}`, () => {
      assert.throws(
        () => parseDpopAlg(text),
        (e: unknown) => e instanceof ConfigError && e.code === 'unsupported_alg' && message.test(e.message),
      );
    });
  }
  test('the default alg follows the key: ES256 for P-256, PS256 for RSA', () => {
    const expected: Record<string, DpopAlg> = {
      'P-256': 'ES256',
      'P-384': 'ES384',
      'P-521': 'ES512',
      rsa: 'PS256',
      ed25519: 'EdDSA',
    };
    for (const [name, alg] of Object.entries(expected)) {
      assert.equal(defaultDpopAlg(key(name)), alg, name);
      assert.equal(createDpopKey(key(name)).alg, alg, name);
    }
  });
});

describe('keys a proof cannot be signed with', () => {
  const cases: { name: string; make: () => KeyObject; alg?: DpopAlg; code: string }[] = [
    {
      name: 'a public key',
      make: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey,
      code: 'key_is_public',
    },
    { name: 'EC P-256 with PS256', make: () => key('P-256'), alg: 'PS256', code: 'key_alg_mismatch' },
    { name: 'EC P-384 with ES256', make: () => key('P-384'), alg: 'ES256', code: 'key_alg_mismatch' },
    { name: 'RSA with ES256', make: () => key('rsa'), alg: 'ES256', code: 'key_alg_mismatch' },
    {
      name: 'RSA 1024',
      make: () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey,
      code: 'key_too_small',
    },
    {
      name: 'secp256k1 (ES256K)',
      make: () => generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey,
      code: 'key_unsupported',
    },
    { name: 'X25519', make: () => generateKeyPairSync('x25519').privateKey, code: 'key_unsupported' },
    { name: 'RS256 forced', make: () => key('rsa'), alg: 'RS256' as DpopAlg, code: 'unsupported_alg' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.throws(
        () => createDpopKey(c.make(), c.alg),
        (e: unknown) => (e instanceof KeyError || e instanceof ConfigError) && e.code === c.code,
      );
    });
  }
});

test('the header never carries a private member, whatever the key type', () => {
  for (const name of ['rsa', 'P-256', 'P-521', 'ed25519']) {
    const proof = createDpopProof(createDpopKey(key(name)), { method: 'GET', url: 'https://x.example/' });
    const header = decodeProtectedHeader(proof.jwt);
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) {
      assert.ok(!(member in (header.jwk ?? {})), `${name} header jwk has ${member}`);
    }
    assert.deepEqual(header, proof.header);
  }
});
