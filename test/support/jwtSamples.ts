// Builds JWT text for the webview tests: real base64url JSON segments, so core/jwt decodes them as it would any token.

/** base64url of the JSON of `value`. */
export function segment(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** `header.payload.signature` with a fixed placeholder signature (these tests never verify it). */
export function unsignedJwt(
  payload: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'PS256', typ: 'at+jwt' },
): string {
  return `${segment(header)}.${segment(payload)}.c2lnbmF0dXJl`;
}

/** A claim value designed to break out of HTML if it were ever parsed as markup. */
export const SCRIPT_BREAKOUT = '</script><img src=x onerror=alert(1)>';

/** A claim value that would be a script link if it were ever made into an anchor. */
export const JS_URL = 'javascript:alert(document.domain)';

/** Right-to-left override: makes "txt.exe" read as "exe.txt". */
export const RLO = '\u202E';

/** `depth` levels of nested arrays around a string. */
export function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** JWT text whose `claim` is `depth` nested arrays, built as text (JSON.stringify cannot nest that deep). */
export function deeplyNestedJwt(claim: string, depth: number): string {
  const payload = `{"${claim}":${'['.repeat(depth)}"bottom"${']'.repeat(depth)}}`;
  return `${segment({ alg: 'PS256' })}.${Buffer.from(payload).toString('base64url')}.c2lnbmF0dXJl`;
}
