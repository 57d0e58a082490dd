/**
 * Every case of Wycheproof's json_web_signature_test.json (C2SP/wycheproof, Apache-2.0; kept in
 * test/fixtures/wycheproof with its LICENSE) through verifyJwt. A missing file fails the test; it never skips.
 *
 * Decisions, and the cases they touch:
 * - HMAC is never accepted (private_key_jwt is asymmetric only): every HS256 token is `unsupported` before any key
 *   is looked at, so the Wycheproof "valid" HS256 cases 1, 348, 352, 357, 358, 359, 376, 377 end as `unsupported`.
 *   Cases 367 and 370 ("invalidBase64Padding") are byte-for-byte the valid case 357 (the padding was lost when the
 *   vectors were generated), so no decoder can tell them apart; they are `unsupported` like every HS256 token.
 * - A JWK `alg` member is honoured (RFC 7517 §4.4, jose's JWKS matching): the key is used for that alg only. Cases
 *   346 and 350 carry a JWK with alg PS256 for a PS384 token, and 347 and 351 a JWK with alg "ES521" (not a registered
 *   alg; ES512 was meant) for an ES512 token; all four end as `no_key`. The test also proves their signatures are
 *   sound by verifying them with the `alg` member removed.
 * - Base64url is strict: no padding, whitespace or characters outside the alphabet, and canonical (unused bits zero).
 *   Cases 372 and 373 insert a "?" that lenient decoders skip and are marked valid; here they are `invalid`.
 *   Cases 374 and 375 (non-zero unused bits) are also refused by the strict decoder.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { decodeBase64url } from '../../../src/core/jwt';
import { type VerifyStatus, verifyJwt } from '../../../src/core/verify';

const VECTORS = resolve(__dirname, '..', '..', 'fixtures', 'wycheproof', 'json_web_signature_test.json');

interface Case {
  tcId: number;
  comment: string;
  jws: string;
  result: 'valid' | 'invalid' | 'acceptable';
  flags?: string[];
}
interface Group {
  comment: string;
  public?: Record<string, unknown>;
  private?: Record<string, unknown>;
  tests: Case[];
}
interface Vectors {
  numberOfTests: number;
  testGroups: Group[];
}

/** Wycheproof "valid" cases that do not end as `verified`, with the status they end with and why. */
const SPECIAL: Record<number, { status: VerifyStatus; why: string }> = {
  1: { status: 'unsupported', why: 'HS256 is never accepted' },
  348: { status: 'unsupported', why: 'HS256 is never accepted' },
  352: { status: 'unsupported', why: 'HS256 is never accepted' },
  357: { status: 'unsupported', why: 'HS256 is never accepted' },
  358: { status: 'unsupported', why: 'HS256 is never accepted' },
  359: { status: 'unsupported', why: 'HS256 is never accepted' },
  376: { status: 'unsupported', why: 'HS256 is never accepted' },
  377: { status: 'unsupported', why: 'HS256 is never accepted' },
  346: { status: 'no_key', why: 'JWK alg PS256, token PS384' },
  350: { status: 'no_key', why: 'JWK alg PS256, token PS384' },
  347: { status: 'no_key', why: 'JWK alg "ES521", token ES512' },
  351: { status: 'no_key', why: 'JWK alg "ES521", token ES512' },
  372: { status: 'invalid', why: '"?" in the header is not base64url' },
  373: { status: 'invalid', why: '"?" in the payload is not base64url' },
};

/** Base64 group cases whose three segments are all strict, canonical base64url. */
const STRICT_BASE64_OK = new Set([357, 358, 359, 367, 370, 376, 377]);

function load(): Vectors {
  // Throws (and so fails the test) when the fixture is missing.
  return JSON.parse(readFileSync(VECTORS, 'utf8')) as Vectors;
}

function jwksOf(group: Group): { keys: unknown[] } {
  // HS256 groups have only a symmetric `private` key; passing it shows HMAC is refused even with the secret at hand.
  return { keys: [group.public ?? group.private] };
}

describe('Wycheproof JSON Web Signature vectors', () => {
  test('every case: no invalid token verifies, every valid token verifies unless listed with a reason', async () => {
    const vectors = load();
    const counts: Record<string, number> = {};
    let total = 0;
    for (const group of vectors.testGroups) {
      for (const c of group.tests) {
        total++;
        const r = await verifyJwt(c.jws, jwksOf(group));
        const key = `${c.result}:${r.status}`;
        counts[key] = (counts[key] ?? 0) + 1;
        const where = `tcId ${c.tcId} (${group.comment}/${c.comment})`;
        if (c.result === 'invalid') {
          assert.notEqual(r.status, 'verified', `${where} must not verify`);
        } else if (SPECIAL[c.tcId]) {
          assert.equal(r.status, SPECIAL[c.tcId]?.status, `${where}: ${SPECIAL[c.tcId]?.why}`);
        } else {
          assert.equal(r.status, 'verified', `${where} should verify: ${r.reason}`);
        }
        if (c.flags?.includes('AlgIsNone')) assert.equal(r.status, 'alg_none', where);
        if (/^eyJhbGciOiJIUzI1Ni/.test(c.jws) && r.status !== 'invalid' && r.status !== 'opaque') {
          assert.equal(r.status, 'unsupported', `${where}: HS256 is refused`);
        }
      }
    }
    assert.equal(total, vectors.numberOfTests);
    assert.equal(total, 401);
    assert.deepEqual(counts, {
      'valid:verified': 32,
      'valid:unsupported': 8,
      'valid:no_key': 4,
      'valid:invalid': 2,
      'invalid:invalid': 321,
      'invalid:no_key': 11,
      'invalid:opaque': 10,
      'invalid:unsupported': 8,
      'invalid:alg_none': 5,
    });
  });

  test('keys marked for encryption (use enc, key_ops without verify) are never used to verify', async () => {
    const groups = load().testGroups.filter((g) => /encryption/.test(g.comment));
    assert.equal(groups.length, 4);
    for (const g of groups) {
      for (const c of g.tests) assert.equal((await verifyJwt(c.jws, jwksOf(g))).status, 'no_key', `tcId ${c.tcId}`);
    }
  });

  test('the alg-mismatch cases carry sound signatures: they verify once the JWK alg member is dropped', async () => {
    const vectors = load();
    const ids = [346, 347, 350, 351];
    let checked = 0;
    for (const g of vectors.testGroups) {
      for (const c of g.tests.filter((t) => ids.includes(t.tcId))) {
        const { alg: _alg, ...withoutAlg } = g.public ?? {};
        assert.equal((await verifyJwt(c.jws, { keys: [withoutAlg] })).status, 'verified', `tcId ${c.tcId}`);
        checked++;
      }
    }
    assert.equal(checked, ids.length);
  });

  test('base64 group: the strict decoder accepts exactly the canonical spellings', () => {
    const group = load().testGroups.find((g) => g.comment === 'base64');
    assert.ok(group, 'base64 group present');
    assert.equal(group.tests.length, 21);
    for (const c of group.tests) {
      const parts = c.jws.split('.');
      const strict = parts.length === 3 && parts.every((p) => decodeBase64url(p) !== undefined);
      assert.equal(strict, STRICT_BASE64_OK.has(c.tcId), `tcId ${c.tcId} (${c.comment})`);
    }
  });
});
