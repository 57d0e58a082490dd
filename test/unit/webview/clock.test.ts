import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TimelineView } from '../../../src/shared/protocol';
import { timelinePosition, WARNING_MS } from '../../../src/webview/clock';

const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
const LIFE: TimelineView = { startLabel: 'Issued', startMs: T0, endMs: T0 + 600_000 };

describe('timeline position', () => {
  const cases: [string, TimelineView, number, string, number | undefined, string][] = [
    ['just issued', LIFE, T0, 'valid', 0, 'Expires in 10m'],
    ['half way', LIFE, T0 + 300_000, 'valid', 50, 'Expires in 5m'],
    [
      'inside the warning window',
      LIFE,
      T0 + 600_000 - WARNING_MS + 1000,
      'expiring',
      90.16666666666666,
      'Expires in 59s',
    ],
    ['exactly at expiry', LIFE, T0 + 600_000, 'expired', 100, 'Expired now'],
    ['long expired', LIFE, T0 + 3_600_000, 'expired', 100, 'Expired 50m ago'],
    ['issued in the future (clock skew) is clamped to 0', LIFE, T0 - 5000, 'valid', 0, 'Expires in 10m 5s'],
    [
      'not before, still in the future',
      { startLabel: 'Not before', startMs: T0, endMs: T0 + 60_000 * 10 },
      T0 - 30_000,
      'not_yet_valid',
      0,
      'Not valid yet: valid in 30s',
    ],
    ['no start known', { startLabel: 'Issued', endMs: T0 + 600_000 }, T0, 'valid', undefined, 'Expires in 10m'],
    [
      'no expiry known',
      { startLabel: 'Obtained', startMs: T0 },
      T0,
      'no_expiry',
      undefined,
      'No expiry is known for this token',
    ],
  ];
  for (const [name, view, now, state, percent, text] of cases) {
    test(name, () => {
      const pos = timelinePosition(view, now);
      assert.equal(pos.state, state);
      assert.equal(pos.percent, percent);
      assert.equal(pos.text, text);
    });
  }
});
