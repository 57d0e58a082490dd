// The terminal environment over a token's life: off by default, the four variables once on, the new token after a
// refresh, nothing after expiry, when the setting goes off, in an untrusted workspace or without a token; never
// persistent, and described.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CachedToken } from '../../../../src/extension/services/cachedToken';
import {
  type EnvironmentCollection,
  TerminalEnvironment,
  TerminalVariable,
  terminalVariables,
} from '../../../../src/extension/services/terminalEnvironment';
import { ManualScheduler } from '../fakes';

const NOW = 1_700_000_000_000;

/** `context.environmentVariableCollection` as a Map of replaced variables. */
class FakeCollection implements EnvironmentCollection {
  persistent = true;
  description: EnvironmentCollection['description'] = undefined;
  readonly vars = new Map<string, string>();
  writes = 0;
  replace(variable: string, value: string): void {
    this.writes++;
    this.vars.set(variable, value);
  }
  clear(): void {
    this.writes++;
    this.vars.clear();
  }
}

function token(obtainedAt: number, expiresAt: number | undefined, accessToken = `token-${obtainedAt}`): CachedToken {
  const t: CachedToken = { accessToken, tokenType: 'Bearer', obtainedAt, tokenEndpoint: 'https://x/t' };
  if (expiresAt !== undefined) t.expiresAt = expiresAt;
  return t;
}

function setup() {
  const state = {
    now: NOW,
    enabled: false,
    trusted: true,
    active: 'bank' as string | undefined,
    tokens: new Map<string, CachedToken>(),
  };
  const collection = new FakeCollection();
  const scheduler = new ManualScheduler();
  const env = new TerminalEnvironment({
    collection,
    enabled: () => state.enabled,
    isTrusted: () => state.trusted,
    activeProfile: () => state.active,
    current: (name) => state.tokens.get(name),
    now: () => state.now,
    schedule: scheduler.schedule,
  });
  return { state, collection, scheduler, env };
}

describe('the terminal environment', () => {
  test('the collection is never persistent, so nothing of it is written to disk', () => {
    assert.equal(setup().collection.persistent, false);
  });

  test('over a token life: off, on, refreshed, expired, off again', () => {
    const { state, collection, scheduler, env } = setup();
    state.tokens.set('bank', token(NOW, NOW + 600_000));
    env.update();
    assert.equal(collection.vars.size, 0, 'variables set while the setting is off');

    state.enabled = true;
    env.update();
    assert.deepEqual(Object.fromEntries(collection.vars), {
      [TerminalVariable.accessToken]: `token-${NOW}`,
      [TerminalVariable.tokenType]: 'Bearer',
      [TerminalVariable.profile]: 'bank',
      [TerminalVariable.expiresAt]: String((NOW + 600_000) / 1000),
    });
    assert.match(String(collection.description), /Client Creds profile "bank".*clientCreds\.terminalEnvironment/);
    assert.deepEqual(
      scheduler.live().map((e) => e.ms),
      [600_000],
    );

    // A refresh: the new token replaces the old one, and the removal moves to its expiry.
    state.now = NOW + 300_000;
    state.tokens.set('bank', token(state.now, state.now + 600_000));
    env.update();
    assert.equal(collection.vars.get(TerminalVariable.accessToken), `token-${NOW + 300_000}`);
    assert.deepEqual(
      scheduler.live().map((e) => e.ms),
      [600_000],
    );

    // Nothing changed: no rewrite (VS Code would flag every open terminal as stale).
    const writes = collection.writes;
    env.update();
    assert.equal(collection.writes, writes);

    // Expiry: the timer fires and the variables go.
    state.now = NOW + 900_000;
    scheduler.runAll();
    assert.equal(collection.vars.size, 0);
    assert.equal(collection.description, undefined);

    state.tokens.set('bank', token(state.now, state.now + 600_000));
    env.update();
    assert.equal(collection.vars.size, 4);
    state.enabled = false;
    env.update();
    assert.equal(collection.vars.size, 0);
  });

  const cleared: { name: string; change: (s: ReturnType<typeof setup>['state']) => void }[] = [
    { name: 'an untrusted workspace', change: (s) => (s.trusted = false) },
    { name: 'no active profile', change: (s) => (s.active = undefined) },
    { name: 'the active profile has no token', change: (s) => s.tokens.delete('bank') },
    { name: 'an expired token', change: (s) => s.tokens.set('bank', token(NOW - 700_000, NOW - 100_000)) },
    { name: 'another active profile without a token', change: (s) => (s.active = 'work') },
  ];
  for (const c of cleared) {
    test(`nothing for new terminals with ${c.name}`, () => {
      const { state, collection, env } = setup();
      state.enabled = true;
      state.tokens.set('bank', token(NOW, NOW + 600_000));
      env.update();
      assert.equal(collection.vars.size, 4);
      c.change(state);
      env.update();
      assert.equal(collection.vars.size, 0);
    });
  }

  test('an unknown expiry: no CLIENT_CREDS_EXPIRES_AT and no removal timer', () => {
    const { state, collection, scheduler, env } = setup();
    state.enabled = true;
    state.tokens.set('bank', token(NOW, undefined));
    env.update();
    assert.equal(collection.vars.has(TerminalVariable.expiresAt), false);
    assert.equal(collection.vars.get(TerminalVariable.accessToken), `token-${NOW}`);
    assert.equal(scheduler.live().length, 0);
  });

  test('the expiry is whole seconds since the epoch', () => {
    assert.equal(terminalVariables('p', token(0, 1_700_000_000_999))[TerminalVariable.expiresAt], '1700000000');
  });

  test('dispose empties the collection and cancels the timer', () => {
    const { state, collection, scheduler, env } = setup();
    state.enabled = true;
    state.tokens.set('bank', token(NOW, NOW + 600_000));
    env.update();
    env.dispose();
    assert.equal(collection.vars.size, 0);
    assert.equal(scheduler.live().length, 0);
    env.update();
    assert.equal(collection.vars.size, 0);
  });
});
