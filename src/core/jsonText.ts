/**
 * JSON text as servers send it. RFC 8259 §8.1 forbids a byte order mark before JSON but lets parsers ignore one, and
 * IIS, .NET and some gateways send it; `fetch().json()` ignores it (its UTF-8 decode drops a leading BOM), so every
 * JSON document Client Creds reads goes through here and does the same.
 */

const BOM = '\uFEFF';

/** `text` without one leading U+FEFF byte order mark (a BOM in the middle is content and stays). */
export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/**
 * Decodes a UTF-8 body the way `fetch().text()` does: invalid sequences become U+FFFD and one leading BOM is dropped.
 * `bytes` is the raw body.
 */
export function decodeUtf8Body(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** `JSON.parse` after {@link stripBom}; throws SyntaxError like JSON.parse for anything that is not JSON. */
export function parseJsonText(text: string): unknown {
  return JSON.parse(stripBom(text));
}
