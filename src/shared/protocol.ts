/**
 * The typed message protocol of the claims panel, shared by the extension host and the webview.
 *
 * The host owns the token: it decodes it, turns it into a {@link ClaimsView} of display-ready text,
 * and sends only that view. The raw token crosses to the webview in exactly one message,
 * `revealed`, and only as the answer to a `reveal` request (the user clicked Reveal).
 * Every string in a view that came from the token is already made safe for display (control and
 * bidi characters escaped, long values truncated, deep nesting capped); the webview still renders it
 * with `textContent` only.
 *
 * This module has no runtime dependencies, so both bundles (node and browser) can import it.
 */

/** Where the token in the panel came from. */
export type TokenSource = 'token' | 'assertion' | 'editor';

/** Untrusted text after escaping and truncation, ready for `textContent`. */
export interface DisplayText {
  text: string;
  /** How many invisible, control or bidi characters were replaced by visible `\uXXXX` escapes. */
  escaped: number;
  /** UTF-8 size of the original value when it was cut for display. */
  truncatedBytes?: number;
}

/** The JSON kind of a claim's value, for styling. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';

/** The explanation of a well-known claim or header parameter. */
export interface ClaimExplanation {
  label: string;
  description: string;
}

/** A time claim's instant, for absolute and live relative display. */
export interface TimeValue {
  atMs: number;
  unit: 'seconds' | 'milliseconds';
}

/** One row of the header or payload table. */
export interface ClaimRow {
  name: DisplayText;
  value: DisplayText;
  kind: ValueKind;
  /** True when the value is pretty JSON spanning several lines. */
  multiline: boolean;
  info?: ClaimExplanation;
  time?: TimeValue;
}

/** The outcome of the signature check, as the panel shows it. */
export type SignatureState =
  | 'pending'
  | 'verified'
  | 'invalid'
  | 'not_verified'
  | 'no_key'
  | 'unsupported'
  | 'alg_none'
  | 'opaque'
  | 'error';

/** The signature line of the panel. */
export interface SignatureView {
  state: SignatureState;
  /** One short sentence, written by the host (may quote escaped token text). */
  summary: DisplayText;
}

/** The DPoP line of the panel (RFC 9449): how the token's `cnf.jkt` compares with the profile's DPoP key. */
export interface DpopView {
  state: 'bound' | 'mismatch' | 'no-cnf' | 'opaque' | 'no-key';
  summary: DisplayText;
}

/** One assertion lint finding. */
export interface LintView {
  level: 'error' | 'warning' | 'info';
  code: string;
  message: DisplayText;
}

/** The lifetime bar: from `startMs` (issued, not-before or obtained) through now to `endMs` (expiry). */
export interface TimelineView {
  startMs?: number;
  startLabel: string;
  endMs?: number;
}

/** Everything the panel shows, without the raw token. */
export interface ClaimsView {
  title: string;
  source: TokenSource;
  kind: 'jwt' | 'opaque';
  header: ClaimRow[];
  payload: ClaimRow[];
  /** Rows left out because the token had more claims than the panel lists. */
  omitted: { header: number; payload: number };
  scopes: DisplayText[];
  signature: SignatureView;
  /** Only for a DPoP token of a profile. */
  dpop?: DpopView;
  lint: LintView[];
  timeline?: TimelineView;
  /** Length of the raw token in characters, shown next to the mask. */
  tokenLength: number;
}

/**
 * What the webview keeps with `setState` so the panel can be restored after a reload.
 * Non-secret on purpose: no raw token, no claims, only a SHA-256 prefix to recognise the token.
 */
export interface PanelState {
  v: 1;
  source: TokenSource;
  title: string;
  fingerprint: string;
}

/** Host → webview. */
export type HostMessage =
  | { type: 'render'; view: ClaimsView; state: PanelState }
  | { type: 'signature'; signature: SignatureView }
  | { type: 'revealed'; token: string }
  | { type: 'copied' }
  | { type: 'unavailable'; title: string; message: string };

/** Webview → host. Anything else the host receives is ignored and logged. */
export type WebviewMessage = { type: 'ready' } | { type: 'reveal' } | { type: 'copy' };

/** The message types a webview may send, in one list so host validation and tests share it. */
export const WEBVIEW_MESSAGE_TYPES = ['ready', 'reveal', 'copy'] as const satisfies readonly WebviewMessage['type'][];

/** The message types the host sends. */
export const HOST_MESSAGE_TYPES = [
  'render',
  'signature',
  'revealed',
  'copied',
  'unavailable',
] as const satisfies readonly HostMessage['type'][];
