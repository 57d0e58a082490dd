/**
 * Untrusted server text made safe for one line of an error message, a log or a terminal: no control or bidi
 * characters, no line breaks, nothing that looks like a JWT or a long token, and a bounded length.
 */

/**
 * A PEM block that holds key or certificate material: a BEGIN line, optional RFC 1421 headers (Proc-Type, DEK-Info),
 * then base64, up to the END line or the end of the text (a block cut short is still material). A BEGIN line with
 * no base64 after it, as in a hint that names the marker ("a PEM file with -----BEGIN CERTIFICATE-----"), is not.
 */
export const PEM_BLOCK =
  /-----BEGIN [A-Z0-9 ]+-----(?=\s*(?:[A-Za-z-]+:[^\n]*\n\s*)*[A-Za-z0-9+/]{16})[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g;

const JWT_LIKE = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*)*/g;
const LONG_TOKEN_LIKE = /[A-Za-z0-9_\-+/=.~]{48,}/g;
// C0/C1 controls, zero-width and bidi formatting characters: none may reach a terminal or a notification.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the purpose
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+/g;

/**
 * Untrusted server text made safe for one line of a message: control and bidi characters become spaces, whitespace
 * collapses, anything that looks like a JWT or a long token becomes "[redacted]", and the result is cut to `max`
 * characters (with "…"). Never returns markup-active or multi-line text.
 */
export function printableText(text: string, max = 120): string {
  const cleaned = text
    .slice(0, 8 * max)
    .replace(JWT_LIKE, '[redacted]')
    .replace(LONG_TOKEN_LIKE, '[redacted]')
    .replace(UNPRINTABLE, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
}

/** A short excerpt of an untrusted response body for an error message: {@link printableText}, JSON-quoted. */
export function bodyExcerpt(text: string, max = 120): string {
  return JSON.stringify(printableText(text, max));
}
