/**
 * Expiry maths and the words around it, as pure functions of a token and "now" so they can be tested
 * without timers or VS Code: the status bar countdown, its state colour, its tooltip, the auto-refresh
 * moment, and timer delays clamped to what Node's timers can hold.
 */
import { formatDuration, formatRelative } from '../../core/jwt';
import { formatTemplate, type Translate } from '../base/translate';
import type { CachedToken } from './cachedToken';

/** Largest delay `setTimeout` honours; longer delays fire after 1 ms in Node, so they are clamped. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** A delay safe for `setTimeout`: NaN and negatives become 0, anything above 2^31-1 ms is clamped. */
export function clampDelay(ms: number): number {
  if (!Number.isFinite(ms)) return ms === Number.POSITIVE_INFINITY ? MAX_TIMER_DELAY_MS : 0;
  return Math.min(Math.max(0, Math.ceil(ms)), MAX_TIMER_DELAY_MS);
}

/** Milliseconds until expiry (negative once expired); `undefined` when the expiry is unknown. */
export function remainingMs(token: CachedToken, nowMs: number): number | undefined {
  return token.expiresAt === undefined ? undefined : token.expiresAt - nowMs;
}

/** How the status bar shows a token. */
export type ExpiryState = 'unknown' | 'valid' | 'warning' | 'expired';

/** `expired` at or after `expiresAt`, `warning` within `warningThresholdSeconds` of it, else `valid`. */
export function expiryState(token: CachedToken, nowMs: number, warningThresholdSeconds: number): ExpiryState {
  const left = remainingMs(token, nowMs);
  if (left === undefined) return 'unknown';
  if (left <= 0) return 'expired';
  const threshold = Number.isFinite(warningThresholdSeconds) ? Math.max(0, warningThresholdSeconds) : 0;
  return left <= threshold * 1000 ? 'warning' : 'valid';
}

/** The countdown for `remaining` ms, rounded up to whole seconds so it reads 0:01 until the very end. */
export function countdownText(remaining: number): string {
  return formatDuration(Math.ceil(Math.max(0, remaining) / 1000) * 1000);
}

/** Escapes `$(` so a profile name is never rendered as a codicon in a status bar label. */
export function escapeLabelIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}

/** Status bar text: `$(key) <profile> 9:41`, `$(key) <profile> expired`, or `$(key) <profile>` when unknown. */
export function statusText(profile: string, token: CachedToken, nowMs: number, t: Translate = formatTemplate): string {
  const name = escapeLabelIcons(profile);
  const left = remainingMs(token, nowMs);
  if (left === undefined) return `$(key) ${name}`;
  if (left <= 0) return `$(key) ${name} ${t('expired')}`;
  return `$(key) ${name} ${countdownText(left)}`;
}

/** Wall-clock time of `ms` in local time, 24-hour `HH:MM:SS`. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** The sentence about a token's expiry: `expires in 9m 59s (at 10:41:02)`, `expired 2m ago (at …)`, or unknown. */
export function expirySentence(token: CachedToken, nowMs: number, t: Translate = formatTemplate): string {
  if (token.expiresAt === undefined) return t('expiry unknown (the server sent no expires_in)');
  const clock = formatClock(token.expiresAt);
  const relative = formatRelative(token.expiresAt, nowMs);
  return token.expiresAt > nowMs
    ? t('expires {0} (at {1})', relative, clock)
    : t('expired {0} (at {1})', relative, clock);
}

/** The message after a successful fetch: `Token for <profile> expires in 9m 59s (at 10:41:02)`. */
export function fetchSuccessMessage(
  profile: string,
  token: CachedToken,
  nowMs: number,
  t: Translate = formatTemplate,
): string {
  if (token.expiresAt === undefined)
    return t('Token for {0} received; the server did not say when it expires', profile);
  return t('Token for {0} {1}', profile, expirySentence(token, nowMs, t));
}

/** Tooltip lines: profile, scope, absolute expiry, and what clicking does. */
export function statusTooltip(
  profile: string,
  token: CachedToken,
  nowMs: number,
  t: Translate = formatTemplate,
): string {
  const lines = [t('Client Creds token for {0}', profile)];
  if (token.dpop) lines.push(t('Type: DPoP (bound to DPoP key {0})', token.dpop.thumbprint));
  if (token.scope) lines.push(t('Scope: {0}', token.scope));
  lines.push(t('Obtained at {0}', formatClock(token.obtainedAt)));
  const expiry = expirySentence(token, nowMs, t);
  lines.push(expiry.charAt(0).toUpperCase() + expiry.slice(1));
  lines.push(
    token.dpop
      ? t('Click for Copy Authorization for a Request, Fetch New Token, Inspect Claims')
      : t('Click for Copy Bearer Token, Fetch New Token, Inspect Claims'),
  );
  return lines.join('\n');
}

/** True while the countdown changes every second (a known expiry not yet reached). */
export function needsTicking(token: CachedToken | undefined, nowMs: number): boolean {
  if (!token) return false;
  const left = remainingMs(token, nowMs);
  return left !== undefined && left > 0;
}

/**
 * Delay until a fresh token should be fetched: `autoRefreshSeconds` before expiry, but never before half
 * the token's lifetime (a token shorter than the lead time would otherwise be refreshed in a loop).
 * `undefined` when auto-refresh is off, the expiry is unknown, or the token already expired (a window
 * opened the next morning does not fetch on its own).
 */
export function autoRefreshDelay(token: CachedToken, nowMs: number, autoRefreshSeconds: number): number | undefined {
  if (!Number.isFinite(autoRefreshSeconds) || autoRefreshSeconds <= 0) return undefined;
  if (token.expiresAt === undefined || token.expiresAt <= nowMs) return undefined;
  const lifetime = token.expiresAt - token.obtainedAt;
  const refreshAt = Math.max(token.expiresAt - autoRefreshSeconds * 1000, token.obtainedAt + lifetime / 2);
  return clampDelay(refreshAt - nowMs);
}
