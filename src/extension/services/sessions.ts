/**
 * The `client-creds` authentication provider, without VS Code at run time (the glue registers it). One account per
 * profile that has a key; a session is a cached, unexpired token of a profile: its own token (the one the status bar
 * shows, kept in SecretStorage), or a token for other OAuth scopes (kept in memory only). A session's token has more
 * than 30 s left when it is handed out: a token closer to its expiry is fetched anew first. Sessions change on every
 * fetch and refresh (`added` or `changed`), on expiry, key deletion and sign-out (`removed`).
 */
import type {
  AuthenticationProvider,
  AuthenticationProviderSessionOptions,
  AuthenticationSession,
  AuthenticationProviderAuthenticationSessionsChangeEvent as SessionsChange,
} from 'vscode';
import { ConfigError } from '../../core/errors';
import { Disposable, type DisposableLike, timeoutTimer } from '../base/dispose';
import { Emitter, type Event } from '../base/events';
import type { CachedToken } from './cachedToken';
import { clampDelay } from './expiry';
import { isExpired, isFresh } from './freshToken';
import type { Log } from './log';
import { PROFILE_SCOPE_PREFIX, parseSessionId, parseSessionScopes, scopeOverride, sessionId } from './sessionScopes';

/** What the provider reads and does, injected. */
export interface SessionsDeps {
  profileNames(): string[];
  activeProfile(): string | undefined;
  /** The client id and configured scope of a profile; throws for an unknown or invalid one. */
  profileInfo(name: string): Promise<{ clientId: string; scope?: string }>;
  hasKey(name: string): Promise<boolean>;
  /** Fires the profile whose key was stored or deleted. */
  onDidChangeKey: Event<string>;
  tokens: {
    current(name: string): CachedToken | undefined;
    reload(name: string): Promise<CachedToken | undefined>;
    forget(name: string): Promise<void>;
    onDidChange: Event<string>;
  };
  /** Fetches a token (for `scope` instead of the profile's when given), with quiet or notification progress. */
  fetch(name: string, scope: string | undefined, quiet: boolean): Promise<CachedToken>;
  /** Workspace trust: no assertion is sent from an untrusted workspace. */
  isTrusted(): boolean;
  /** The sentence the commands would show for `error` (rejections carry it). */
  explain(error: unknown): string;
  log: Log;
  now?: () => number;
  schedule?: (callback: () => void, ms: number) => DisposableLike;
}

interface Scoped {
  profile: string;
  scope: string;
  token: CachedToken;
}

/** A session with the expiry of its token (epoch ms), as last announced. */
type Announced = AuthenticationSession & { expiresAt?: number };

/** Sessions of the `client-creds` provider. */
export class ClientCredsSessions extends Disposable implements AuthenticationProvider {
  private readonly changes = this._register(new Emitter<SessionsChange>());
  readonly onDidChangeSessions: Event<SessionsChange> = this.changes.event;
  private readonly scoped = new Map<string, Scoped>();
  private readonly announced = new Map<string, Announced>();
  private readonly refreshing = new Map<string, Promise<CachedToken>>();
  private queue: Promise<void> = Promise.resolve();
  private expiryTimer: DisposableLike | undefined;

  constructor(private readonly deps: SessionsDeps) {
    super();
    this._register(deps.tokens.onDidChange((name) => void this.sync(name)));
    this._register(deps.onDidChangeKey((name) => void this.sync(name)));
    this._register({ dispose: () => this.expiryTimer?.dispose() });
  }

