import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatBearer, schemeOf } from '../../../../src/extension/services/bearerFormats';
import type { CachedToken } from '../../../../src/extension/services/cachedToken';
import { ClipboardClearer, type ClipboardLike } from '../../../../src/extension/services/clipboardClear';
import { ManualScheduler } from '../fakes';

const token = (accessToken: string, tokenType = 'Bearer'): CachedToken => ({
  accessToken,
  tokenType,
  obtainedAt: 0,
  tokenEndpoint: 'https://x/token',
});

class TestClipboard implements ClipboardLike {
  text = '';
  async readText(): Promise<string> {
    return this.text;
  }
  async writeText(value: string): Promise<void> {
    this.text = value;
  }
}

describe('bearer formats', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
  const cases: [string, CachedToken, 'token' | 'header' | 'curl', string][] = [
    ['bare token', token(jwt), 'token', jwt],
    ['header', token(jwt), 'header', `Authorization: Bearer ${jwt}`],
    ['curl line reading $URL', token(jwt), 'curl', `curl --header 'Authorization: Bearer ${jwt}' "$URL"`],
    ['token_type in lower case still sends Bearer', token(jwt, 'bearer'), 'header', `Authorization: Bearer ${jwt}`],
    ['another scheme is kept', token('abc', 'DPoP'), 'header', 'Authorization: DPoP abc'],
  ];
  for (const [name, t, format, expected] of cases) test(name, () => assert.equal(formatBearer(t, format), expected));

  test('a token that could break out of the shell line is refused for header and curl', () => {
    const hostile = token(`abc' ; rm -rf ~ ; echo '`);
    assert.throws(() => formatBearer(hostile, 'curl'), TypeError);
    assert.throws(() => formatBearer(token('a\nb'), 'header'), TypeError);
    assert.throws(() => formatBearer(token('abc', "Bearer'"), 'curl'), TypeError);
    assert.equal(formatBearer(hostile, 'token'), hostile.accessToken);
  });

  test('scheme', () => assert.equal(schemeOf(token('x', 'BEARER')), 'Bearer'));
});

describe('clipboard clearing', () => {
  test('clears after N seconds when the clipboard still holds the token', async () => {
    const clipboard = new TestClipboard();
    const scheduler = new ManualScheduler();
    const clearer = new ClipboardClearer(clipboard, scheduler.schedule);
    await clearer.copy('secret-token', 30);
    assert.equal(clipboard.text, 'secret-token');
    assert.equal(scheduler.live()[0]?.ms, 30_000);
    scheduler.runAll();
    await new Promise((r) => setImmediate(r));
    assert.equal(clipboard.text, '');
  });

  test('leaves the clipboard alone when the user copied something else', async () => {
    const clipboard = new TestClipboard();
    const scheduler = new ManualScheduler();
    await new ClipboardClearer(clipboard, scheduler.schedule).copy('secret-token', 30);
    clipboard.text = 'my own text';
    scheduler.runAll();
    await new Promise((r) => setImmediate(r));
    assert.equal(clipboard.text, 'my own text');
  });

  test('0 seconds schedules nothing; a new copy replaces the pending clear; dispose cancels it', async () => {
    const clipboard = new TestClipboard();
    const scheduler = new ManualScheduler();
    const clearer = new ClipboardClearer(clipboard, scheduler.schedule);
    await clearer.copy('a-token-1', 0);
    assert.equal(scheduler.live().length, 0);
    await clearer.copy('a-token-2', 10);
    await clearer.copy('a-token-3', 10);
    assert.equal(scheduler.live().length, 1);
    clearer.dispose();
    assert.equal(scheduler.live().length, 0);
  });
});
