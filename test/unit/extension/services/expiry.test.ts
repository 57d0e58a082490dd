import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatTemplate } from '../../../../src/extension/base/translate';
import type { CachedToken } from '../../../../src/extension/services/cachedToken';
import {
  autoRefreshDelay,
  clampDelay,
  countdownText,
  expirySentence,
  expiryState,
  fetchSuccessMessage,
  formatClock,
  MAX_TIMER_DELAY_MS,
  needsTicking,
  remainingMs,
  statusText,
  statusTooltip,
} from '../../../../src/extension/services/expiry';

const NOW = Date.UTC(2024, 5, 1, 10, 31, 3);
const token = (over: Partial<CachedToken> = {}): CachedToken => ({
  accessToken: 't',
  tokenType: 'Bearer',
  obtainedAt: NOW - 1_000,
  expiresAt: NOW + 599_000,
  tokenEndpoint: 'https://x/token',
  ...over,
});

describe('timer delays', () => {
  const cases: [number, number][] = [
    [0, 0],
    [-5, 0],
    [Number.NaN, 0],
    [1.2, 2],
    [1000, 1000],
    [2 ** 31 - 1, MAX_TIMER_DELAY_MS],
    [2 ** 31, MAX_TIMER_DELAY_MS],
    [1e15, MAX_TIMER_DELAY_MS],
    [Number.POSITIVE_INFINITY, MAX_TIMER_DELAY_MS],
  ];
  for (const [input, expected] of cases)
    test(`clampDelay(${input}) = ${expected}`, () => assert.equal(clampDelay(input), expected));
});

describe('countdown', () => {
  const cases: [number, string][] = [
    [599_000, '9:59'],
    [599_001, '10:00'],
    [581_400, '9:42'],
    [60_000, '1:00'],
    [500, '0:01'],
    [0, '0:00'],
    [-3_000, '0:00'],
    [3_723_000, '1:02:03'],
  ];
  for (const [ms, text] of cases) test(`${ms} ms left reads ${text}`, () => assert.equal(countdownText(ms), text));

  test('remaining time is undefined when the server sent no expiry', () => {
    assert.equal(remainingMs(token({ expiresAt: undefined }), NOW), undefined);
    assert.equal(remainingMs(token(), NOW), 599_000);
  });
});

describe('expiry state', () => {
  const cases: [string, Partial<CachedToken>, number, string][] = [
    ['plenty left', {}, 60, 'valid'],
    ['exactly at the threshold', { expiresAt: NOW + 60_000 }, 60, 'warning'],
    ['just above the threshold', { expiresAt: NOW + 60_001 }, 60, 'valid'],
    ['under the threshold', { expiresAt: NOW + 5_000 }, 60, 'warning'],
    ['threshold 0 never warns', { expiresAt: NOW + 1 }, 0, 'valid'],
    ['expired at the instant', { expiresAt: NOW }, 60, 'expired'],
    ['long expired', { expiresAt: NOW - 3_600_000 }, 60, 'expired'],
    ['unknown expiry', { expiresAt: undefined }, 60, 'unknown'],
    ['a negative threshold acts as 0', { expiresAt: NOW + 1 }, -10, 'valid'],
  ];
  for (const [name, over, threshold, state] of cases) {
    test(name, () => assert.equal(expiryState(token(over), NOW, threshold), state));
  }
});