  private get now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /**
   * Sessions for `scopes` (undefined: every session, for the Accounts menu). A named or active profile with a key
   * and a cached, unexpired token for those scopes yields one session; a token with 30 s or less left is fetched
   * anew first (quietly, trusted workspaces only). Rejects for malformed scopes (ConfigError `session_scope_invalid`).
   */
  async getSessions(
    scopes: readonly string[] | undefined,
    options: AuthenticationProviderSessionOptions = {},
  ): Promise<AuthenticationSession[]> {
    if (scopes === undefined) return this.listAll(options.account?.id);
    const request = this.parse(scopes);
    const profile = request.profile ?? options.account?.id ?? this.deps.activeProfile();
    if (profile === undefined || (options.account && options.account.id !== profile)) return [];
    if (!this.deps.profileNames().includes(profile) || !(await this.hasKey(profile))) return [];
    const info = await this.deps.profileInfo(profile).catch(() => undefined);
    if (!info) return [];
    const scope = scopeOverride(request.oauthScopes, info.scope);
    let token = await this.cached(profile, scope);
    if (!token || isExpired(token, this.now)) return [];
    if (!isFresh(token, this.now)) {
      if (!this.deps.isTrusted()) return [];
      try {
        token = await this.fetchOnce(profile, scope, true);
      } catch (e) {
        this.deps.log.warn(`could not refresh the session of "${profile}" before handing it out`, e);
        return [];
      }
    }
    return [this.session(profile, scope, token, info.clientId, scopes)];
  }

  /**
   * Fetches a token with notification progress for the profile named in `scopes` (else `options.account`, else the
   * active one). Rejects with the commands' explanation: no profile, untrusted workspace, no key, the server's
   * refusal.
   */
  async createSession(
    scopes: readonly string[],
    options: AuthenticationProviderSessionOptions = {},
  ): Promise<AuthenticationSession> {
    try {
      const request = parseSessionScopes(scopes);
      const profile = request.profile ?? options.account?.id ?? this.deps.activeProfile();
      if (profile === undefined) {
        throw new ConfigError('no_profile', 'there is no Client Creds profile yet', 'create one with New Profile');
      }
      if (!this.deps.isTrusted()) {
        throw new ConfigError(
          'workspace_untrusted',
          'Client Creds sends a signed client assertion only from a trusted workspace',
          'trust this workspace to continue',
        );
      }
      const info = await this.deps.profileInfo(profile);
      const scope = scopeOverride(request.oauthScopes, info.scope);
      const token = await this.fetchOnce(profile, scope, false);
      return this.session(profile, scope, token, info.clientId, scopes);
    } catch (e) {
      this.deps.log.error('a session for another extension could not be created', e);
      throw new Error(this.deps.explain(e));
    }
  }

  /** Signs the session out: forgets its token (the key stays). Unknown ids are ignored. */
  async removeSession(id: string): Promise<void> {
    const parsed = parseSessionId(id);
    if (!parsed) return;
    if (parsed.scope === undefined) {
      await this.deps.tokens.forget(parsed.profile);
    } else {
      this.scoped.delete(id);
    }
    await this.sync(parsed.profile);
  }

  private parse(scopes: readonly string[]) {
    try {
      return parseSessionScopes(scopes);
    } catch (e) {
      throw new Error(this.deps.explain(e));
    }
  }

  private async hasKey(profile: string): Promise<boolean> {
    try {
      return await this.deps.hasKey(profile);
    } catch (e) {
      this.deps.log.warn(`could not check the private key of "${profile}"`, e);
      return false;
    }
  }

  private async cached(profile: string, scope: string | undefined): Promise<CachedToken | undefined> {
    if (scope !== undefined) return this.scoped.get(sessionId(profile, scope))?.token;
    return this.deps.tokens.current(profile) ?? (await this.deps.tokens.reload(profile));
  }

  /** One fetch per session at a time; a token for other scopes is kept here and announced. */
  private fetchOnce(profile: string, scope: string | undefined, quiet: boolean): Promise<CachedToken> {
    const id = sessionId(profile, scope);
    const running = this.refreshing.get(id);
    if (running) return running;
    const started = (async () => {
      const token = await this.deps.fetch(profile, scope, quiet);
      if (scope !== undefined) {
        this.scoped.set(id, { profile, scope, token });
        await this.sync(profile);
      }
      return token;
    })().finally(() => this.refreshing.delete(id));
    this.refreshing.set(id, started);
    return started;
  }

  private session(
    profile: string,
    scope: string | undefined,
    token: CachedToken,
    clientId: string,
    scopes: readonly string[],
  ): AuthenticationSession {
    return {
      id: sessionId(profile, scope),
      accessToken: token.accessToken,
      account: { id: profile, label: `${profile} (${clientId})` },
      scopes: [...scopes],
    };
  }

