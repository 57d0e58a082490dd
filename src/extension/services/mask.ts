/**
 * Masking of secrets in text bound for the log: a safety net under the rule that keys, assertions and
 * tokens are never logged on purpose. Anything that looks like one is replaced, even at the cost of
 * hiding a harmless value (a `kid` thumbprint, a long id).
 */

import { PEM_BLOCK } from '../../core/printable';

/** What replaces a masked value; the kind is kept so a reader knows what was there. */
export const MASK = {
  pem: '[masked PEM]',
  jwt: '[masked JWT]',
  value: '[masked]',
} as const;

// JWS (3 segments) or JWE (5 segments) compact form. A JOSE header is JSON, so its base64url starts
// with "ey" ('{"'); the second pattern catches headers encoded with whitespace first.
const JWT_EY = /ey[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?/g;
const JWT_LONG = /[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g;
// Values of fields that are secret by name, in JSON, form or header style.
const NAMED =
  /((?:access_token|refresh_token|id_token|client_assertion|client_secret|assertion|password|passphrase|private_?key|authorization)["']?\s*[:=]\s*["']?(?:bearer\s+)?)([^\s"'&,;}]+)/gi;
const BEARER = /(\bbearer\s+)([^\s"'&,;}]+)/gi;
// Long runs of the base64 / base64url alphabet with mixed case and digits (key material, opaque
// tokens), and long hex runs. UUIDs and lowercase URL paths do not match, so client ids stay readable.
const RUN = /[A-Za-z0-9+/_=-]{40,}/g;
const HEX = /\b[0-9a-fA-F]{40,}\b/g;

/** Shortest exact secret worth masking by value; shorter strings would hide ordinary words. */
export const MIN_EXACT_SECRET_LENGTH = 8;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function looksRandom(run: string): boolean {
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run);
}

/**
 * Returns `text` with PEM blocks, JWT-shaped strings, named secret fields, bearer values, long base64 or
 * hex runs, and every `exact` secret (of at least {@link MIN_EXACT_SECRET_LENGTH} characters) replaced by
 * a mask. Never throws; non-strings are not accepted (format first, then mask).
 */
export function maskSecrets(text: string, exact: Iterable<string> = []): string {
  let out = text;
  const values = [...exact].filter((v) => v.length >= MIN_EXACT_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  for (const value of values) out = out.replace(new RegExp(escapeRegExp(value), 'g'), MASK.value);
  // A PEM block with material, or one whose end was cut off (the rest of the text is then masked).
  out = out.replace(PEM_BLOCK, MASK.pem);
  out = out.replace(JWT_EY, MASK.jwt);
  out = out.replace(JWT_LONG, MASK.jwt);
  out = out.replace(NAMED, (_m, name: string, value: string) =>
    value.startsWith('[masked') ? `${name}${value}` : `${name}${MASK.value}`,
  );
  out = out.replace(BEARER, (_m, name: string, value: string) =>
    value.startsWith('[masked') ? `${name}${value}` : `${name}${MASK.value}`,
  );
  out = out.replace(RUN, (run) => (looksRandom(run) ? MASK.value : run));
  out = out.replace(HEX, MASK.value);
  return out;
}
