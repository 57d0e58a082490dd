/**
 * The non-secret state that survives a window reload, and the fingerprint that ties it to a token.
 * The fingerprint is a short SHA-256 prefix: enough to tell whether the token cache still holds
 * the same token, useless for recovering it.
 */
import type { PanelState, TokenSource } from '../../shared/protocol';

const SOURCES: ReadonlySet<string> = new Set<TokenSource>(['token', 'assertion', 'editor']);

/** First 16 hex digits of SHA-256 over the token. */
export function tokenFingerprint(token: string): string {
  // node:crypto loads on the first fingerprint, not at activation (this module is imported at start-up).
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 16);
}

/** The state the webview keeps for this token. */
export function panelStateFor(source: TokenSource, title: string, token: string): PanelState {
  return { v: 1, source, title, fingerprint: tokenFingerprint(token) };
}

/** Reads state handed back by a restored webview; anything malformed yields undefined. */
export function parsePanelState(raw: unknown): PanelState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Record<string, unknown>;
  if (s.v !== 1 || typeof s.source !== 'string' || !SOURCES.has(s.source)) return undefined;
  if (typeof s.title !== 'string' || s.title.length > 300) return undefined;
  if (typeof s.fingerprint !== 'string' || !/^[0-9a-f]{16}$/.test(s.fingerprint)) return undefined;
  return { v: 1, source: s.source as TokenSource, title: s.title, fingerprint: s.fingerprint };
}
