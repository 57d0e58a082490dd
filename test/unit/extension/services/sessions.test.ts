// The `client-creds` authentication provider with fakes for everything around it: which sessions it lists and which
// change events it fires across a token's life (fetch, refresh, expiry), a key deletion, sign-out, tokens for other
// OAuth scopes, an untrusted workspace, and failures that must reject with the commands' explanation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuthenticationProviderAuthenticationSessionsChangeEvent as Change } from 'vscode';
import { ClientCredsError, ConfigError, KeyError, NetworkError } from '../../../../src/core/errors';
import { Emitter } from '../../../../src/extension/base/events';
import type { CachedToken } from '../../../../src/extension/services/cachedToken';
import { Log } from '../../../../src/extension/services/log';
import { sessionId } from '../../../../src/extension/services/sessionScopes';
import { ClientCredsSessions, type SessionsDeps } from '../../../../src/extension/services/sessions';
import { ManualScheduler, settle, TestLogSink } from '../fakes';

const NOW = 1_700_000_000_000;
const PROFILES: Record<string, { clientId: string; scope?: string }> = {
  bank: { clientId: 'bank-client', scope: 'openid' },
  work: { clientId: 'work-client' },
};

function tokenAt(obtainedAt: number, name: string, lifetimeMs = 600_000): CachedToken {
  return {
    accessToken: `${name}-${obtainedAt}`,
    tokenType: 'Bearer',
    obtainedAt,
    expiresAt: obtainedAt + lifetimeMs,
    tokenEndpoint: 'https://login.example/token',
  };
}

function setup(over: Partial<SessionsDeps> = {}) {
  let now = NOW;
  let trusted = true;
  const keys = new Set(['bank', 'work']);
  const stored = new Map<string, CachedToken>();
  const memory = new Map<string, CachedToken>();
  const tokenChanges = new Emitter<string>();
  const keyChanges = new Emitter<string>();
  const fetches: { name: string; scope: string | undefined; quiet: boolean }[] = [];
  let failNext: Error | undefined;
  const scheduler = new ManualScheduler();
  const sink = new TestLogSink();
  const setToken = (name: string, token: CachedToken | undefined) => {
    if (token) {
      memory.set(name, token);
      stored.set(name, token);
    } else {
      memory.delete(name);
      stored.delete(name);
    }
    tokenChanges.fire(name);
  };
  const sessions = new ClientCredsSessions({
    profileNames: () => Object.keys(PROFILES),
    activeProfile: () => 'bank',
    profileInfo: async (name) => {
      const info = PROFILES[name];
      if (!info) throw new ConfigError('profile_not_found', `there is no profile named "${name}"`);
      return info;
    },
    hasKey: async (name) => keys.has(name),
    onDidChangeKey: keyChanges.event,
    tokens: {
      current: (name) => memory.get(name),
      reload: async (name) => {
        const t = stored.get(name);
        if (t) memory.set(name, t);
        return t;
      },
      forget: async (name) => setToken(name, undefined),
      onDidChange: tokenChanges.event,
    },
    fetch: async (name, scope, quiet) => {
      fetches.push({ name, scope, quiet });
      if (failNext) {
        const e = failNext;
        failNext = undefined;
        throw e;
      }
      const token = { ...tokenAt(now, scope ? `${name}[${scope}]` : name), ...(scope ? { scope } : {}) };
      if (scope === undefined) setToken(name, token);
      return token;
    },
    isTrusted: () => trusted,
    explain: (e) => (e instanceof ClientCredsError ? `${e.message}. ${e.hint ?? ''}`.trim() : 'unexpected'),
    log: new Log(sink),
    now: () => now,
    schedule: scheduler.schedule,
    ...over,
  });
  const events: Change[] = [];
  sessions.onDidChangeSessions((e) => events.push(e));
  const summary = () =>
    events.map((e) => ({
      added: (e.added ?? []).map((s) => s.accessToken),
      changed: (e.changed ?? []).map((s) => s.accessToken),
      removed: (e.removed ?? []).map((s) => s.accessToken),
    }));
  return {
    sessions,
    events,
    summary,
    fetches,
    scheduler,
    sink,
    keys,
    keyChanges,
    stored,
    memory,
    setToken,
    failWith: (e: Error) => {
      failNext = e;
    },
    setNow: (ms: number) => {
      now = ms;
    },
    setTrusted: (t: boolean) => {
      trusted = t;
    },
  };
}

