import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AutoRefresh, type AutoRefreshDeps } from '../../../../src/extension/services/autoRefresh';
import type { CachedToken } from '../../../../src/extension/services/cachedToken';
import { MAX_TIMER_DELAY_MS } from '../../../../src/extension/services/expiry';
import { Log } from '../../../../src/extension/services/log';
import { ManualScheduler, settle, TestLogSink } from '../fakes';

const NOW = 1_700_000_000_000;

function setup(over: Partial<AutoRefreshDeps> = {}) {
  let now = NOW;
  const stored = new Map<string, CachedToken>();
  const memory = new Map<string, CachedToken>();
  const token: CachedToken = {
    accessToken: 'old',
    tokenType: 'Bearer',
    obtainedAt: NOW,
    expiresAt: NOW + 600_000,
    tokenEndpoint: 'https://x/t',
  };
  stored.set('bank', token);
  memory.set('bank', token);
  const refreshed: string[] = [];
  const failures: unknown[] = [];
  const scheduler = new ManualScheduler();
  const sink = new TestLogSink();
  const auto = new AutoRefresh({
    activeProfile: () => 'bank',
    current: (p) => memory.get(p),
    reload: async (p) => {
      const t = stored.get(p);
      if (t) memory.set(p, t);
      return t;
    },
    seconds: () => 60,
    isTrusted: () => true,
    refresh: async (p) => {
      refreshed.push(p);
      const fresh = { ...token, accessToken: 'new', obtainedAt: now, expiresAt: now + 600_000 };
      stored.set(p, fresh);
      memory.set(p, fresh);
    },
    onFailure: (_p, e) => failures.push(e),
    log: new Log(sink),
    now: () => now,
    jitterMs: () => 0,
    schedule: scheduler.schedule,
    ...over,
  });
  return {
    auto,
    scheduler,
    refreshed,
    failures,
    stored,
    memory,
    sink,
    setNow: (ms: number) => {
      now = ms;
    },
  };
}

describe('auto-refresh', () => {
  test('schedules N seconds before expiry and fetches a fresh token then', async () => {
    const { auto, scheduler, refreshed, setNow } = setup();
    auto.reschedule();
    assert.equal(scheduler.live()[0]?.ms, 540_000);
    setNow(NOW + 540_000);
    scheduler.runAll();
    await settle();
    assert.deepEqual(refreshed, ['bank']);
    // The new token gets its own schedule.
    assert.equal(scheduler.live()[0]?.ms, 540_000);
  });

  test('does not fetch when another window already refreshed the token', async () => {
    const { auto, scheduler, refreshed, stored, setNow } = setup();
    auto.reschedule();
    stored.set('bank', {
      ...(stored.get('bank') as CachedToken),
      accessToken: 'other',
      obtainedAt: NOW + 500_000,
      expiresAt: NOW + 1_100_000,
    });
    setNow(NOW + 540_000);
    scheduler.runAll();
    await settle();
    assert.deepEqual(refreshed, []);
  });

  test('a clamped long delay that fires early only reschedules', async () => {
    const { auto, scheduler, refreshed, setNow } = setup();
    auto.reschedule();
    setNow(NOW + 100_000);
    scheduler.runAll();
    await settle();
    assert.deepEqual(refreshed, []);
    assert.equal(scheduler.live().length, 1);
  });

  test('never in an untrusted workspace', async () => {
    const { auto, scheduler, refreshed, setNow, sink } = setup({ isTrusted: () => false });
    auto.reschedule();
    setNow(NOW + 540_000);
    scheduler.runAll();
    await settle();
    assert.deepEqual(refreshed, []);
    assert.ok(sink.lines.some((l) => /not trusted/.test(l)));
  });

  test('an untrusted workspace skips once and waits for trust instead of retrying in a loop', async () => {
    let trusted = false;
    const { auto, scheduler, refreshed, setNow, sink } = setup({ isTrusted: () => trusted });
    auto.reschedule();
    setNow(NOW + 540_000);
    scheduler.runAll();
    await settle();
    assert.deepEqual(refreshed, []);
    assert.equal(sink.lines.filter((l) => /not trusted/.test(l)).length, 1);
    assert.equal(scheduler.live().length, 0, 'the skipped refresh was rescheduled at once');
    auto.reschedule();
    assert.equal(scheduler.live().length, 0, 'rescheduled while still untrusted');
    // Trust granted: the workspace-trust event calls reschedule(), and the refresh happens.
    trusted = true;
    auto.reschedule();
    scheduler.runAll();
    await settle();
    assert.deepEqual(refreshed, ['bank']);
  });

  test('a token valid for longer than a timer can hold is scheduled within 2^31-1 ms, jitter included', async () => {
    const { auto, scheduler, refreshed, stored, memory } = setup({ jitterMs: () => 4_999 });
    const long: CachedToken = {
      ...(stored.get('bank') as CachedToken),
      expiresAt: NOW + 40 * 24 * 3_600_000,
    };
    stored.set('bank', long);
    memory.set('bank', long);
    auto.reschedule();
    const ms = scheduler.live()[0]?.ms;
    assert.ok(ms !== undefined && ms <= MAX_TIMER_DELAY_MS, `delay ${ms} would fire after 1 ms in Node`);
    // Fired early (as a clamped timer does): nothing fetched, one new timer, again within range.
    scheduler.runAll();
    await settle();
    assert.deepEqual(refreshed, []);
    assert.equal(scheduler.live().length, 1);
    assert.ok((scheduler.live()[0]?.ms ?? Number.POSITIVE_INFINITY) <= MAX_TIMER_DELAY_MS);
  });

  test('off when the setting is 0', () => {
    const { auto, scheduler } = setup({ seconds: () => 0 });
    auto.reschedule();
    assert.equal(scheduler.live().length, 0);
    assert.equal(auto.isScheduled, false);
  });

  test('a failure is reported once and not retried in a loop for the same token', async () => {
    const { auto, scheduler, failures, setNow } = setup({
      refresh: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    });
    auto.reschedule();
    setNow(NOW + 540_000);
    scheduler.runAll();
    await settle();
    assert.equal(failures.length, 1);
    assert.equal(scheduler.live().length, 0, 'a retry was scheduled for the same token');
  });

  test('dispose cancels the pending refresh', () => {
    const { auto, scheduler } = setup();
    auto.reschedule();
    auto.dispose();
    assert.equal(scheduler.live().length, 0);
  });
});
