import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findJwtAt, findJwtIn } from '../../../../src/extension/claims/jwtLocator';
import { segment, unsignedJwt } from '../../../support/jwtSamples';

const JWT = unsignedJwt({ sub: 'client-123', exp: 1_900_000_000 });
const JWE = `${segment({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.ZW5jcnlwdGVka2V5.aXY.Y2lwaGVydGV4dA.dGFn`;

describe('findJwtAt (the token under the cursor)', () => {
  const line = `Authorization: Bearer ${JWT} # comment`;
  const start = line.indexOf(JWT);
  const cases: [string, string, number, string | undefined][] = [
    ['cursor at the start', line, start, JWT],
    ['cursor in the payload', line, start + JWT.indexOf('.') + 3, JWT],
    ['cursor in the signature', line, start + JWT.length - 2, JWT],
    ['cursor on the first dot', line, start + JWT.indexOf('.'), JWT],
    ['cursor on the second dot', line, start + JWT.lastIndexOf('.'), JWT],
    [
      'cursor in a JWT between two others',
      `${JWT} ${unsignedJwt({ sub: 'b' })} ${JWT}`,
      JWT.length + 5,
      unsignedJwt({ sub: 'b' }),
    ],
    ['cursor just after the last character', line, start + JWT.length, JWT],
    ['cursor on "Bearer"', line, line.indexOf('Bearer') + 2, undefined],
    ['cursor on the comment', line, line.length - 2, undefined],
    ['inside JSON quotes', `{"access_token":"${JWT}"}`, 20, JWT],
    ['in a URL query', `https://x.example/cb?token=${JWT}&state=1`, 40, JWT],
    ['a dotted identifier is not a JWT', 'const x = foo.bar.baz;', 14, undefined],
    ['base64 segments that are not JSON', 'eyJub3Q.anNvbg.c2ln', 3, undefined],
    ['a JWE is not offered (its parts are not JSON)', JWE, 5, undefined],
    ['a JWT glued to a dotted prefix', `config.token.${JWT}`, 20, JWT],
    ['a JWT followed by more dotted text', `${JWT}.extra`, 5, JWT],
    ['empty line', '', 0, undefined],
  ];
  for (const [name, text, offset, expected] of cases) {
    test(name, () => {
      const found = findJwtAt(text, offset);
      assert.equal(found?.text, expected);
      if (found) assert.equal(text.slice(found.start, found.end), found.text);
    });
  }

  test('a hostile line of "eyJ" without dots or with thousands of dots is answered without decoding it all', () => {
    const noDots = 'eyJ'.repeat(400_000);
    assert.equal(findJwtAt(noDots, 600_000), undefined);
    const dots = 'eyJ.'.repeat(300_000);
    assert.equal(findJwtAt(dots, 600_000), undefined);
  });
});

describe('findJwtIn (a selection)', () => {
  const cases: [string, string, string | undefined][] = [
    ['the token alone', JWT, JWT],
    ['with surrounding whitespace', `\n  ${JWT}  \n`, JWT],
    ['a whole header line', `Authorization: Bearer ${JWT}`, JWT],
    ['the first of two', `${JWT} ${unsignedJwt({ sub: 'other' })}`, JWT],
    ['after noise that looks like tokens', `eyJx.eyJy.z a.b.c ${JWT}`, JWT],
    ['plain prose', 'no tokens here, just words.', undefined],
    ['a JWE', JWE, undefined],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.equal(findJwtIn(text)?.text, expected));
  }

  test('gives up after a bounded number of candidates', () => {
    const noise = Array.from({ length: 200 }, () => 'eyJub3Q.anNvbg.c2ln').join(' ');
    assert.equal(findJwtIn(`${noise} ${JWT}`), undefined);
  });
});
