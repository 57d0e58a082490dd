/**
 * Key text as people store it: the bytes of a key file decoded (UTF-8 with or without a BOM, UTF-16 LE/BE), and PEM
 * text put back into shape after an environment variable, a `.env` file, a JSON or YAML value or a secret manager
 * mangled it (literal `\n` escapes, surrounding quotes, one line, indentation). Pure text work: nothing here reads a
 * key, and nothing here puts key text into an error.
 */

/** What a key file's bytes turned out to be: text to parse, or binary data (DER, PKCS#12). */
export type DecodedKeyBytes = { kind: 'text'; text: string } | { kind: 'binary'; bytes: Uint8Array };

/** One complete PEM block, rebuilt in RFC 7468 §2 form (64-character lines), with its label. */
export interface PemBlock {
  label: string;
  /** The block as canonical PEM text, ending in a newline. */
  pem: string;
  /** The decoded body (DER); empty when the body is not base64. */
  der: Buffer;
  /** False when the body held characters that are neither base64 nor whitespace nor escapes. */
  clean: boolean;
}

/**
 * Decodes a key file: a UTF-16 LE/BE byte order mark (or the NUL pattern of BOM-less UTF-16 text) gives UTF-16,
 * a UTF-8 BOM is dropped, data starting with a DER SEQUENCE tag (0x30) is binary, anything else is UTF-8 text.
 */
export function decodeKeyBytes(bytes: Uint8Array): DecodedKeyBytes {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xff && b[1] === 0xfe) return { kind: 'text', text: b.subarray(2).toString('utf16le') };
  if (b[0] === 0xfe && b[1] === 0xff) return { kind: 'text', text: swapBytes(b.subarray(2)).toString('utf16le') };
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { kind: 'text', text: b.subarray(3).toString('utf8') };
  if (looksLikeBomlessUtf16(b, 1)) return { kind: 'text', text: b.toString('utf16le') };
  if (looksLikeBomlessUtf16(b, 0)) return { kind: 'text', text: swapBytes(b).toString('utf16le') };
  if (b[0] === 0x30) return { kind: 'binary', bytes: b };
  return { kind: 'text', text: b.toString('utf8') };
}

function swapBytes(b: Buffer): Buffer {
  const out = Buffer.from(b.subarray(0, b.length - (b.length % 2)));
  return out.swap16();
}

/** ASCII text in UTF-16 has a NUL in every other byte; `nulAt` 0 is big-endian, 1 little-endian. */
function looksLikeBomlessUtf16(b: Buffer, nulAt: 0 | 1): boolean {
  if (b.length < 8 || b.length % 2 !== 0) return false;
  const n = Math.min(b.length, 64);
  for (let i = 0; i < n; i += 2) {
    if (b[i + nulAt] !== 0 || b[i + 1 - nulAt] === 0) return false;
  }
  return true;
}

/**
 * The text without a BOM, surrounding whitespace and one level of surrounding quotes (`"…"`, `'…'`, `` `…` ``).
 * A double-quoted text that is a JSON string is decoded as JSON, so its `\n`, `\"` and `\uXXXX` escapes become
 * the characters they stand for.
 */
export function unwrapKeyText(text: string): string {
  let t = text.replace(/^\uFEFF/, '').trim();
  const first = t[0];
  if (t.length >= 2 && (first === '"' || first === "'" || first === '`') && t.endsWith(first)) {
    if (first === '"') {
      try {
        const decoded: unknown = JSON.parse(t);
        if (typeof decoded === 'string') return decoded.trim();
      } catch {
        // Not a JSON string (a quoted PEM with real line breaks): just drop the quotes.
      }
    }
    t = t.slice(1, -1).trim();
  }
  return t;
}

// A backslash is not in the base64 alphabet, so inside a PEM block `\n`, `\r` and `\t` (once or doubly escaped)
// can only be escapes of the line breaks that were there: unescaping them there is unambiguous.
const LITERAL_ESCAPES = /\\+[nrt]/g;
const MARKER = /-----(BEGIN|END) ([A-Z0-9 ]{1,64})-----/g;
const LEGACY_HEADERS = /^\s*(Proc-Type:\s*\S+)\s+(DEK-Info:\s*\S+)\s+/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The complete BEGIN/END blocks of a text, each rebuilt as RFC 7468 §2 PEM: whitespace anywhere in the body is
 * ignored (one-line, indented, CRLF and blank-line variants all read), literal `\n`/`\r`/`\t` escapes inside a
 * block are dropped, and legacy `Proc-Type`/`DEK-Info` headers are kept on their own lines. One linear pass over
 * the markers (a lazy regex with a back-reference would go quadratic on text full of BEGIN lines without END).
 */
export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  let open: { label: string; end: number } | undefined;
  for (const m of text.matchAll(MARKER)) {
    const label = m[2] ?? '';
    if (m[1] === 'BEGIN') open = { label, end: m.index + m[0].length };
    else if (open && open.label === label) {
      out.push(rebuildBlock(label, text.slice(open.end, m.index)));
      open = undefined;
    }
  }
  return out;
}

/** True when the text holds a BEGIN line at all (to tell "incomplete PEM" from "not PEM"). */
export function hasPemMarker(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]{1,64}-----/.test(text);
}

function rebuildBlock(label: string, inner: string): PemBlock {
  let body = inner.replace(LITERAL_ESCAPES, ' ');
  let headers = '';
  const legacy = LEGACY_HEADERS.exec(body);
  if (legacy) {
    headers = `${legacy[1]}\n${legacy[2]}\n\n`;
    body = body.slice(legacy[0].length);
  }
  body = body.replace(/\s+/g, '');
  const clean = BASE64.test(body) && body.length % 4 !== 1;
  const lines = body.match(/.{1,64}/g) ?? [];
  const pem = `-----BEGIN ${label}-----\n${headers}${lines.join('\n')}${lines.length ? '\n' : ''}-----END ${label}-----\n`;
  return { label, pem, der: clean ? Buffer.from(body, 'base64') : Buffer.alloc(0), clean };
}

/**
 * The bytes of a text that is nothing but base64 (a DER key or a PKCS#12 file pasted or stored without PEM lines,
 * as secret stores hand out `.pfx` files), when they start like DER (a SEQUENCE); else undefined.
 */
export function bareBase64Der(text: string): Uint8Array | undefined {
  const body = text.replace(LITERAL_ESCAPES, '').replace(/\s+/g, '');
  if (body.length < 64 || !BASE64.test(body.replace(/-/g, '+').replace(/_/g, '/'))) return undefined;
  const der = Buffer.from(body, body.includes('-') || body.includes('_') ? 'base64url' : 'base64');
  return der[0] === 0x30 ? der : undefined;
}
