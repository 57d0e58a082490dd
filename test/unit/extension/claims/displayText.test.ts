import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  displayJson,
  displayString,
  displayValue,
  escapeInvisible,
  utf8Length,
  VALUE_LIMITS,
} from '../../../../src/extension/claims/displayText';
import { nested, RLO } from '../../../support/jwtSamples';

describe('escapeInvisible', () => {
  const cases: [string, string, string, number][] = [
    ['plain text stays', 'hello', 'hello', 0],
    ['right-to-left override', `invoice${RLO}fdp.exe`, 'invoice\\u202Efdp.exe', 1],
    ['bidi isolates and marks', '\u2066a\u2069\u200F', '\\u2066a\\u2069\\u200F', 3],
    ['Arabic letter mark', 'a\u061Cb', 'a\\u061Cb', 1],
    ['zero-width space and joiner', 'a\u200Bb\u200Dc', 'a\\u200Bb\\u200Dc', 2],
    ['BOM', '\uFEFFx', '\\uFEFFx', 1],
    ['C0 controls, newline and tab', 'a\nb\tc\u0000', 'a\\u000Ab\\u0009c\\u0000', 3],
    ['C1 control', 'a\u0085b', 'a\\u0085b', 1],
    ['line separator', 'a\u2028b', 'a\\u2028b', 1],
    ['Unicode tag characters (hidden text)', 'ok\u{E0041}\u{E0042}', 'ok\\u{E0041}\\u{E0042}', 2],
    ['lone surrogate', 'a\uD800b', 'a\\uD800b', 1],
    ['emoji and accents are kept', 'café 🔑', 'café 🔑', 0],
  ];
  for (const [name, input, expected, count] of cases) {
    test(name, () => assert.deepEqual(escapeInvisible(input), { text: expected, escaped: count }));
  }

  test('keepNewlines leaves \\n for pretty JSON but still escapes the rest', () => {
    assert.deepEqual(escapeInvisible(`a\nb${RLO}`, true), { text: 'a\nb\\u202E', escaped: 1 });
  });
});

describe('displayString', () => {
  test('a 1 MB claim is cut for display and notes its size', () => {
    const big = 'A'.repeat(1_000_000);
    const shown = displayString(big);
    assert.equal(shown.text.length, VALUE_LIMITS.maxChars);
    assert.equal(shown.truncatedBytes, 1_000_000);
  });

  test('the size note counts UTF-8 bytes', () => {
    const big = 'é'.repeat(10_000);
    assert.equal(displayString(big).truncatedBytes, 20_000);
  });

  test('a cut never splits a surrogate pair', () => {
    const text = `${'a'.repeat(VALUE_LIMITS.maxChars - 1)}🔑🔑`;
    const shown = displayString(text);
    assert.equal(shown.text, 'a'.repeat(VALUE_LIMITS.maxChars - 1));
    assert.equal(shown.escaped, 0);
  });

  test('short values carry no truncation note', () => {
    assert.deepEqual(displayString('x'), { text: 'x', escaped: 0 });
  });

  test('utf8Length agrees with Buffer.byteLength', () => {
    for (const s of ['', 'abc', 'é', '€', '🔑', 'a\uD800', '\uDC00x', 'mixé€🔑']) {
      assert.equal(utf8Length(s), Buffer.byteLength(s, 'utf8'), JSON.stringify(s));
    }
  });
});

describe('displayJson and displayValue', () => {
  test('deep nesting is capped at maxDepth and says how much was left out', () => {
    const shown = displayJson(nested(10_000));
    const openings = (shown.text.match(/\[\n/g) ?? []).length;
    assert.equal(openings, VALUE_LIMITS.maxDepth);
    assert.match(shown.text, /\[… 1 items\]/);
  });

  test('a huge array stops at the output budget with a size note', () => {
    const shown = displayJson(Array.from({ length: 100_000 }, (_, i) => `item-${i}`));
    assert.ok(shown.text.length <= VALUE_LIMITS.maxChars);
    assert.ok((shown.truncatedBytes ?? 0) > 1_000_000);
  });

  test('strings inside JSON have bidi characters escaped too', () => {
    const shown = displayJson({ note: `a${RLO}b`, deeper: { x: [1, 2] } });
    assert.match(shown.text, /"a\\u202Eb"/);
    assert.equal(shown.escaped, 1);
    assert.ok(shown.text.includes('\n'));
  });

  const kinds: [string, unknown, string, boolean, string | RegExp][] = [
    ['string', 'abc', 'string', false, 'abc'],
    ['number', 1732700000, 'number', false, '1732700000'],
    ['boolean', true, 'boolean', false, 'true'],
    ['null', null, 'null', false, 'null'],
    [
      'short audience list on one line',
      ['https://a.example', 'https://b.example'],
      'array',
      false,
      '["https://a.example", "https://b.example"]',
    ],
    ['object with nesting is multiline', { a: { b: 1 } }, 'object', true, /\{\n {2}"a": \{\n/],
    ['empty array', [], 'array', false, '[]'],
  ];
  for (const [name, value, kind, multiline, text] of kinds) {
    test(`displayValue: ${name}`, () => {
      const shown = displayValue(value);
      assert.equal(shown.kind, kind);
      assert.equal(shown.multiline, multiline);
      if (typeof text === 'string') assert.equal(shown.value.text, text);
      else assert.match(shown.value.text, text);
    });
  }
});
