/**
 * The text of the JWT hover, as Markdown, and the arguments of its one command link. Claim values
 * are untrusted: each is escaped for display (control and bidi characters made visible), cut short,
 * and then every ASCII punctuation character is backslash-escaped, so no value can open a link, an
 * autolink (`https\://…` no longer matches), HTML, emphasis or a command. The command link carries
 * the document URI and the token's range, never the token itself. No `vscode` import.
 */

import { type DecodedJwt, timeClaims } from '../../core/jwt';
import { CommandId } from '../contract';
import { displayString } from './displayText';

/** The command the hover may run (the MarkdownString's `enabledCommands` allows only this one). */
export const DECODE_COMMAND = CommandId.DecodeJwt;

/** Longest value shown in a hover line. */
const HOVER_LIMITS = { maxChars: 120, maxDepth: 1 };

/** Where a hovered token is: what Decode JWT receives from the hover link. */
export interface TokenLocation {
  uri: string;
  /** startLine, startCharacter, endLine, endCharacter (zero-based). */
  range: [number, number, number, number];
}

/** Backslash-escapes every ASCII punctuation character (CommonMark allows escaping all of them). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** Compact JSON, or a placeholder for a value nested too deep for JSON.stringify (hostile tokens). */
function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Array.isArray(value) ? '[…]' : '{…}';
  }
}

function show(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (Array.isArray(value)) text = value.map((v) => (typeof v === 'string' ? v : json(v))).join(', ');
  else text = json(value);
  const safe = displayString(text, HOVER_LIMITS);
  return escapeMarkdown(safe.truncatedBytes === undefined ? safe.text : `${safe.text}…`);
}

/** The compact decode: alg, iss, sub, aud and exp (relative and absolute), whichever the token has. */
export function hoverLines(decoded: DecodedJwt, nowMs: number): { label: string; value: string }[] {
  const lines: { label: string; value: string }[] = [];
  if (decoded.header.alg !== undefined) lines.push({ label: 'alg', value: show(decoded.header.alg) });
  for (const name of ['iss', 'sub', 'aud'] as const) {
    if (decoded.payload[name] !== undefined) lines.push({ label: name, value: show(decoded.payload[name]) });
  }
  const exp = timeClaims(decoded.payload, nowMs).find((t) => t.name === 'exp');
  if (exp) {
    const when = exp.date.getTime() <= nowMs ? `expired ${exp.relative}` : `expires ${exp.relative}`;
    lines.push({ label: 'exp', value: escapeMarkdown(`${when} (${exp.date.toISOString()})`) });
  } else if (decoded.payload.exp !== undefined) {
    lines.push({ label: 'exp', value: show(decoded.payload.exp) });
  }
  return lines;
}

/** The `command:` link target for Decode JWT at `location`; parentheses are encoded so the link cannot end early. */
export function decodeCommandUri(location: TokenLocation): string {
  const args = encodeURIComponent(JSON.stringify([location])).replace(
    /[()'!*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `command:${DECODE_COMMAND}?${args}`;
}

/** The whole hover as Markdown. */
export function hoverMarkdown(decoded: DecodedJwt, nowMs: number, location: TokenLocation): string {
  const parts = ['**JWT** (decoded here; signature not checked)', ''];
  for (const { label, value } of hoverLines(decoded, nowMs)) parts.push(`**${label}**: ${value}  `);
  parts.push('', `[Open in Claims panel](${decodeCommandUri(location)} "Open in the Claims panel")`);
  return parts.join('\n');
}

/** Reads Decode JWT's argument when it came from the hover link; anything else yields undefined. */
export function parseTokenLocation(arg: unknown): TokenLocation | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { uri, range } = arg as { uri?: unknown; range?: unknown };
  if (typeof uri !== 'string' || uri.length === 0 || uri.length > 4096) return undefined;
  if (!Array.isArray(range) || range.length !== 4) return undefined;
  if (!range.every((n) => Number.isSafeInteger(n) && n >= 0)) return undefined;
  const [sl, sc, el, ec] = range as number[];
  return { uri, range: [sl ?? 0, sc ?? 0, el ?? 0, ec ?? 0] };
}
