/**
 * Text formatting for the CLI's human output: instants as local time plus "in 9m 41s", time-claim lines, the
 * form fields of a token request, and the summary of an access token. Pure functions, so tests can pin the layout.
 */
import type { DecodedToken, TimeClaim } from '../core/jwt';
import { formatRelative } from '../core/jwt';
import { printableText } from '../core/printable';

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2025-01-02 15:04:05 +01:00`: local time with its UTC offset, so a pasted line is unambiguous. */
export function formatLocalTime(date: Date): string {
  if (Number.isNaN(date.getTime())) return 'invalid date';
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())} ` +
    `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())} ` +
    `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}

/** `2025-01-02 15:04:05 +01:00 (in 9m 41s)`. */
export function formatInstant(ms: number, nowMs: number): string {
  return `${formatLocalTime(new Date(ms))} (${formatRelative(ms, nowMs)})`;
}

/** One line per time claim: name, local time, relative time, and a note when the value is in milliseconds. */
export function timeClaimLines(claims: readonly TimeClaim[]): string[] {
  return claims.map((c) => {
    const unit = c.unit === 'milliseconds' ? ' [milliseconds]' : '';
    return `${c.name.padEnd(9)} ${formatLocalTime(c.date)} (${c.relative})${unit}`;
  });
}

/** The lines that show a form body: `name=value`, one field per line, values as sent (URL-decoded). */
export function formLines(body: URLSearchParams): string[] {
  return [...body.entries()].map(([name, value]) => `${name}=${value}`);
}

/** The description of an access token's shape: "JWT (alg RS256, kid abc)" or "opaque (43 characters)". */
export function tokenShape(token: DecodedToken): string {
  if (token.kind === 'opaque') {
    const what = token.encrypted
      ? 'an encrypted JWT (JWE): only its audience can read the claims'
      : 'not a JWT: nothing to decode';
    return `opaque (${token.length} characters, ${what})`;
  }
  // The header comes from the server: no control or escape sequence of it may reach the terminal.
  const parts = [`alg ${printableText(String(token.header.alg), 40)}`];
  if (typeof token.header.kid === 'string') parts.push(`kid ${printableText(token.header.kid)}`);
  if (typeof token.header.typ === 'string') parts.push(`typ ${printableText(token.header.typ, 40)}`);
  return `JWT (${parts.join(', ')})`;
}

/** "expires 2025-… (in 59m 59s)" from expires_in, or the reason it is unknown. */
export function expiryLine(expiresAt: number | undefined, nowMs: number): string {
  if (expiresAt === undefined) return 'expires: unknown (the response has no expires_in)';
  const verb = expiresAt <= nowMs ? 'expired' : 'expires';
  return `${verb} ${formatInstant(expiresAt, nowMs)}`;
}
