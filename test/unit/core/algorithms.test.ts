import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  curveOf,
  digestLength,
  digestOf,
  isSigningAlg,
  parseSigningAlg,
  SIGNING_ALGS,
  type SigningAlg,
} from '../../../src/core/algorithms';
import { ConfigError } from '../../../src/core/errors';

describe('isSigningAlg', () => {
  for (const alg of SIGNING_ALGS) test(`accepts ${alg}`, () => assert.equal(isSigningAlg(alg), true));
  for (const x of ['none', 'HS256', 'ps256', 'ES256K', 'Ed25519', 'RSA-OAEP', '', ' PS256', 42, null, undefined, {}]) {
    test(`refuses ${JSON.stringify(x) ?? String(x)}`, () => assert.equal(isSigningAlg(x), false));
  }
});

describe('parseSigningAlg', () => {
  const accepted: [string, SigningAlg][] = [
    ['PS256', 'PS256'],
    ['ps256', 'PS256'],
    [' rs512 ', 'RS512'],
    ['es384', 'ES384'],
    ['EDDSA', 'EdDSA'],
    ['eddsa', 'EdDSA'],
  ];
  for (const [input, alg] of accepted)
    test(`reads ${JSON.stringify(input)} as ${alg}`, () => assert.equal(parseSigningAlg(input), alg));

  const refused: [string, RegExp][] = [
    ['none', /unsigned/],
    ['NONE', /unsigned/],
    ['HS256', /shared secret/],
    ['hs512', /HS512.*shared secret/],
    ['ES256K', /not supported/],
    ['Ed25519', /not supported/],
    ['', /not supported/],
  ];
  for (const [input, says] of refused) {
    test(`refuses ${JSON.stringify(input)} with a reason and the allowed list`, () => {
      assert.throws(
        () => parseSigningAlg(input),
        (e: unknown) =>
          e instanceof ConfigError &&
          e.code === 'unsupported_alg' &&
          says.test(e.message) &&
          (e.hint ?? '').includes('PS256') &&
          (e.hint ?? '').includes('EdDSA'),
      );
    });
  }
  test('a long input is shortened in the message', () => {
    assert.throws(
      () => parseSigningAlg('X'.repeat(500)),
      (e: unknown) => e instanceof ConfigError && e.message.length < 80,
    );
  });
});

describe('algorithm parameters', () => {
  const rows: [SigningAlg, string | undefined, number][] = [
    ['RS256', 'sha256', 32],
    ['RS384', 'sha384', 48],
    ['RS512', 'sha512', 64],
    ['PS256', 'sha256', 32],
    ['PS384', 'sha384', 48],
    ['PS512', 'sha512', 64],
    ['ES256', 'sha256', 32],
    ['ES384', 'sha384', 48],
    ['ES512', 'sha512', 64],
    ['EdDSA', undefined, 64],
  ];
  for (const [alg, digest, len] of rows) {
    test(`${alg}: digest ${digest ?? '(none)'}, ${len} bytes`, () => {
      assert.equal(digestOf(alg), digest);
      assert.equal(digestLength(alg), len);
    });
  }
  test('every alg has a row', () =>
    assert.deepEqual(
      rows.map((r) => r[0]),
      [...SIGNING_ALGS],
    ));
  test('ES curves follow RFC 7518 §3.4 (ES512 is P-521)', () => {
    assert.equal(curveOf('ES256'), 'P-256');
    assert.equal(curveOf('ES384'), 'P-384');
    assert.equal(curveOf('ES512'), 'P-521');
  });
});
