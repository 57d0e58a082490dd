import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JwtError } from '../../../src/core/errors';
import {
  decodeBase64url,
  decodeJwt,
  decodeToken,
  formatDuration,
  formatRelative,
  looksLikeJwt,
  MAX_TOKEN_CHARS,
  timeClaims,
} from '../../../src/core/jwt';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const jwt = (header: unknown, payload: unknown, sig = 'c2ln') => `${b64(header)}.${b64(payload)}.${sig}`;
const GOOD = jwt({ alg: 'RS256', kid: 'k1' }, { sub: 'svc', exp: 1_900_000_000, name: 'Zoë ✓' });

describe('decodeBase64url is strict', () => {
  const rows: [string, string | undefined][] = [
    ['', ''],
    ['Zm9v', 'foo'],
    ['Zg', 'f'],
    ['Zm8', 'fo'],
    ['_-8', '\u00ff\u00ef'],
    ['Zm9v=', undefined],
    ['Zg==', undefined],
    ['Zm9v ', undefined],
    [' Zm9v', undefined],
    ['Zm\n9v', undefined],
    ['Zm+v', undefined],
    ['Zm/v', undefined],
    ['Zm9?', undefined],
    ['Z', undefined],
    ['Zh', undefined],
    ['AB', undefined],
  ];
  for (const [input, expected] of rows) {
    test(`${JSON.stringify(input)} -> ${expected === undefined ? 'refused' : JSON.stringify(expected)}`, () => {
      const out = decodeBase64url(input);
      if (expected === undefined) assert.equal(out, undefined);
      else assert.equal(out?.toString('latin1'), expected);
    });
  }
});

