import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bodyExcerpt, printableText } from '../../../src/core/printable';

/** True when `text` holds a C0 or C1 control character (what must never reach a terminal from a server). */
function hasControlCharacter(text: string): boolean {
  return [...text].some((ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
}

describe('printableText and bodyExcerpt', () => {
  const jwt =
    'eyJhbGciOiJQUzI1NiJ9.eyJpc3MiOiJjbGllbnQiLCJzdWIiOiJjbGllbnQiLCJhdWQiOiJodHRwczovL3gifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
  const cases: [string, string, (out: string) => boolean][] = [
    ['control characters become spaces', 'a\u0000b\u001b[31mc\r\nd', (o) => o === 'a b [31mc d'],
    ['bidi overrides removed', 'abc\u202Egnp.exe', (o) => o === 'abc gnp.exe'],
    ['C1 controls removed', 'x\u0085y\u009bz', (o) => o === 'x y z'],
    ['JWT redacted', `token=${jwt} end`, (o) => o === 'token=[redacted] end' && !o.includes('eyJ')],
    ['long opaque run redacted', `x ${'A'.repeat(60)} y`, (o) => o === 'x [redacted] y'],
    ['cut to max with ellipsis', 'word '.repeat(60), (o) => o.length === 121 && o.endsWith('…')],
    ['whitespace collapsed', '  a \t\t b  ', (o) => o === 'a b'],
  ];
  for (const [name, input, check] of cases) {
    test(name, () => {
      const out = printableText(input);
      assert.ok(check(out), `got ${JSON.stringify(out)}`);
      assert.equal(hasControlCharacter(out), false);
    });
  }

  test('bodyExcerpt quotes HTML so it stays text, on one line', () => {
    const html =
      '<html>\n<head><title>500 Internal Server Error</title></head>\n<body><script>alert("x")</script></body></html>';
    const out = bodyExcerpt(html);
    assert.ok(out.startsWith('"<html> <head><title>500 Internal Server Error'));
    assert.ok(out.includes('alert(\\"x\\")'), 'double quotes are escaped');
    assert.doesNotMatch(out, /\n|\r/);
    assert.ok(out.length <= 125);
  });
});
