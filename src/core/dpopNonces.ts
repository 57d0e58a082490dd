/**
 * The DPoP nonces servers hand out (RFC 9449 §8, §9): a server that wants proofs to carry its nonce says so in a
 * `DPoP-Nonce` response header, and the client puts the latest one in its next proofs to that server. One small
 * cache per client, keyed by origin (scheme, host and port), least recently used dropped first.
 */

import { checkDpopNonce } from './dpopProof';
import { isClientCredsError } from './errors';

/** How many servers' nonces a cache keeps by default. */
export const DEFAULT_NONCE_CACHE_SIZE = 32;

/** The latest DPoP nonce of each server (by origin). Nonces are not secrets, but they are never logged either. */
export class DpopNonceCache {
  private readonly nonces = new Map<string, string>();

  /** `maxOrigins`: how many servers to remember (at least 1; default {@link DEFAULT_NONCE_CACHE_SIZE}). */
  constructor(private readonly maxOrigins: number = DEFAULT_NONCE_CACHE_SIZE) {}

  /** The nonce last remembered for the origin of `url`, or undefined (also for a URL that does not parse). */
  get(url: string): string | undefined {
    const origin = originOf(url);
    return origin === undefined ? undefined : this.nonces.get(origin);
  }

  /**
   * Remembers `nonce` for the origin of `url`, replacing the previous one. Throws ConfigError `dpop_invalid_nonce`
   * for a value that is not an RFC 9449 §8.1 nonce; a URL that does not parse is ignored.
   */
  remember(url: string, nonce: string): void {
    const origin = originOf(url);
    if (origin === undefined) return;
    checkDpopNonce(nonce);
    this.nonces.delete(origin);
    this.nonces.set(origin, nonce);
    while (this.nonces.size > Math.max(1, this.maxOrigins)) {
      const oldest = this.nonces.keys().next().value;
      if (oldest === undefined) break;
      this.nonces.delete(oldest);
    }
  }

  /**
   * Remembers the `DPoP-Nonce` header of a response from `url` (header names lower case, as HttpResponse has them)
   * and returns it; undefined when there is none or it is not a valid nonce (a malformed header is ignored, never
   * echoed into a proof).
   */
  rememberFrom(url: string, headers: Readonly<Record<string, string>>): string | undefined {
    const value = headers['dpop-nonce']?.trim();
    if (!value) return undefined;
    try {
      this.remember(url, value);
      return value;
    } catch (e) {
      if (isClientCredsError(e) && e.code === 'dpop_invalid_nonce') return undefined;
      throw e;
    }
  }

  /** Forgets every nonce. */
  clear(): void {
    this.nonces.clear();
  }
}

function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? undefined : parsed.origin;
  } catch {
    return undefined;
  }
}