describe('decodeJwt', () => {
  test('decodes header, payload and keeps the signature as given', () => {
    const d = decodeJwt(GOOD);
    assert.equal(d.kind, 'jwt');
    assert.deepEqual(d.header, { alg: 'RS256', kid: 'k1' });
    assert.deepEqual(d.payload, { sub: 'svc', exp: 1_900_000_000, name: 'Zoë ✓' });
    assert.equal(d.signature, 'c2ln');
  });
  test('accepts surrounding whitespace and a Bearer prefix', () => {
    assert.deepEqual(decodeJwt(`  Bearer ${GOOD}\n`).payload, decodeJwt(GOOD).payload);
    assert.deepEqual(decodeJwt(`bearer\t${GOOD}`).header, decodeJwt(GOOD).header);
  });
  test('decodes an unsigned token (alg none, empty signature) without judging it', () => {
    assert.equal(decodeJwt(jwt({ alg: 'none' }, { a: 1 }, '')).signature, '');
  });
  test('a "__proto__" claim stays a plain own property', () => {
    const d = decodeJwt(`${b64({ alg: 'ES256' })}.${b64('{"__proto__":{"polluted":true},"a":1}')}.c2ln`);
    assert.ok(Object.hasOwn(d.payload, '__proto__'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
  test('a 1 MB claim decodes (the claims view must show it)', () => {
    const d = decodeJwt(jwt({ alg: 'RS256' }, { big: 'x'.repeat(1_000_000) }));
    assert.equal((d.payload.big as string).length, 1_000_000);
  });
  test('deep nesting fails cleanly or decodes, never crashes', () => {
    const depth = 200_000;
    const token = `${b64({ alg: 'RS256' })}.${b64(`{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`)}.c2ln`;
    assert.ok(token.length < MAX_TOKEN_CHARS);
    try {
      assert.ok(Array.isArray(decodeJwt(token).payload.a));
    } catch (e) {
      assert.ok(e instanceof JwtError && e.code === 'jwt_malformed');
    }
  });

  const invalidUtf8 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0x7d]).toString('base64url');
  const refused: [string, string, string, RegExp][] = [
    ['empty', '', 'jwt_malformed', /3 dot-separated parts, found 1/],
    ['one part', 'abc', 'jwt_malformed', /found 1/],
    ['two parts', 'a.b', 'jwt_malformed', /found 2/],
    ['four parts', `${GOOD}.x`, 'jwt_malformed', /found 4/],
    ['five parts (JWE)', 'eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d', 'jwt_encrypted', /encrypted/],
    ['header not base64url', `e#J.${b64({})}.c2ln`, 'jwt_malformed', /header/],
    ['header padded', `${b64({ alg: 'RS256' })}=.${b64({})}.c2ln`, 'jwt_malformed', /header/],
    ['header not JSON', `${b64('not json')}.${b64({})}.c2ln`, 'jwt_malformed', /header/],
    ['header a JSON array', jwt(['alg'], {}), 'jwt_malformed', /header/],
    ['header JSON null', jwt(null, {}), 'jwt_malformed', /header/],
    ['header a JSON string', jwt('"RS256"', {}), 'jwt_malformed', /header/],
    ['header not UTF-8', `${invalidUtf8}.${b64({})}.c2ln`, 'jwt_malformed', /header/],
    ['header without alg', jwt({ typ: 'JWT' }, {}), 'jwt_malformed', /alg/],
    ['alg not a string', jwt({ alg: 256 }, {}), 'jwt_malformed', /alg/],
    ['payload not JSON', `${b64({ alg: 'RS256' })}.${b64('foo')}.c2ln`, 'jwt_malformed', /payload/],
    ['payload empty', `${b64({ alg: 'RS256' })}..c2ln`, 'jwt_malformed', /payload/],
    ['payload a JSON array', jwt({ alg: 'RS256' }, [1, 2]), 'jwt_malformed', /payload/],
    ['signature with standard base64 characters', jwt({ alg: 'RS256' }, {}, 'ab+/'), 'jwt_malformed', /signature/],
    ['signature padded', jwt({ alg: 'RS256' }, {}, 'c2ln='), 'jwt_malformed', /signature/],
  ];
  for (const [name, token, code, says] of refused) {
    test(`refuses ${name} (${code})`, () => {
      assert.throws(
        () => decodeJwt(token),
        (e: unknown) =>
          e instanceof JwtError && e.code === code && says.test(e.message) && !e.message.includes(token || '\0'),
      );
    });
  }
  test(`refuses text over ${MAX_TOKEN_CHARS} characters before decoding`, () => {
    assert.throws(() => decodeJwt(`${GOOD}${'A'.repeat(MAX_TOKEN_CHARS)}`), { code: 'jwt_too_large' });
  });
  test('refuses a non-string', () => {
    assert.throws(() => decodeJwt(42 as unknown as string), { code: 'jwt_malformed' });
  });
});

describe('looksLikeJwt', () => {
  const rows: [string, string, boolean][] = [
    ['a JWT', GOOD, true],
    ['a JWT with a Bearer prefix', `Bearer ${GOOD}`, true],
    ['an opaque token', 'SlAV32hkKG2mAaB3hJf8eL0', false],
    ['three parts without a JOSE header', 'a.b.c', false],
    ['a header without alg', jwt({ typ: 'JWT' }, {}), false],
    ['a JWE', 'eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d', false],
    ['a dotted host name', 'login.example.com', false],
    ['empty', '', false],
  ];
  for (const [name, text, expected] of rows)
    test(`${name}: ${expected}`, () => assert.equal(looksLikeJwt(text), expected));
  test('non-strings and huge text are not JWTs', () => {
    assert.equal(looksLikeJwt(undefined as unknown as string), false);
    assert.equal(looksLikeJwt(`${GOOD}${'A'.repeat(MAX_TOKEN_CHARS)}`), false);
  });
});

describe('decodeToken never throws', () => {
  test('a JWT decodes', () => assert.equal(decodeToken(GOOD).kind, 'jwt'));
  test('an opaque token is opaque with its length', () => {
    assert.deepEqual(decodeToken('2YotnFZFEjr1zCsicMWpAA'), { kind: 'opaque', length: 22 });
  });
  test('a JWE is opaque and marked encrypted', () => {
    const jwe = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`;
    assert.deepEqual(decodeToken(jwe), {
      kind: 'opaque',
      length: jwe.length,
      encrypted: true,
      note: 'encrypted JWT (JWE)',
    });
  });
  test('a JWS with a non-JSON payload is opaque with the reason', () => {
    const d = decodeToken(`${b64({ alg: 'RS256' })}.${b64('hello')}.c2ln`);
    assert.equal(d.kind, 'opaque');
    assert.match(d.kind === 'opaque' ? (d.note ?? '') : '', /payload/);
  });
  test('huge, empty and non-string input are opaque', () => {
    assert.equal(decodeToken('x'.repeat(MAX_TOKEN_CHARS + 1)).kind, 'opaque');
    assert.deepEqual(decodeToken(''), { kind: 'opaque', length: 0 });
    assert.deepEqual(decodeToken(null as unknown as string), { kind: 'opaque', length: 0 });
  });
});

describe('timeClaims', () => {
  const NOW = 1_800_000_000_000;
  test('reads seconds and milliseconds, in the order exp, iat, nbf, auth_time', () => {
    const claims = timeClaims(
      { auth_time: 1_799_999_000, nbf: 1_799_999_990, iat: 1_799_999_990, exp: NOW + 581_000, sub: 'x' },
      NOW,
    );
    assert.deepEqual(
      claims.map((c) => [c.name, c.unit, c.date.getTime(), c.relative]),
      [
        ['exp', 'milliseconds', NOW + 581_000, 'in 9m 41s'],
        ['iat', 'seconds', 1_799_999_990_000, '10s ago'],
        ['nbf', 'seconds', 1_799_999_990_000, '10s ago'],
        ['auth_time', 'seconds', 1_799_999_000_000, '16m 40s ago'],
      ],
    );
    assert.equal(claims[0]?.raw, NOW + 581_000);
  });
  test('the unit boundary is 1e11: 1e11 is seconds, above is milliseconds', () => {
    assert.equal(timeClaims({ exp: 1e11 }, NOW)[0]?.unit, 'seconds');
    assert.equal(timeClaims({ exp: 1e11 + 1 }, NOW)[0]?.unit, 'milliseconds');
  });
  test('skips values that are not finite numbers or not representable as dates', () => {
    assert.deepEqual(
      timeClaims({ exp: '1800000000', iat: Number.NaN, nbf: Number.POSITIVE_INFINITY, auth_time: 1e20 }, NOW),
      [],
    );
    assert.deepEqual(timeClaims({ exp: null, iat: true, nbf: {}, auth_time: [] }, NOW), []);
  });
  test('accepts zero and negative NumericDates (before 1970)', () => {
    assert.deepEqual(
      timeClaims({ exp: 0, iat: -86400 }, 0).map((c) => [c.name, c.date.toISOString(), c.relative]),
      [
        ['exp', '1970-01-01T00:00:00.000Z', 'now'],
        ['iat', '1969-12-31T00:00:00.000Z', '1d ago'],
      ],
    );
  });
});

describe('formatDuration (status bar countdown)', () => {
  const S = 1000;
  const rows: [number, string][] = [
    [0, '0:00'],
    [-0, '0:00'],
    [1, '0:01'],
    [999, '0:01'],
    [S, '0:01'],
    [S + 1, '0:02'],
    [59 * S, '0:59'],
    [60 * S, '1:00'],
    [581 * S, '9:41'],
    [3599 * S, '59:59'],
    [3600 * S, '1:00:00'],
    [3723 * S, '1:02:03'],
    [86_399 * S, '23:59:59'],
    [86_400 * S, '1d 0:00:00'],
    [(2 * 86_400 + 3 * 3600 + 4 * 60 + 5) * S, '2d 3:04:05'],
    [-1, '0:00'],
    [-999, '0:00'],
    [-S, '-0:01'],
    [-1500, '-0:01'],
    [-61 * S, '-1:01'],
    [-3723 * S, '-1:02:03'],
    [8.64e15, '100000000d 0:00:00'],
    [8.64e15 + 1, '--:--'],
    [-8.64e15 - 1, '--:--'],
    [Number.MAX_VALUE, '--:--'],
    [Number.NaN, '--:--'],
    [Number.POSITIVE_INFINITY, '--:--'],
    [Number.NEGATIVE_INFINITY, '--:--'],
  ];
  for (const [ms, expected] of rows) test(`${ms} ms -> ${expected}`, () => assert.equal(formatDuration(ms), expected));
});

describe('formatRelative', () => {
  const NOW = 1_800_000_000_000;
  const S = 1000;
  const rows: [number, string][] = [
    [0, 'now'],
    [1, 'in 1s'],
    [-1, 'now'],
    [-999, 'now'],
    [-S, '1s ago'],
    [-1500, '1s ago'],
    [45 * S, 'in 45s'],
    [180 * S, 'in 3m'],
    [-180 * S, '3m ago'],
    [581 * S, 'in 9m 41s'],
    [3600 * S, 'in 1h'],
    [-(2 * 3600 + 3 * 60) * S, '2h 3m ago'],
    [-(2 * 3600 + 3 * 60 + 59) * S, '2h 3m ago'],
    [(4 * 86_400 + 2 * 3600 + 5 * 60) * S, 'in 4d 2h'],
    [(4 * 86_400 + 5 * 60) * S, 'in 4d'],
    [-365 * 86_400 * S, '365d ago'],
  ];
  for (const [diff, expected] of rows) {
    test(`${diff} ms from now -> ${expected}`, () => assert.equal(formatRelative(NOW + diff, NOW), expected));
  }
  test('non-finite or absurd input is "unknown"', () => {
    assert.equal(formatRelative(Number.NaN, NOW), 'unknown');
    assert.equal(formatRelative(NOW, Number.POSITIVE_INFINITY), 'unknown');
    assert.equal(formatRelative(Number.MAX_VALUE, 0), 'unknown');
  });
  test('agrees with formatDuration at every second boundary', () => {
    // Same rounding: where the countdown shows 0:00 the relative text says "now".
    for (const diff of [-2001, -1000, -1, 0, 1, 999, 1000, 1001]) {
      assert.equal(formatDuration(diff) === '0:00', formatRelative(NOW + diff, NOW) === 'now', `at ${diff}`);
    }
  });
});