describe('status bar text', () => {
  const cases: [string, string, Partial<CachedToken>, string][] = [
    ['a live token', 'bank', {}, '$(key) bank 9:59'],
    ['an expired token', 'bank', { expiresAt: NOW - 1 }, '$(key) bank expired'],
    ['an unknown expiry', 'bank', { expiresAt: undefined }, '$(key) bank'],
    ['a name that looks like an icon', '$(alert) x', {}, '$(key) \\$(alert) x 9:59'],
  ];
  for (const [name, profile, over, text] of cases) {
    test(name, () => assert.equal(statusText(profile, token(over), NOW), text));
  }

  test('the words go through the injected translation', () => {
    const t = (m: string, ...a: Array<string | number | boolean>) => `«${formatTemplate(m, ...a)}»`;
    assert.equal(statusText('bank', token({ expiresAt: NOW - 1 }), NOW, t), '$(key) bank «expired»');
  });

  test('ticks only while the expiry is known and ahead', () => {
    assert.equal(needsTicking(token(), NOW), true);
    assert.equal(needsTicking(token({ expiresAt: NOW }), NOW), false);
    assert.equal(needsTicking(token({ expiresAt: undefined }), NOW), false);
    assert.equal(needsTicking(undefined, NOW), false);
  });
});

describe('sentences', () => {
  test('wall clock is local HH:MM:SS', () => {
    const d = new Date(NOW);
    const expected = [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
    assert.equal(formatClock(NOW), expected);
    assert.match(formatClock(NOW), /^\d\d:\d\d:\d\d$/);
  });

  test('the success message names the profile, the time left and the wall-clock expiry', () => {
    const t = token();
    assert.equal(
      fetchSuccessMessage('bank', t, NOW),
      `Token for bank expires in 9m 59s (at ${formatClock(NOW + 599_000)})`,
    );
    assert.equal(
      fetchSuccessMessage('bank', token({ expiresAt: undefined }), NOW),
      'Token for bank received; the server did not say when it expires',
    );
  });

  test('an expired token says how long ago', () => {
    assert.equal(
      expirySentence(token({ expiresAt: NOW - 180_000 }), NOW),
      `expired 3m ago (at ${formatClock(NOW - 180_000)})`,
    );
  });

  test('the tooltip has the profile, the scope and the absolute expiry', () => {
    const lines = statusTooltip('bank', token({ scope: 'openid full' }), NOW).split('\n');
    assert.equal(lines[0], 'Client Creds token for bank');
    assert.ok(lines.includes('Scope: openid full'));
    assert.ok(
      lines.some((l) => l === `Expires in 9m 59s (at ${formatClock(NOW + 599_000)})`),
      lines.join(' | '),
    );
    assert.ok(!statusTooltip('bank', token(), NOW).includes('Scope:'), 'a scope line without a scope');
  });

  test('a DPoP token shows as DPoP with its key thumbprint, and its click offers Copy Authorization', () => {
    const thumbprint = 'N'.repeat(43);
    const dpop = statusTooltip('bank', token({ tokenType: 'DPoP', dpop: { thumbprint, binding: 'bound' } }), NOW);
    assert.ok(dpop.split('\n').includes(`Type: DPoP (bound to DPoP key ${thumbprint})`), dpop);
    assert.match(dpop, /Copy Authorization for a Request/);
    assert.doesNotMatch(dpop, /Copy Bearer/);
    const bearer = statusTooltip('bank', token(), NOW);
    assert.doesNotMatch(bearer, /DPoP/);
    assert.match(bearer, /Copy Bearer Token/);
  });
});

describe('auto-refresh moment', () => {
  const cases: [string, Partial<CachedToken>, number, number | undefined][] = [
    ['off', {}, 0, undefined],
    ['negative is off', {}, -5, undefined],
    ['N seconds before expiry', {}, 60, 539_000],
    ['due now when already inside the window', { expiresAt: NOW + 30_000, obtainedAt: NOW - 570_000 }, 60, 0],
    ['never before half the lifetime (short tokens)', { obtainedAt: NOW, expiresAt: NOW + 60_000 }, 120, 30_000],
    ['unknown expiry', { expiresAt: undefined }, 60, undefined],
    ['already expired: no refresh on its own', { expiresAt: NOW - 1 }, 60, undefined],
    ['a far expiry is clamped for setTimeout', { expiresAt: NOW + 1e12 }, 60, MAX_TIMER_DELAY_MS],
  ];
  for (const [name, over, seconds, expected] of cases) {
    test(name, () => assert.equal(autoRefreshDelay(token(over), NOW, seconds), expected));
  }
});
