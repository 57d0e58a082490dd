/**
 * "A valid token for this profile, now": the rule every hand-off (authentication sessions, task and launch
 * variables, MCP servers) shares. The cached token is used while it has more than {@link MIN_REMAINING_MS} left;
 * otherwise a fresh one is fetched. Concurrent requests for the same profile share one fetch, so a task and an MCP
 * server starting together send one client assertion, not two.
 */
import type { CachedToken } from './cachedToken';
import { remainingMs } from './expiry';

/** A cached token is handed out only while it has more than this many milliseconds (30 s) left. */
export const MIN_REMAINING_MS = 30_000;

/**
 * True when `token` can be handed out at `nowMs` (epoch ms): more than `minRemainingMs` left, or an expiry the
 * server never stated (`expires_in` absent: nothing is invented, RFC 6749 §5.1 leaves the lifetime to the server).
 */
export function isFresh(token: CachedToken, nowMs: number, minRemainingMs = MIN_REMAINING_MS): boolean {
  const left = remainingMs(token, nowMs);
  return left === undefined || left > minRemainingMs;
}

/** True once `token` has expired at `nowMs` (epoch ms); never for an unknown expiry. */
export function isExpired(token: CachedToken, nowMs: number): boolean {
  const left = remainingMs(token, nowMs);
  return left !== undefined && left <= 0;
}

/** What {@link FreshTokens} reads and does, injected. */
export interface FreshTokensDeps {
  /** The profile's token in memory (TokenService.current). */
  current(profile: string): CachedToken | undefined;
  /** Reads the stored token into memory (TokenService.reload; another window may have fetched it). */
  reload(profile: string): Promise<CachedToken | undefined>;
  /** Fetches and caches a fresh token (with the caller's kind of progress); its errors reach the caller. */
  fetch(profile: string): Promise<CachedToken>;
  now?: () => number;
}

/** Hands out the cached token of a profile while it is fresh, fetching once when it is not. */
export class FreshTokens {
  private readonly inFlight = new Map<string, Promise<CachedToken>>();

  constructor(private readonly deps: FreshTokensDeps) {}

  /**
   * A token of `profile` with more than 30 s left (or an unknown expiry): the cached one, else one fetched now.
   * Rejects with whatever the fetch throws (ConfigError `profile_not_found`, KeyError `key_missing`, OAuthError,
   * NetworkError, Cancelled, …).
   */
  async get(profile: string): Promise<CachedToken> {
    const now = (this.deps.now ?? Date.now)();
    const cached = this.deps.current(profile) ?? (await this.deps.reload(profile));
    if (cached && isFresh(cached, now)) return cached;
    return this.fetchOnce(profile);
  }

  /** Whether a token can be handed out without a fetch (no network, no prompt). */
  async peek(profile: string): Promise<CachedToken | undefined> {
    const cached = this.deps.current(profile) ?? (await this.deps.reload(profile));
    return cached && isFresh(cached, (this.deps.now ?? Date.now)()) ? cached : undefined;
  }

  private fetchOnce(profile: string): Promise<CachedToken> {
    const running = this.inFlight.get(profile);
    if (running) return running;
    const started = this.deps.fetch(profile).finally(() => this.inFlight.delete(profile));
    this.inFlight.set(profile, started);
    return started;
  }
}
