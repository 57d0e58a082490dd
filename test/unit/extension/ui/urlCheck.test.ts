import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../../../src/core/errors';
import { assertAllowedUrl } from '../../../../src/core/urlPolicy';
import { urlProblem } from '../../../../src/extension/ui/urlCheck';

// The input box and saving apply one rule: each URL is accepted by both or refused by both.
const cases: [string, boolean][] = [
  ['https://login.example.com/token', true],
  ['http://127.0.0.1:4000/token', true],
  ['http://localhost/token', true],
  ['http://[::1]:8080/token', true],
  ['http://127.255.255.255/token', true],
  ['http://login.example.com/token', false],
  ['http://127.0.0.256/token', false],
  ['https://user:pw@login.example.com/token', false],
  ['https://user@login.example.com/token', false],
  ['https://login.example.com/token#fragment', false],
  ['ftp://login.example.com/token', false],
  ['javascript:alert(1)', false],
  ['login.example.com/token', false],
  ['', false],
];

describe('endpoint URL input check', () => {
  for (const [url, ok] of cases) {
    test(`${JSON.stringify(url)} is ${ok ? 'accepted' : 'refused'} by the input box and by saving alike`, () => {
      const problem = urlProblem(url);
      let saved = true;
      try {
        assertAllowedUrl(url, 'tokenUrl');
      } catch (e) {
        assert.ok(e instanceof ConfigError);
        saved = false;
      }
      assert.equal(problem === undefined, ok, problem);
      assert.equal(saved, ok);
    });
  }

  test('each refusal says what to change', () => {
    assert.match(urlProblem('https://user:pw@h/t') ?? '', /user name and password/);
    assert.match(urlProblem('https://h/t#x') ?? '', /#fragment/);
    assert.match(urlProblem('http://h/t') ?? '', /https/);
    assert.match(urlProblem('nope') ?? '', /full URL/);
  });
});
