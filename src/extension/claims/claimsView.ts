/**
 * The rendering model of the claims panel: a decoded token becomes rows of display-ready text with
 * explanations, time values, scope chips and a timeline. Pure and `vscode`-free, so it is tested
 * without an editor; the webview only places these strings with `textContent`.
 */
import type { LintFinding } from '../../core/assertion';
import { type ClaimPart, explainClaim } from '../../core/claimInfo';
import { type DecodedToken, timeClaims } from '../../core/jwt';
import type {
  ClaimRow,
  ClaimsView,
  DisplayText,
  DpopView,
  LintView,
  SignatureView,
  TimelineView,
  TimeValue,
  TokenSource,
} from '../../shared/protocol';
import { displayString, displayValue, SHORT_LIMITS, VALUE_LIMITS } from './displayText';

/** Rows listed per table; a token with more claims gets a "N more not shown" note instead. */
export const MAX_ROWS = 200;
/** Scope chips shown at most. */
export const MAX_SCOPES = 100;

/** What the host knows besides the token itself. */
export interface ClaimsViewInput {
  title: string;
  source: TokenSource;
  decoded: DecodedToken;
  tokenLength: number;
  signature: SignatureView;
  /** The DPoP line, for a DPoP token only. */
  dpop?: DpopView;
  lint?: readonly LintFinding[];
  /** When the token was obtained (ms), for tokens without `iat`, such as opaque ones. */
  obtainedAt?: number;
  /** Expiry from the token response's `expires_in` (ms), for tokens without `exp`. */
  expiresAt?: number;
}

function rowsOf(
  record: Record<string, unknown>,
  part: ClaimPart,
  times: ReadonlyMap<string, TimeValue>,
): { rows: ClaimRow[]; omitted: number } {
  const names = Object.keys(record);
  const rows = names.slice(0, MAX_ROWS).map((name): ClaimRow => {
    const { value, kind, multiline } = displayValue(record[name], VALUE_LIMITS);
    const row: ClaimRow = { name: displayString(name, SHORT_LIMITS), value, kind, multiline };
    const info = explainClaim(name, part);
    if (info) row.info = { label: info.label, description: info.description };
    const time = part === 'payload' ? times.get(name) : undefined;
    if (time) row.time = time;
    return row;
  });
  return { rows, omitted: Math.max(0, names.length - MAX_ROWS) };
}

/** Scope chips from `scope` (space-separated, RFC 8693) or `scp` (a list or a string, as some servers send). */
export function scopesOf(payload: Record<string, unknown>): DisplayText[] {
  const raw = typeof payload.scope === 'string' ? payload.scope : payload.scp;
  let names: string[] = [];
  if (typeof raw === 'string') names = raw.split(/[ \t\n\r]+/);
  else if (Array.isArray(raw)) names = raw.filter((s): s is string => typeof s === 'string');
  return names
    .filter((s) => s.length > 0)
    .slice(0, MAX_SCOPES)
    .map((s) => displayString(s, SHORT_LIMITS));
}

/** The lifetime bar: issued (or not-before, or obtained) through expiry; undefined when neither end is known. */
export function timelineOf(
  times: ReadonlyMap<string, TimeValue>,
  obtainedAt?: number,
  expiresAt?: number,
): TimelineView | undefined {
  const iat = times.get('iat')?.atMs;
  const nbf = times.get('nbf')?.atMs;
  const endMs = times.get('exp')?.atMs ?? expiresAt;
  let start: { ms: number; label: string } | undefined;
  if (iat !== undefined) start = { ms: iat, label: 'Issued' };
  else if (nbf !== undefined) start = { ms: nbf, label: 'Not before' };
  else if (obtainedAt !== undefined) start = { ms: obtainedAt, label: 'Obtained' };
  if (start === undefined && endMs === undefined) return undefined;
  const view: TimelineView = { startLabel: start?.label ?? 'Issued' };
  if (start) view.startMs = start.ms;
  if (endMs !== undefined) view.endMs = endMs;
  return view;
}

/** Lint findings with their messages made safe (they may quote claim values). */
export function lintOf(lint: readonly LintFinding[] = []): LintView[] {
  return lint.map((f) => ({
    level: f.level,
    code: displayString(f.code, SHORT_LIMITS).text,
    message: displayString(f.message, VALUE_LIMITS),
  }));
}

/** The whole panel model for one token. Never contains the raw token. */
export function buildClaimsView(input: ClaimsViewInput, nowMs: number): ClaimsView {
  const base = {
    title: input.title,
    source: input.source,
    signature: input.signature,
    ...(input.dpop ? { dpop: input.dpop } : {}),
    lint: lintOf(input.lint),
    tokenLength: input.tokenLength,
  };
  if (input.decoded.kind === 'opaque') {
    const timeline = timelineOf(new Map(), input.obtainedAt, input.expiresAt);
    return {
      ...base,
      kind: 'opaque',
      header: [],
      payload: [],
      omitted: { header: 0, payload: 0 },
      scopes: [],
      ...(timeline ? { timeline } : {}),
    };
  }
  const { header, payload } = input.decoded;
  const times = new Map<string, TimeValue>(
    timeClaims(payload, nowMs).map((t) => [t.name, { atMs: t.date.getTime(), unit: t.unit }]),
  );
  const headerRows = rowsOf(header, 'header', new Map());
  const payloadRows = rowsOf(payload, 'payload', times);
  const timeline = timelineOf(times, input.obtainedAt, input.expiresAt);
  return {
    ...base,
    kind: 'jwt',
    header: headerRows.rows,
    payload: payloadRows.rows,
    omitted: { header: headerRows.omitted, payload: payloadRows.omitted },
    scopes: scopesOf(payload),
    ...(timeline ? { timeline } : {}),
  };
}
