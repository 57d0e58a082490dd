/**
 * Secrets inside a token endpoint's answer, found by field and removed by value before any part of the answer reaches
 * an error message. A token is a secret because of the field it is in (`access_token`, `refresh_token`, `id_token`,
 * …), whatever its length or shape: a 32-character opaque token looks like any other word. Once found, the value is
 * removed wherever else it appears (an `error_description` quoting it, a broken body shown as an excerpt), and so is
 * the client assertion that was sent, should the server echo it.
 */
import { stripBom } from './jsonText';

/** The fields whose values are secrets in a token endpoint answer (RFC 6749 §5.1, OpenID Connect Core, RFC 8693). */
export const SECRET_RESPONSE_FIELDS = [
  'access_token',
  'refresh_token',
  'id_token',
  'issued_token',
  'client_assertion',
  'assertion',
  'client_secret',
  'registration_access_token',
  'device_code',
] as const;

/** What replaces a secret in a message. */
export const REDACTED = '[redacted]';

/** Values shorter than this are only removed where they stand in a secret field, not everywhere (they are words). */
export const MIN_REDACTED_VALUE_LENGTH = 4;

const NAMES = SECRET_RESPONSE_FIELDS.join('|');
// `"access_token": "value"` in JSON (escapes included), and `access_token=value` in a form or a query.
const JSON_FIELD = new RegExp(`("(?:${NAMES})"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)(")`, 'gi');
const JSON_UNTERMINATED = new RegExp(`("(?:${NAMES})"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)$`, 'i');
const FORM_FIELD = new RegExp(`(\\b(?:${NAMES})=)([^&\\s"'<]+)`, 'gi');

function collectFromJson(value: unknown, out: Set<string>, depth: number): void {
  if (depth > 4 || typeof value !== 'object' || value === null) return;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string' && (SECRET_RESPONSE_FIELDS as readonly string[]).includes(key.toLowerCase())) {
      if (v !== '') out.add(v);
    } else if (typeof v === 'object') collectFromJson(v, out, depth + 1);
  }
}

/**
 * Every secret value in `body`: the strings in {@link SECRET_RESPONSE_FIELDS} of the JSON (nested objects included),
 * and, for a body that is not JSON or was cut short, what follows those field names in JSON or form style. Both the
 * raw and the JSON-unescaped spelling of a value are returned. Never throws.
 */
export function secretsInResponse(body: string): string[] {
  const out = new Set<string>();
  try {
    collectFromJson(JSON.parse(stripBom(body)), out, 0);
  } catch {
    // Not JSON: the patterns below still find the fields.
  }
  for (const m of body.matchAll(JSON_FIELD)) if (m[2]) out.add(m[2]);
  const cut = JSON_UNTERMINATED.exec(body);
  if (cut?.[2]) out.add(cut[2]);
  for (const m of body.matchAll(FORM_FIELD)) {
    if (!m[2]) continue;
    out.add(m[2]);
    try {
      out.add(decodeURIComponent(m[2]));
    } catch {
      // Not percent-encoded after all.
    }
  }
  return [...out];
}

/**
 * `text` with the values of secret fields replaced in place (any length), then every `secrets` value of at least
 * {@link MIN_REDACTED_VALUE_LENGTH} characters replaced wherever it occurs, longest first so that a value inside
 * another is not left half-removed.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text
    .replace(JSON_FIELD, `$1${REDACTED}$3`)
    .replace(JSON_UNTERMINATED, `$1${REDACTED}`)
    .replace(FORM_FIELD, `$1${REDACTED}`);
  const values = [...new Set(secrets)]
    .filter((v) => v.length >= MIN_REDACTED_VALUE_LENGTH)
    .sort((a, b) => b.length - a.length);
  for (const value of values) out = out.split(value).join(REDACTED);
  return out;
}
