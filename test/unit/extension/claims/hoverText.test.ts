import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeJwt } from '../../../../src/core/jwt';
import {
  DECODE_COMMAND,
  decodeCommandUri,
  escapeMarkdown,
  hoverLines,
  hoverMarkdown,
  parseTokenLocation,
} from '../../../../src/extension/claims/hoverText';
import { deeplyNestedJwt, JS_URL, RLO, SCRIPT_BREAKOUT, unsignedJwt } from '../../../support/jwtSamples';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const LOCATION = { uri: 'file:///work/notes%20(1).http', range: [3, 22, 3, 400] as [number, number, number, number] };

describe('hover text', () => {
  test('shows alg, iss, sub, aud and exp relative', () => {
    const token = unsignedJwt({ iss: 'https://issuer.example', sub: 'c1', aud: ['a', 'b'], exp: NOW / 1000 + 581 });
    const lines = hoverLines(decodeJwt(token), NOW);
    assert.deepEqual(
      lines.map((l) => l.label),
      ['alg', 'iss', 'sub', 'aud', 'exp'],
    );
    assert.match(
      lines.find((l) => l.label === 'exp')?.value ?? '',
      /^expires in 9m 41s \\\(2025\\-01\\-15T12\\:09\\:41\\\.000Z\\\)$/,
    );
    assert.equal(lines.find((l) => l.label === 'iss')?.value, 'https\\:\\/\\/issuer\\.example');
  });

  test('an audience nested beyond what JSON.stringify can handle still gives a hover', () => {
    const lines = hoverLines(decodeJwt(deeplyNestedJwt('aud', 20_000)), NOW);
    assert.equal(lines.find((l) => l.label === 'aud')?.value, '\\[…\\]');
  });

  test('an expired token says so', () => {
    const lines = hoverLines(decodeJwt(unsignedJwt({ exp: NOW / 1000 - 120 })), NOW);
    assert.match(lines.find((l) => l.label === 'exp')?.value ?? '', /^expired 2m ago/);
  });

  test('claim values cannot become links, HTML, emphasis or commands', () => {
    const hostile = unsignedJwt({
      iss: `[click](command:workbench.action.terminal.new) ${SCRIPT_BREAKOUT}`,
      sub: JS_URL,
      aud: `www.evil.example **bold** <https://evil.example> ${RLO}`,
    });
    const markdown = hoverMarkdown(decodeJwt(hostile), NOW, LOCATION);
    const body = markdown.slice(markdown.indexOf('\n\n'), markdown.lastIndexOf('[Open in Claims panel]'));
    // Every ASCII punctuation mark from a value is backslash-escaped, so no Markdown construct can start.
    assert.doesNotMatch(body.replace(/\\[!-/:-@[-`{-~]/g, ''), /[[\]()<>`]|https?:|javascript:|www\./);
    assert.ok(body.includes('\\u202E'), 'bidi override shown escaped');
    assert.equal(body.includes(RLO), false);
    const links = [...markdown.matchAll(/\]\((command:[^ )]+)/g)].map((m) => m[1]);
    assert.equal(links.length, 1, 'exactly one command link: ours');
    assert.ok(links[0]?.startsWith(`command:${DECODE_COMMAND}?`));
  });

  test('the command link carries the document and range, never the token', () => {
    const token = unsignedJwt({ sub: 'secret-bearer' });
    const markdown = hoverMarkdown(decodeJwt(token), NOW, LOCATION);
    for (const part of token.split('.')) assert.equal(markdown.includes(part), false);
    const uri = decodeCommandUri(LOCATION);
    assert.doesNotMatch(uri, /[()\s]/, 'parentheses and spaces encoded, so the Markdown link cannot end early');
    const args = JSON.parse(decodeURIComponent(uri.slice(uri.indexOf('?') + 1))) as unknown[];
    assert.deepEqual(args, [LOCATION]);
    assert.deepEqual(parseTokenLocation(args[0]), LOCATION);
  });

  const locations: [string, unknown, boolean][] = [
    ['valid', { uri: 'file:///a', range: [0, 0, 0, 10] }, true],
    ['a vscode.Uri from a context menu', { scheme: 'file', path: '/a' }, false],
    ['negative position', { uri: 'file:///a', range: [0, -1, 0, 10] }, false],
    ['fractional position', { uri: 'file:///a', range: [0, 0.5, 0, 10] }, false],
    ['three numbers', { uri: 'file:///a', range: [0, 0, 10] }, false],
    ['empty uri', { uri: '', range: [0, 0, 0, 1] }, false],
    ['a raw token string', 'eyJhbGciOiJub25lIn0.e30.', false],
    ['nothing', undefined, false],
  ];
  for (const [name, arg, ok] of locations) {
    test(`parseTokenLocation: ${name}`, () => assert.equal(parseTokenLocation(arg) !== undefined, ok));
  }

  test('escapeMarkdown escapes every ASCII punctuation character and nothing else', () => {
    let punct = '';
    for (let c = 0x21; c < 0x7f; c++) {
      const ch = String.fromCharCode(c);
      if (!/[A-Za-z0-9]/.test(ch)) punct += ch;
    }
    assert.equal(escapeMarkdown(punct), [...punct].map((ch) => `\\${ch}`).join(''));
    assert.equal(escapeMarkdown('abc XYZ 019 é'), 'abc XYZ 019 é');
  });
});
