/**
 * One long-lived HTTP client for the claims panel's JWKS checks, created on first use with the current
 * proxy/CA/timeout settings, and recreated after those settings change. The token fetch uses its own
 * client per request (see TokenService), so a settings change can never reuse a stale proxy there.
 */
import type { HttpClient, HttpOptions } from '../../core/http';
import type { DisposableLike } from '../base/dispose';

/** A lazily created, resettable HTTP client. */
export class SharedHttpClient implements DisposableLike {
  private client: Promise<HttpClient> | undefined;

  constructor(private readonly options: () => Promise<HttpOptions>) {}

  /** The client, created on the first call (this is where undici is first loaded). */
  get(): Promise<HttpClient> {
    this.client ??= (async () => {
      const [{ createHttpClient }, options] = await Promise.all([import('../../core/http'), this.options()]);
      return createHttpClient(options);
    })();
    const pending = this.client;
    // A failed creation (bad proxy setting, unreadable CA file) is not cached: the next call tries again.
    pending.catch(() => {
      if (this.client === pending) this.client = undefined;
    });
    return pending;
  }

  /** Closes the current client (if any); the next `get()` makes a new one from fresh settings. */
  reset(): void {
    const old = this.client;
    this.client = undefined;
    void old?.then((c) => c.close()).catch(() => {});
  }

  dispose(): void {
    this.reset();
  }
}
