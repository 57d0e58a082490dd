/**
 * Turns untrusted token text into {@link DisplayText}: invisible, control and bidi characters become
 * visible `\uXXXX` escapes (so U+202E cannot reorder what the user reads), long values are cut with
 * their original size noted, and nested JSON is pretty-printed with a depth cap and an output budget
 * (so a 1 MB claim or 10 000 levels of nesting never reach the webview whole). No `vscode` import.
 */
import type { DisplayText, ValueKind } from '../../shared/protocol';

/** Limits for one value. */
export interface DisplayLimits {
  /** Characters of the original value kept before the cut. */
  maxChars: number;
  /** Levels of arrays/objects printed before `[…]` / `{…}` stands in for the rest. */
  maxDepth: number;
}

/** Defaults for a claim value in the panel. */
export const VALUE_LIMITS: DisplayLimits = { maxChars: 4096, maxDepth: 6 };
/** Defaults for a claim name, a scope, a hover line. */
export const SHORT_LIMITS: DisplayLimits = { maxChars: 256, maxDepth: 2 };

// C0 and C1 controls, DEL, soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width
// and bidi marks, embeddings, overrides and isolates, line/paragraph separators, invisible operators,
// BOM, interlinear annotations, lone surrogates and the Unicode tag block (used to smuggle hidden text).
const INVISIBLE = new RegExp(
  '[\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2028\\u2029' +
    '\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb\\ud800-\\udfff\\u{e0000}-\\u{e007f}]',
  'gu',
);

function escapeCodePoint(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return cp > 0xffff ? `\\u{${cp.toString(16).toUpperCase()}}` : `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Replaces every invisible, control or bidi character with a visible escape; counts them. */
export function escapeInvisible(text: string, keepNewlines = false): { text: string; escaped: number } {
  let escaped = 0;
  const out = text.replace(INVISIBLE, (ch) => {
    if (keepNewlines && ch === '\n') return ch;
    escaped++;
    return escapeCodePoint(ch);
  });
  return { text: out, escaped };
}

/** UTF-8 size of a string, without allocating a copy of it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Cuts `text` to at most `maxChars` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, maxChars: number): string {
  let end = Math.max(0, maxChars);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

/**
 * A string made safe to show: cut to `limits.maxChars` (noting the original UTF-8 size) and then
 * escaped. `keepNewlines` leaves `\n` alone for pretty-printed JSON; everything else is escaped.
 */
export function displayString(text: string, limits: DisplayLimits = VALUE_LIMITS, keepNewlines = false): DisplayText {
  const truncated = text.length > limits.maxChars;
  const kept = truncated ? cut(text, limits.maxChars) : text;
  const { text: safe, escaped } = escapeInvisible(kept, keepNewlines);
  return truncated ? { text: safe, escaped, truncatedBytes: utf8Length(text) } : { text: safe, escaped };
}

/** The JSON kind of a decoded value. */
export function kindOf(value: unknown): ValueKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'object';
  }
}

class Budget {
  used = 0;
  exhausted = false;
  constructor(readonly limit: number) {}
  /** Adds `piece` if there is room; once the budget is gone every later piece is dropped. */
  take(parts: string[], piece: string): boolean {
    if (this.exhausted) return false;
    if (this.used + piece.length > this.limit) {
      parts.push(piece.slice(0, Math.max(0, this.limit - this.used)));
      this.used = this.limit;
      this.exhausted = true;
      return false;
    }
    parts.push(piece);
    this.used += piece.length;
    return true;
  }
}

// Recursion depth is bounded by maxDepth, so hostile nesting cannot overflow the stack here.
function writeJson(value: unknown, depth: number, indent: string, maxDepth: number, out: string[], budget: Budget) {
  if (value === null || typeof value !== 'object') {
    const literal = JSON.stringify(value) ?? 'null';
    budget.take(out, literal);
    return;
  }
  const isArray = Array.isArray(value);
  const keys = isArray ? [] : Object.keys(value);
  const size = isArray ? value.length : keys.length;
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (size === 0) {
    budget.take(out, open + close);
    return;
  }
  if (depth >= maxDepth) {
    budget.take(out, `${open}… ${size} ${isArray ? 'items' : 'keys'}${close}`);
    return;
  }
  const inner = `${indent}  `;
  if (!budget.take(out, `${open}\n`)) return;
  for (let i = 0; i < size; i++) {
    if (!budget.take(out, inner)) return;
    if (isArray) {
      writeJson(value[i], depth + 1, inner, maxDepth, out, budget);
    } else {
      const key = keys[i] as string;
      if (!budget.take(out, `${JSON.stringify(key)}: `)) return;
      writeJson((value as Record<string, unknown>)[key], depth + 1, inner, maxDepth, out, budget);
    }
    if (!budget.take(out, i < size - 1 ? ',\n' : '\n')) return;
  }
  budget.take(out, indent + close);
}

/**
 * Pretty JSON of a decoded array or object, at most `maxDepth` levels deep and `maxChars` long,
 * then escaped. The note on truncation gives the size of the full compact JSON when it can be
 * measured cheaply (it is bounded by the token, which the host already holds).
 */
export function displayJson(value: unknown, limits: DisplayLimits = VALUE_LIMITS): DisplayText {
  const out: string[] = [];
  const budget = new Budget(limits.maxChars);
  writeJson(value, 0, '', limits.maxDepth, out, budget);
  const { text, escaped } = escapeInvisible(out.join(''), true);
  if (!budget.exhausted) return { text, escaped };
  let full = 0;
  try {
    full = utf8Length(JSON.stringify(value) ?? '');
  } catch {
    // A structure too deep for JSON.stringify still displays; its size is then unknown.
  }
  return { text, escaped, truncatedBytes: full };
}

/** A claim value for a table cell: strings and scalars as text, arrays and objects as pretty JSON. */
export function displayValue(
  value: unknown,
  limits: DisplayLimits = VALUE_LIMITS,
): { value: DisplayText; kind: ValueKind; multiline: boolean } {
  const kind = kindOf(value);
  if (kind === 'string') return { value: displayString(value as string, limits), kind, multiline: false };
  if (kind === 'array' || kind === 'object') {
    const compact = compactJson(value);
    if (compact !== undefined) return { value: displayString(compact, limits), kind, multiline: false };
    const shown = displayJson(value, limits);
    return { value: shown, kind, multiline: shown.text.includes('\n') };
  }
  return { value: { text: String(value), escaped: 0 }, kind, multiline: false };
}

/** One-line JSON for a short flat array or object (like an `aud` list), else undefined. */
function compactJson(value: unknown): string | undefined {
  const items = Array.isArray(value) ? value : Object.values(value as object);
  if (items.length > 8 || items.some((v) => v !== null && typeof v === 'object')) return undefined;
  if (items.some((v) => typeof v === 'string' && v.length > 80)) return undefined;
  const text = JSON.stringify(value, null, 1)?.replace(/\n\s*/g, ' ');
  return text !== undefined && text.length <= 120 ? text.replace(/\[ /, '[').replace(/ \]$/, ']') : undefined;
}
