/**
 * Fetching a fresh token (with a fresh assertion) N seconds before the active token expires. Every
 * window of a user sees the same token through SecretStorage, so each fire waits a random moment and
 * re-reads the stored token first: when another window already refreshed it, this one only reschedules.
 */

import { Disposable, type DisposableLike, timeoutTimer } from '../base/dispose';
import type { CachedToken } from './cachedToken';
import { autoRefreshDelay, clampDelay } from './expiry';
import type { Log } from './log';

/** What auto-refresh reads and does, injected. */
export interface AutoRefreshDeps {
  activeProfile(): string | undefined;
  current(profile: string): CachedToken | undefined;
  /** Re-reads the stored token (another window may have refreshed it). */
  reload(profile: string): Promise<CachedToken | undefined>;
  /** `clientCreds.autoRefreshSeconds` (0 = off). */
  seconds(): number;
  /** Workspace trust: no assertion is sent from an untrusted workspace. */
  isTrusted(): boolean;
  refresh(profile: string): Promise<void>;
  /** Told once per token when its refresh failed (no retry until the token changes). */
  onFailure?(profile: string, error: unknown): void;
  log: Log;
  now?: () => number;
  /** Extra delay spreading windows apart (default up to 5 s). */
  jitterMs?: () => number;
  schedule?: (callback: () => void, ms: number) => DisposableLike;
}

/** The one pending refresh of the active profile's token. */
export class AutoRefresh extends Disposable {
  private pending: DisposableLike | undefined;
  private running = false;
  /** `obtainedAt` of a token whose refresh failed: not retried in a loop. */
  private failedFor: number | undefined;
  /** `obtainedAt` of a token whose refresh was skipped for lack of trust: waits for trust, no loop. */
  private untrustedFor: number | undefined;

  constructor(private readonly deps: AutoRefreshDeps) {
    super();
    this._register({ dispose: () => this.pending?.dispose() });
  }

  /** Recomputes when to refresh; call after the token, the active profile or the setting changed. */
  reschedule(): void {
    this.pending?.dispose();
    this.pending = undefined;
    if (this.isDisposed) return;
    const profile = this.deps.activeProfile();
    const token = profile === undefined ? undefined : this.deps.current(profile);
    if (profile === undefined || token === undefined || token.obtainedAt === this.failedFor) return;
    if (token.obtainedAt === this.untrustedFor && !this.deps.isTrusted()) return;
    const now = (this.deps.now ?? Date.now)();
    const delay = autoRefreshDelay(token, now, this.deps.seconds());
    if (delay === undefined) return;
    const jitter = (this.deps.jitterMs ?? (() => Math.floor(Math.random() * 5000)))();
    const schedule = this.deps.schedule ?? timeoutTimer;
    // The jitter goes inside the clamp: a delay over 2^31-1 ms would fire after 1 ms, in a loop.
    this.pending = schedule(() => void this.fire(profile, token.obtainedAt), clampDelay(delay + jitter));
  }

  /** Whether a refresh is waiting (for tests and the status tooltip). */
  get isScheduled(): boolean {
    return this.pending !== undefined;
  }

  private async fire(profile: string, obtainedAt: number): Promise<void> {
    this.pending = undefined;
    if (this.running || this.isDisposed) return;
    this.running = true;
    try {
      if (profile !== this.deps.activeProfile()) return;
      const latest = await this.deps.reload(profile);
      const now = (this.deps.now ?? Date.now)();
      // A clamped long delay fires early, and another window may have refreshed already: only a token
      // that is still the one scheduled for and is due now gets refreshed.
      if (!latest || latest.obtainedAt !== obtainedAt) return;
      const due = autoRefreshDelay(latest, now, this.deps.seconds());
      if (due === undefined || due > 1000) return;
      if (!this.deps.isTrusted()) {
        // Not rescheduled for this token until trust is granted (reschedule() then runs again).
        this.untrustedFor = obtainedAt;
        this.deps.log.info(`auto-refresh of "${profile}" skipped: the workspace is not trusted`);
        return;
      }
      this.deps.log.info(`auto-refreshing the token of "${profile}"`);
      await this.deps.refresh(profile);
    } catch (e) {
      this.failedFor = obtainedAt;
      this.deps.log.error(`auto-refresh of "${profile}" failed`, e);
      this.deps.onFailure?.(profile, e);
    } finally {
      this.running = false;
      this.reschedule();
    }
  }
}
