/**
 * Time maths for the panel's live parts: where "now" sits on the lifetime bar and how the relative
 * times read. Pure, DOM-free, so it is tested with fixed clocks.
 */
import { formatRelative } from '../core/jwt';
import type { TimelineView } from '../shared/protocol';

/** Under this much time left, the bar turns to the warning colour. */
export const WARNING_MS = 60_000;

/** Where the token is in its life. */
export type LifeState = 'not_yet_valid' | 'valid' | 'expiring' | 'expired' | 'no_expiry';

/** The bar at one instant. */
export interface TimelinePosition {
  state: LifeState;
  /** 0–100, or undefined when the start is unknown. */
  percent: number | undefined;
  /** What a screen reader hears for the bar, and the line under it. */
  text: string;
}

/** The bar's position and wording at `nowMs`. */
export function timelinePosition(t: TimelineView, nowMs: number): TimelinePosition {
  const { startMs, endMs } = t;
  if (endMs === undefined) {
    return { state: 'no_expiry', percent: undefined, text: 'No expiry is known for this token' };
  }
  let percent: number | undefined;
  if (startMs !== undefined && endMs > startMs) {
    percent = Math.min(100, Math.max(0, ((nowMs - startMs) / (endMs - startMs)) * 100));
  }
  if (nowMs >= endMs) return { state: 'expired', percent: 100, text: `Expired ${formatRelative(endMs, nowMs)}` };
  if (startMs !== undefined && nowMs < startMs && t.startLabel === 'Not before') {
    return { state: 'not_yet_valid', percent: 0, text: `Not valid yet: valid ${formatRelative(startMs, nowMs)}` };
  }
  const state = endMs - nowMs <= WARNING_MS ? 'expiring' : 'valid';
  return { state, percent, text: `Expires ${formatRelative(endMs, nowMs)}` };
}

/** A time relative to now: 'in 9m 41s', '3m ago'. */
export function relativeTime(atMs: number, nowMs: number): string {
  return formatRelative(atMs, nowMs);
}

/** The local date and time with the zone, as the user's locale writes it. */
export function absoluteTime(atMs: number): string {
  const d = new Date(atMs);
  if (Number.isNaN(d.getTime())) return 'invalid date';
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'long' });
}

/** The same instant in UTC ISO 8601, for a tooltip. */
export function isoTime(atMs: number): string {
  const d = new Date(atMs);
  return Number.isNaN(d.getTime()) ? 'invalid date' : d.toISOString();
}
