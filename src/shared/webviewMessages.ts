/**
 * Validation of messages from the claims webview. The webview renders untrusted claims, so the host
 * treats what it posts as untrusted too: only the allow-listed message types pass, extra fields are
 * dropped, anything else is ignored and described (by type name only, cut short) for the log.
 */
import { WEBVIEW_MESSAGE_TYPES, type WebviewMessage } from './protocol';

const ALLOWED: ReadonlySet<string> = new Set(WEBVIEW_MESSAGE_TYPES);

/** Either a valid message, or the reason it was refused (safe to log: never echoes the payload). */
export type ParsedWebviewMessage = { ok: true; message: WebviewMessage } | { ok: false; reason: string };

/** Checks a raw `onDidReceiveMessage` value against the allow-list; never throws. */
export function parseWebviewMessage(raw: unknown): ParsedWebviewMessage {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: `message is not an object (${raw === null ? 'null' : typeof raw})` };
  }
  const type = Object.hasOwn(raw, 'type') ? (raw as { type: unknown }).type : undefined;
  if (typeof type !== 'string') return { ok: false, reason: 'message has no string type' };
  if (!ALLOWED.has(type)) {
    const shown = type.slice(0, 40).replace(/[^A-Za-z0-9_.:-]/g, '?');
    return { ok: false, reason: `unknown message type "${shown}"` };
  }
  // Only the type is carried over: no message the webview may send has a payload.
  return { ok: true, message: { type } as WebviewMessage };
}
