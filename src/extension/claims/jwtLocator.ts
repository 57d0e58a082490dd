/**
 * Finds a JWT in editor text: the one under the cursor on a line, or the first one in a selection.
 * A candidate must decode to JSON header and payload objects (core/jwt), so base64-looking noise,
 * dotted identifiers and JWEs are not offered. Scanning is linear in the text (no backtracking
 * regular expressions over untrusted lines) and the number of decode attempts is capped.
 */
import { type DecodedJwt, decodeToken, MAX_TOKEN_CHARS } from '../../core/jwt';

/** A JWT found in text: `[start, end)` offsets and the decoded token. */
export interface FoundJwt {
  start: number;
  end: number;
  text: string;
  decoded: DecodedJwt;
}

/** Decode attempts made in one selection before giving up. */
const MAX_ATTEMPTS = 64;

function isTokenChar(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x2d || // -
    code === 0x5f || // _
    code === 0x2e // .
  );
}

/** Decodes `text` (found at `start`) as a JWT; undefined unless header and payload are JSON objects. */
function tryText(text: string, start: number): FoundJwt | undefined {
  // Every JSON object header starts with `{"`, which is `eyJ` in base64url.
  if (!text.startsWith('eyJ') || text.length > MAX_TOKEN_CHARS) return undefined;
  const decoded = decodeToken(text);
  return decoded.kind === 'jwt' ? { start, end: start + text.length, text, decoded } : undefined;
}

/** Tries the three segments starting at `first` of the run beginning at `runStart`. */
function tryWindow(segments: string[], offsets: number[], first: number, runStart: number): FoundJwt | undefined {
  if (first < 0 || first + 2 >= segments.length) return undefined;
  return tryText(segments.slice(first, first + 3).join('.'), runStart + (offsets[first] ?? 0));
}

function splitRun(run: string): { segments: string[]; offsets: number[] } {
  const segments = run.split('.');
  const offsets: number[] = [];
  let at = 0;
  for (const s of segments) {
    offsets.push(at);
    at += s.length + 1;
  }
  return { segments, offsets };
}

/** The JWT that covers `offset` in `line` (the cursor may also sit just after its last character). */
export function findJwtAt(line: string, offset: number): FoundJwt | undefined {
  let at = Math.min(Math.max(0, offset), line.length);
  if (!isTokenChar(line.charCodeAt(at)) && at > 0 && isTokenChar(line.charCodeAt(at - 1))) at--;
  if (!isTokenChar(line.charCodeAt(at))) return undefined;
  let start = at;
  let end = at;
  while (start > 0 && isTokenChar(line.charCodeAt(start - 1)) && at - start <= MAX_TOKEN_CHARS) start--;
  while (end < line.length && isTokenChar(line.charCodeAt(end)) && end - at <= MAX_TOKEN_CHARS) end++;
  // Only the three dot-separated windows that contain the cursor's segment can be the answer, so only the
  // nearest dots on each side matter (a run of a million dots is not split).
  const left: number[] = [];
  for (let i = at - 1; i >= start && left.length < 3; i--) if (line.charCodeAt(i) === 0x2e) left.push(i);
  const right: number[] = [];
  for (let i = at; i < end && right.length < 3; i++) if (line.charCodeAt(i) === 0x2e) right.push(i);
  const segmentStart = (j: number) => (j < left.length ? (left[j] ?? 0) + 1 : j === left.length ? start : -1);
  const segmentEnd = (m: number) => (m < right.length ? (right[m] ?? 0) : m === right.length ? end : -1);
  for (const back of [2, 1, 0]) {
    const from = segmentStart(back);
    const to = segmentEnd(2 - back);
    if (from < 0 || to < 0) continue;
    const found = tryText(line.slice(from, to), from);
    if (found) return found;
  }
  return undefined;
}

/** The first JWT anywhere in `text` (a selection may hold `Authorization: Bearer …`, quotes, JSON). */
export function findJwtIn(text: string): FoundJwt | undefined {
  let attempts = 0;
  let i = 0;
  while (i < text.length) {
    while (i < text.length && !isTokenChar(text.charCodeAt(i))) i++;
    const runStart = i;
    while (i < text.length && isTokenChar(text.charCodeAt(i))) i++;
    if (i - runStart < 5) continue;
    const { segments, offsets } = splitRun(text.slice(runStart, i));
    for (let first = 0; first + 2 < segments.length; first++) {
      if (!segments[first]?.startsWith('eyJ')) continue;
      if (++attempts > MAX_ATTEMPTS) return undefined;
      const found = tryWindow(segments, offsets, first, runStart);
      if (found) return found;
    }
  }
  return undefined;
}
