/**
 * Checks messages arriving in the webview before they are rendered: only the host's message types,
 * with the fields each one needs. The view's strings are still placed as text only; this check keeps
 * a malformed message from half-rendering the panel.
 */
import { HOST_MESSAGE_TYPES, type HostMessage } from '../shared/protocol';

const TYPES: ReadonlySet<string> = new Set(HOST_MESSAGE_TYPES);

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isDisplayText(x: unknown): boolean {
  return isObject(x) && typeof x.text === 'string' && typeof x.escaped === 'number';
}

function isSignature(x: unknown): boolean {
  return isObject(x) && typeof x.state === 'string' && isDisplayText(x.summary);
}

/** The message when it is one the host sends, else undefined. Never throws. */
export function parseHostMessage(raw: unknown): HostMessage | undefined {
  if (!isObject(raw) || typeof raw.type !== 'string' || !TYPES.has(raw.type)) return undefined;
  switch (raw.type) {
    case 'render': {
      const view = raw.view;
      const ok =
        isObject(view) &&
        Array.isArray(view.header) &&
        Array.isArray(view.payload) &&
        Array.isArray(view.scopes) &&
        Array.isArray(view.lint) &&
        isSignature(view.signature) &&
        isObject(view.omitted) &&
        typeof view.tokenLength === 'number' &&
        typeof view.title === 'string' &&
        isObject(raw.state);
      return ok ? (raw as unknown as HostMessage) : undefined;
    }
    case 'signature':
      return isSignature(raw.signature) ? (raw as unknown as HostMessage) : undefined;
    case 'revealed':
      return typeof raw.token === 'string' ? { type: 'revealed', token: raw.token } : undefined;
    case 'copied':
      return { type: 'copied' };
    case 'unavailable':
      return typeof raw.title === 'string' && typeof raw.message === 'string'
        ? { type: 'unavailable', title: raw.title, message: raw.message }
        : undefined;
    default:
      return undefined;
  }
}