  private async listAll(account: string | undefined): Promise<AuthenticationSession[]> {
    const names = this.deps.profileNames().filter((n) => account === undefined || n === account);
    for (const name of names) {
      if (!this.deps.tokens.current(name)) await this.deps.tokens.reload(name).catch(() => undefined);
    }
    await Promise.all(names.map((name) => this.sync(name)));
    const now = this.now;
    return [...this.announced.values()]
      .filter((s) => names.includes(s.account.id) && (s.expiresAt === undefined || s.expiresAt > now))
      .map(({ expiresAt: _, ...session }) => session);
  }

  /** Recomputes every session of `profile` and announces the differences; calls run one after another. */
  sync(profile: string): Promise<void> {
    const next = this.queue.then(() => this.computeSessions(profile));
    this.queue = next.catch((e: unknown) => this.deps.log.warn('could not update the sessions', e));
    return this.queue;
  }

  /** Recomputes the sessions of every profile (after the profiles setting changed). */
  async syncAll(): Promise<void> {
    const names = new Set([...this.deps.profileNames(), ...[...this.announced.values()].map((s) => s.account.id)]);
    for (const name of names) await this.sync(name);
  }

  private async computeSessions(profile: string): Promise<void> {
    const usable = this.deps.profileNames().includes(profile) && (await this.hasKey(profile));
    const info = usable ? await this.deps.profileInfo(profile).catch(() => undefined) : undefined;
    const now = this.now;
    const wanted = new Map<string, Announced>();
    const offer = (scope: string | undefined, token: CachedToken | undefined) => {
      if (!info || !token || isExpired(token, now)) return;
      const scopes = [`${PROFILE_SCOPE_PREFIX}${profile}`, ...(scope ? scope.split(' ') : [])];
      const session: Announced = this.session(profile, scope, token, info.clientId, scopes);
      if (token.expiresAt !== undefined) session.expiresAt = token.expiresAt;
      wanted.set(session.id, session);
    };
    offer(undefined, this.deps.tokens.current(profile));
    for (const [id, entry] of this.scoped) {
      if (entry.profile !== profile) continue;
      // Tokens for other scopes live in memory only: an expired one or one whose key is gone is dropped.
      if (!usable || isExpired(entry.token, now)) this.scoped.delete(id);
      else offer(entry.scope, entry.token);
    }
    const added: AuthenticationSession[] = [];
    const changed: AuthenticationSession[] = [];
    const removed: AuthenticationSession[] = [];
    for (const [id, before] of this.announced) {
      if (before.account.id === profile && !wanted.has(id)) {
        this.announced.delete(id);
        removed.push(publicPart(before));
      }
    }
    for (const [id, session] of wanted) {
      const before = this.announced.get(id);
      this.announced.set(id, session);
      if (!before) added.push(publicPart(session));
      else if (before.accessToken !== session.accessToken || before.account.label !== session.account.label)
        changed.push(publicPart(session));
    }
    this.scheduleExpiry();
    if (added.length + changed.length + removed.length > 0) this.changes.fire({ added, changed, removed });
  }

  /** One timer, at the earliest expiry of an announced session, re-syncs that profile (which removes it). */
  private scheduleExpiry(): void {
    this.expiryTimer?.dispose();
    this.expiryTimer = undefined;
    if (this.isDisposed) return;
    let first: Announced | undefined;
    for (const s of this.announced.values()) {
      if (s.expiresAt !== undefined && (first?.expiresAt === undefined || s.expiresAt < first.expiresAt)) first = s;
    }
    if (first?.expiresAt === undefined) return;
    const profile = first.account.id;
    const schedule = this.deps.schedule ?? timeoutTimer;
    this.expiryTimer = schedule(() => void this.sync(profile), clampDelay(first.expiresAt - this.now));
  }
}

function publicPart(session: Announced): AuthenticationSession {
  const { expiresAt: _, ...rest } = session;
  return rest;
}