describe('the client-creds authentication provider', () => {
  test('no token, no session: getSessions lists nothing and fetches nothing', async () => {
    const t = setup();
    assert.deepEqual(await t.sessions.getSessions(['profile:bank'], {}), []);
    assert.deepEqual(await t.sessions.getSessions([], {}), []);
    assert.deepEqual(await t.sessions.getSessions(undefined, {}), []);
    assert.equal(t.fetches.length, 0);
    assert.equal(t.events.length, 0);
  });

  test('createSession fetches with notification progress; the session carries the token and the account', async () => {
    const t = setup();
    const session = await t.sessions.createSession(['profile:bank'], {});
    await settle();
    assert.deepEqual(t.fetches, [{ name: 'bank', scope: undefined, quiet: false }]);
    assert.equal(session.accessToken, `bank-${NOW}`);
    assert.deepEqual(session.account, { id: 'bank', label: 'bank (bank-client)' });
    assert.deepEqual(session.scopes, ['profile:bank']);
    assert.equal(session.id, sessionId('bank'));
    assert.deepEqual(t.summary(), [{ added: [`bank-${NOW}`], changed: [], removed: [] }]);
    // Later calls get the cached token while it has more than 30 s left: no second fetch.
    const again = await t.sessions.getSessions(['profile:bank'], {});
    assert.deepEqual(
      again.map((s) => s.accessToken),
      [`bank-${NOW}`],
    );
    assert.equal(t.fetches.length, 1);
  });

  test('without a profile: item the active profile is used, and an account option picks the profile', async () => {
    const t = setup();
    await t.sessions.createSession([], {});
    await t.sessions.createSession([], { account: { id: 'work', label: 'work (work-client)' } });
    assert.deepEqual(
      t.fetches.map((f) => f.name),
      ['bank', 'work'],
    );
    assert.deepEqual(
      (await t.sessions.getSessions([], { account: { id: 'work', label: '' } })).map((s) => s.account.id),
      ['work'],
    );
    // A profile: item and another account contradict each other: no session.
    assert.deepEqual(await t.sessions.getSessions(['profile:bank'], { account: { id: 'work', label: '' } }), []);
  });

  test('a refresh (a new token for the profile, e.g. auto-refresh or Fetch Token) fires changed', async () => {
    const t = setup();
    await t.sessions.createSession(['profile:bank'], {});
    await settle();
    t.setNow(NOW + 300_000);
    t.setToken('bank', tokenAt(NOW + 300_000, 'bank'));
    await settle();
    assert.deepEqual(t.summary().at(-1), { added: [], changed: [`bank-${NOW + 300_000}`], removed: [] });
    assert.deepEqual(
      (await t.sessions.getSessions(['profile:bank'], {})).map((s) => s.accessToken),
      [`bank-${NOW + 300_000}`],
    );
  });

  test('30 s or less left: getSessions fetches quietly first; after expiry the session is removed', async () => {
    const t = setup();
    await t.sessions.createSession(['profile:bank'], {});
    await settle();
    t.setNow(NOW + 600_000 - 30_000);
    const refreshed = await t.sessions.getSessions(['profile:bank'], {});
    await settle();
    assert.deepEqual(t.fetches.at(-1), { name: 'bank', scope: undefined, quiet: true });
    assert.equal(refreshed[0]?.accessToken, `bank-${NOW + 570_000}`);
    assert.deepEqual(t.summary().at(-1), { added: [], changed: [`bank-${NOW + 570_000}`], removed: [] });

    // The expiry timer is set for the new token's expiry; when it fires, the session goes.
    const timer = t.scheduler.live().at(-1);
    assert.equal(timer?.ms, 600_000);
    t.setNow(NOW + 570_000 + 600_000);
    t.scheduler.runAll();
    await settle();
    assert.deepEqual(t.summary().at(-1), { added: [], changed: [], removed: [`bank-${NOW + 570_000}`] });
    // An expired token is not refreshed silently (a window opened the next morning fetches nothing on its own).
    const fetchesBefore = t.fetches.length;
    assert.deepEqual(await t.sessions.getSessions(['profile:bank'], {}), []);
    assert.deepEqual(await t.sessions.getSessions(undefined, {}), []);
    assert.equal(t.fetches.length, fetchesBefore);
  });

  test('a failed quiet refresh hands out no nearly expired token', async () => {
    const t = setup();
    await t.sessions.createSession(['profile:bank'], {});
    t.setNow(NOW + 590_000);
    t.failWith(new NetworkError('connect_failed', 'the token endpoint could not be reached'));
    assert.deepEqual(await t.sessions.getSessions(['profile:bank'], {}), []);
    assert.ok(t.sink.lines.some((l) => l.startsWith('warn ') && l.includes('could not refresh')));
  });

  test('deleting the key removes the sessions of its profile; a new key does not bring back forgotten ones', async () => {
    const t = setup();
    await t.sessions.createSession(['profile:bank'], {});
    await t.sessions.createSession(['profile:bank', 'accounts:read'], {});
    await settle();
    t.keys.delete('bank');
    t.keyChanges.fire('bank');
    await settle();
    const last = t.summary().at(-1);
    assert.deepEqual(last?.removed.sort(), [`bank-${NOW}`, `bank[accounts:read]-${NOW}`].sort());
    assert.deepEqual(await t.sessions.getSessions(undefined, {}), []);
    assert.deepEqual(await t.sessions.getSessions(['profile:bank'], {}), []);
    // The token for other scopes lived in memory only and is gone; the profile's own comes back with the key.
    t.keys.add('bank');
    t.keyChanges.fire('bank');
    await settle();
    assert.deepEqual(t.summary().at(-1), { added: [`bank-${NOW}`], changed: [], removed: [] });
  });

  test('removeSession forgets the token, not the key; the next createSession fetches again', async () => {
    const t = setup();
    const session = await t.sessions.createSession(['profile:bank'], {});
    await settle();
    await t.sessions.removeSession(session.id);
    await settle();
    assert.equal(t.stored.has('bank'), false);
    assert.equal(t.keys.has('bank'), true);
    assert.deepEqual(t.summary().at(-1), { added: [], changed: [], removed: [`bank-${NOW}`] });
    await t.sessions.createSession(['profile:bank'], {});
    assert.equal(t.fetches.length, 2);
    // Unknown or malformed ids are ignored.
    await t.sessions.removeSession('not json');
    await t.sessions.removeSession(JSON.stringify([1, 2]));
  });

  test('other OAuth scopes get a token of their own, in memory only; the profile scopes reuse its token', async () => {
    const t = setup();
    const scoped = await t.sessions.createSession(['profile:bank', 'payments:write', 'accounts:read'], {});
    await settle();
    assert.deepEqual(t.fetches.at(-1), { name: 'bank', scope: 'accounts:read payments:write', quiet: false });
    assert.equal(t.stored.has('bank'), false, 'a token for other scopes reached SecretStorage');
    assert.deepEqual(scoped.scopes, ['profile:bank', 'payments:write', 'accounts:read']);
    assert.deepEqual(t.summary().at(-1)?.added, [`bank[accounts:read payments:write]-${NOW}`]);
    // Same scopes in another order: the same session.
    const again = await t.sessions.getSessions(['accounts:read', 'profile:bank', 'payments:write'], {});
    assert.equal(again[0]?.id, scoped.id);
    // The profile's own scope ("openid") is the profile's token, not a token for other scopes.
    await t.sessions.createSession(['profile:bank', 'openid'], {});
    assert.deepEqual(t.fetches.at(-1), { name: 'bank', scope: undefined, quiet: false });
    await settle();
    const all = await t.sessions.getSessions(undefined, {});
    assert.deepEqual(all.map((s) => s.scopes).sort(), [
      ['profile:bank'],
      ['profile:bank', 'accounts:read', 'payments:write'],
    ]);
    await t.sessions.removeSession(scoped.id);
    await settle();
    assert.deepEqual(t.summary().at(-1)?.removed, [`bank[accounts:read payments:write]-${NOW}`]);
  });

  test('the Accounts menu list reads stored tokens of every profile with a key', async () => {
    const t = setup();
    t.stored.set('work', tokenAt(NOW, 'work'));
    t.stored.set('bank', tokenAt(NOW - 700_000, 'bank')); // expired
    const all = await t.sessions.getSessions(undefined, {});
    assert.deepEqual(
      all.map((s) => [s.account.label, s.accessToken]),
      [['work (work-client)', `work-${NOW}`]],
    );
    assert.deepEqual(await t.sessions.getSessions(undefined, { account: { id: 'bank', label: '' } }), []);
    assert.equal(t.fetches.length, 0);
  });

  test('a profile without a key or not in settings has no session', async () => {
    const t = setup();
    t.keys.delete('work');
    t.stored.set('work', tokenAt(NOW, 'work'));
    t.stored.set('gone', tokenAt(NOW, 'gone'));
    assert.deepEqual(await t.sessions.getSessions(['profile:work'], {}), []);
    assert.deepEqual(await t.sessions.getSessions(['profile:gone'], {}), []);
    assert.deepEqual(await t.sessions.getSessions(undefined, {}), []);
  });

  test('failures reject with the explanation the commands show, and are logged', async () => {
    const cases: { name: string; scopes: string[]; prepare?: (t: ReturnType<typeof setup>) => void; want: RegExp }[] = [
      {
        name: 'untrusted workspace',
        scopes: ['profile:bank'],
        prepare: (t) => t.setTrusted(false),
        want: /trusted workspace.*trust this workspace/,
      },
      { name: 'unknown profile', scopes: ['profile:nope'], want: /no profile named "nope"/ },
      {
        name: 'no key',
        scopes: ['profile:bank'],
        prepare: (t) => t.failWith(new KeyError('key_missing', 'profile "bank" has no private key', 'run Generate')),
        want: /no private key\. run Generate/,
      },
      { name: 'two profiles', scopes: ['profile:bank', 'profile:work'], want: /name one profile only/ },
      { name: 'empty profile', scopes: ['profile:'], want: /needs a profile name/ },
      { name: 'scope with a space', scopes: ['profile:bank', 'a b'], want: /is not an OAuth scope/ },
      { name: 'scope with a quote', scopes: ['x"y'], want: /is not an OAuth scope/ },
    ];
    for (const c of cases) {
      const t = setup();
      c.prepare?.(t);
      await assert.rejects(t.sessions.createSession(c.scopes, {}), c.want, c.name);
      assert.ok(
        t.sink.lines.some((l) => l.startsWith('error ')),
        `${c.name}: not logged`,
      );
    }
    // Malformed scopes make getSessions reject too (the caller sees the reason at once).
    await assert.rejects(setup().sessions.getSessions(['profile:bank', 'a\\b'], {}), /is not an OAuth scope/);
  });

  test('no silent refresh in an untrusted workspace', async () => {
    const t = setup();
    await t.sessions.createSession(['profile:bank'], {});
    t.setTrusted(false);
    t.setNow(NOW + 590_000);
    assert.deepEqual(await t.sessions.getSessions(['profile:bank'], {}), []);
    assert.equal(t.fetches.length, 1);
  });

  test('concurrent requests for one session share one fetch', async () => {
    const t = setup();
    const [a, b] = await Promise.all([
      t.sessions.createSession(['profile:work'], {}),
      t.sessions.createSession(['profile:work'], {}),
    ]);
    assert.equal(t.fetches.length, 1);
    assert.equal(a.accessToken, b.accessToken);
  });

  test('dispose stops the expiry timer and the events', async () => {
    const t = setup();
    await t.sessions.createSession(['profile:bank'], {});
    await settle();
    assert.equal(t.scheduler.live().length, 1);
    t.sessions.dispose();
    assert.equal(t.scheduler.live().length, 0);
    const before = t.events.length;
    t.setToken('bank', tokenAt(NOW + 1, 'bank'));
    await settle();
    assert.equal(t.events.length, before);
  });
});
