// The one rule of every hand-off: the cached token while it has more than 30 s left, else one fetch (shared by
// concurrent callers), with the fetch's errors passed on.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CachedToken } from '../../../../src/extension/services/cachedToken';
import { FreshTokens, isExpired, isFresh, MIN_REMAINING_MS } from '../../../../src/extension/services/freshToken';

const NOW = 1_700_000_000_000;

function token(expiresInMs: number | undefined, name = 'cached'): CachedToken {
  const t: CachedToken = {
    accessToken: name,
    tokenType: 'Bearer',
    obtainedAt: NOW - 1000,
    tokenEndpoint: 'https://x/t',
  };
  if (expiresInMs !== undefined) t.expiresAt = NOW + expiresInMs;
  return t;
}

describe('isFresh and isExpired', () => {
  const cases: { left: number | undefined; fresh: boolean; expired: boolean }[] = [
    { left: 600_000, fresh: true, expired: false },
    { left: MIN_REMAINING_MS + 1, fresh: true, expired: false },
    { left: MIN_REMAINING_MS, fresh: false, expired: false },
    { left: 1, fresh: false, expired: false },
    { left: 0, fresh: false, expired: true },
    { left: -5_000, fresh: false, expired: true },
    // The server sent no expires_in: nothing is invented, the token counts as usable.
    { left: undefined, fresh: true, expired: false },
  ];
  for (const c of cases) {
    test(`${c.left === undefined ? 'unknown expiry' : `${c.left} ms left`}: fresh ${c.fresh}, expired ${c.expired}`, () => {
      assert.equal(isFresh(token(c.left), NOW), c.fresh);
      assert.equal(isExpired(token(c.left), NOW), c.expired);
    });
  }
});

describe('FreshTokens', () => {
  function setup(memory: CachedToken | undefined, stored: CachedToken | undefined) {
    const calls = { reload: 0, fetch: 0 };
    let release: () => void = () => {};
    let fail: Error | undefined;
    const fresh = new FreshTokens({
      current: () => memory,
      reload: async () => {
        calls.reload++;
        memory = stored;
        return stored;
      },
      fetch: async () => {
        calls.fetch++;
        await new Promise<void>((r) => {
          release = r;
        });
        if (fail) throw fail;
        memory = token(600_000, `fetched-${calls.fetch}`);
        return memory;
      },
      now: () => NOW,
    });
    return { fresh, calls, release: () => release(), failWith: (e: Error) => (fail = e) };
  }

  test('a fresh token in memory is handed out without reading storage or fetching', async () => {
    const t = setup(token(60_000), undefined);
    assert.equal((await t.fresh.get('bank')).accessToken, 'cached');
    assert.deepEqual(t.calls, { reload: 0, fetch: 0 });
  });

  test('a token only in storage (another window fetched it) is read, not fetched again', async () => {
    const t = setup(undefined, token(60_000, 'stored'));
    assert.equal((await t.fresh.get('bank')).accessToken, 'stored');
    assert.deepEqual(t.calls, { reload: 1, fetch: 0 });
  });

  test('30 s or less left: one fetch, shared by concurrent callers', async () => {
    const t = setup(token(MIN_REMAINING_MS), undefined);
    const both = Promise.all([t.fresh.get('bank'), t.fresh.get('bank')]);
    await new Promise((r) => setImmediate(r));
    t.release();
    const [a, b] = await both;
    assert.equal(a.accessToken, 'fetched-1');
    assert.equal(b, a);
    assert.equal(t.calls.fetch, 1);
    assert.equal(await t.fresh.peek('bank'), a);
  });

  test('a failed fetch rejects every waiting caller with its error, and the next call tries again', async () => {
    const t = setup(undefined, undefined);
    t.failWith(new Error('invalid_client'));
    const both = Promise.allSettled([t.fresh.get('bank'), t.fresh.get('bank')]);
    await new Promise((r) => setImmediate(r));
    t.release();
    for (const r of await both) assert.equal(r.status === 'rejected' && (r.reason as Error).message, 'invalid_client');
    assert.equal(await t.fresh.peek('bank'), undefined);
    const next = t.fresh.get('bank');
    await new Promise((r) => setImmediate(r));
    t.release();
    await assert.rejects(next, /invalid_client/);
    assert.equal(t.calls.fetch, 2);
  });
});
