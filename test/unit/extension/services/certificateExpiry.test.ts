// A certificate's expiry as lists show it: expired, expiring within 30 days, valid.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { certificateExpiry, EXPIRY_WARNING_DAYS } from '../../../../src/extension/services/certificateExpiry';

test('expired, expiring soon, valid: by whole days, at the edges too', () => {
  const now = Date.UTC(2030, 0, 1);
  const day = 86_400_000;
  const table: [offsetMs: number, state: string, days: number][] = [
    [-365 * day, 'expired', -365],
    [-1, 'expired', -1],
    [0, 'expired', 0],
    [1, 'soon', 0],
    [day, 'soon', 1],
    [EXPIRY_WARNING_DAYS * day - 1, 'soon', EXPIRY_WARNING_DAYS - 1],
    [EXPIRY_WARNING_DAYS * day, 'valid', EXPIRY_WARNING_DAYS],
    [3650 * day, 'valid', 3650],
  ];
  for (const [offset, state, days] of table) {
    assert.deepEqual(certificateExpiry(now + offset, now), { state, days }, `notAfter now ${offset} ms`);
  }
});
