/**
 * Builds the claims panel in the DOM from a {@link ClaimsView}. Every string from the token goes in
 * through {@link h} as a text node; nothing here parses HTML or creates links, so a claim such as
 * `</script><img src=x onerror=alert(1)>` or `javascript:alert(1)` is shown as the text it is.
 */

import type {
  ClaimRow,
  ClaimsView,
  DisplayText,
  DpopView,
  LintView,
  SignatureView,
  TimelineView,
  TokenSource,
} from '../shared/protocol';
import { absoluteTime, isoTime, relativeTime, timelinePosition } from './clock';
import { append, clear, h } from './dom';
import { type IconName, icon } from './icons';

/** What the panel asks of its host. */
export interface PanelActions {
  reveal(): void;
  copy(): void;
}

const SOURCE_LINE: Record<TokenSource, string> = {
  token: 'Access token from the token endpoint',
  assertion: 'Client assertion signed with your private key',
  editor: 'Decoded from an editor',
};

const SIGNATURE_ICON: Record<SignatureView['state'], IconName> = {
  pending: 'info',
  verified: 'verified',
  invalid: 'invalid',
  not_verified: 'unverified',
  no_key: 'unverified',
  unsupported: 'unverified',
  alg_none: 'blocked',
  opaque: 'blocked',
  error: 'warning',
};

const DPOP_ICON: Record<DpopView['state'], IconName> = {
  bound: 'verified',
  mismatch: 'invalid',
  'no-cnf': 'unverified',
  opaque: 'unverified',
  'no-key': 'warning',
};

const LINT_ICON: Record<LintView['level'], IconName> = { error: 'invalid', warning: 'warning', info: 'info' };

const MASK = '••••••••••••••••';

/** Values longer than this get a scrolling box. */
const LONG_VALUE_CHARS = 400;

/** The notes under a value: truncation and escaped characters. */
function notes(doc: Document, t: DisplayText): Node | undefined {
  const parts: string[] = [];
  if (t.truncatedBytes !== undefined) parts.push(`(truncated, ${t.truncatedBytes} bytes)`);
  if (t.escaped > 0) {
    parts.push(`${t.escaped} invisible, control or bidi character${t.escaped === 1 ? '' : 's'} shown as \\u escapes`);
  }
  return parts.length ? h(doc, 'small', { class: 'note' }, parts.join(' · ')) : undefined;
}

/** The claims panel inside `root`. */
export class ClaimsPanelView {
  private readonly doc: Document;
  private liveTimes: { el: HTMLElement; atMs: number }[] = [];
  private timeline: { view: TimelineView; bar: HTMLProgressElement; text: HTMLElement } | undefined;
  private raw: { code: HTMLElement; button: HTMLButtonElement; length: number } | undefined;
  private signatureLine: HTMLElement | undefined;
  private status: HTMLElement | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: PanelActions,
  ) {
    this.doc = root.ownerDocument;
  }

  /** Replaces the panel's content with `view` as of `nowMs`. */
  render(view: ClaimsView, nowMs: number): void {
    const doc = this.doc;
    clear(this.root);
    this.liveTimes = [];
    this.timeline = undefined;
    this.status = h(doc, 'p', { id: 'status-message', class: 'status', role: 'status', 'aria-live': 'polite' });
    append(
      this.root,
      h(doc, 'header', { class: 'panel-header' }, h(doc, 'h1', { id: 'title' }, view.title)),
      h(doc, 'p', { class: 'source', id: 'source', 'data-source': view.source }, SOURCE_LINE[view.source]),
      this.signatureSection(view.signature),
      view.dpop ? this.dpopSection(view.dpop) : undefined,
      view.timeline ? this.timelineSection(view.timeline) : undefined,
      view.scopes.length ? this.scopesSection(view.scopes) : undefined,
      view.lint.length ? this.lintSection(view.lint) : undefined,
      view.kind === 'jwt'
        ? this.tableSection('payload', 'Payload', view.payload, view.omitted.payload)
        : h(
            doc,
            'section',
            { id: 'opaque', 'aria-labelledby': 'opaque-heading' },
            h(doc, 'h2', { id: 'opaque-heading' }, 'Opaque token'),
            h(doc, 'p', {}, 'Not a JWT: only the server that issued it can read it. Its expiry comes from expires_in.'),
          ),
      view.kind === 'jwt' ? this.tableSection('header', 'Header', view.header, view.omitted.header) : undefined,
      this.rawSection(view.tokenLength),
      this.status,
    );
    this.root.setAttribute('aria-busy', 'false');
    this.tick(nowMs);
  }

  /** Shows the result of the signature check. */
  setSignature(signature: SignatureView): void {
    if (!this.signatureLine) return;
    this.fillSignature(this.signatureLine, signature);
  }

  /** Shows the raw token (the host sends it only after the user clicked Reveal). */
  showToken(token: string): void {
    if (!this.raw) return;
    this.raw.code.textContent = token;
    this.raw.code.setAttribute('data-revealed', 'true');
    this.setRevealButton(true);
  }

  /** Masks the raw token again and drops it from the page. */
  hideToken(): void {
    if (!this.raw) return;
    this.raw.code.textContent = `${MASK} (${this.raw.length} characters)`;
    this.raw.code.setAttribute('data-revealed', 'false');
    this.setRevealButton(false);
  }

  /** True while the raw token is on the page. */
  get tokenShown(): boolean {
    return this.raw?.code.getAttribute('data-revealed') === 'true';
  }

  /** Announces a finished copy. */
  copied(): void {
    if (this.status) this.status.textContent = 'Token copied to the clipboard.';
  }

  /** Replaces everything with a message (used when a restored panel's token is gone). */
  unavailable(title: string, message: string): void {
    const doc = this.doc;
    clear(this.root);
    this.liveTimes = [];
    this.timeline = undefined;
    this.raw = undefined;
    this.signatureLine = undefined;
    append(
      this.root,
      h(doc, 'header', { class: 'panel-header' }, h(doc, 'h1', { id: 'title' }, title)),
      h(doc, 'p', { id: 'unavailable', class: 'unavailable', role: 'alert' }, icon(doc, 'info'), ' ', message),
    );
    this.root.setAttribute('aria-busy', 'false');
  }

  /** Moves the timeline and relative times to `nowMs` (called every second). */
  tick(nowMs: number): void {
    for (const { el, atMs } of this.liveTimes) el.textContent = relativeTime(atMs, nowMs);
    if (!this.timeline) return;
    const pos = timelinePosition(this.timeline.view, nowMs);
    const { bar, text } = this.timeline;
    bar.setAttribute('data-state', pos.state);
    bar.setAttribute('aria-valuetext', pos.text);
    // A native <progress>: no style attribute to write, so the CSP needs no 'unsafe-inline'.
    if (pos.percent === undefined) bar.removeAttribute('value');
    else bar.setAttribute('value', pos.percent.toFixed(2));
    text.textContent = pos.text;
  }

  /** A relative time that {@link tick} keeps current. */
  private live(atMs: number): HTMLElement {
    const el = h(this.doc, 'span', { class: 'relative' });
    this.liveTimes.push({ el, atMs });
    return el;
  }

  private fillSignature(el: HTMLElement, signature: SignatureView): void {
    clear(el);
    el.setAttribute('data-state', signature.state);
    append(el, icon(this.doc, SIGNATURE_ICON[signature.state] ?? 'info'), ' ', signature.summary.text);
  }

  private signatureSection(signature: SignatureView): HTMLElement {
    const doc = this.doc;
    this.signatureLine = h(doc, 'p', { id: 'signature-status', class: 'signature', role: 'status' });
    this.fillSignature(this.signatureLine, signature);
    return h(
      doc,
      'section',
      { id: 'signature', 'aria-labelledby': 'signature-heading' },
      h(doc, 'h2', { id: 'signature-heading' }, 'Signature'),
      this.signatureLine,
    );
  }

  private dpopSection(dpop: DpopView): HTMLElement {
    const doc = this.doc;
    const line = h(doc, 'p', { id: 'dpop-status', class: 'signature', role: 'status', 'data-state': dpop.state });
    append(line, icon(doc, DPOP_ICON[dpop.state] ?? 'info'), ' ', dpop.summary.text);
    return h(
      doc,
      'section',
      { id: 'dpop', 'aria-labelledby': 'dpop-heading' },
      h(doc, 'h2', { id: 'dpop-heading' }, 'DPoP'),
      line,
    );
  }

  private timelineSection(view: TimelineView): HTMLElement {
    const doc = this.doc;
    const bar = h(doc, 'progress', {
      id: 'timeline',
      class: 'timeline',
      max: '100',
      'aria-label': 'Token lifetime used',
      'aria-describedby': 'timeline-text',
    });
    const text = h(doc, 'p', { id: 'timeline-text', class: 'timeline-text' });
    this.timeline = { view, bar, text };
    const end = (label: string, atMs: number | undefined) =>
      atMs === undefined
        ? h(doc, 'span', {}, `${label}: unknown`)
        : h(doc, 'span', { title: isoTime(atMs) }, `${label} ${absoluteTime(atMs)} · `, this.live(atMs));
    return h(
      doc,
      'section',
      { id: 'lifetime', 'aria-labelledby': 'lifetime-heading' },
      h(doc, 'h2', { id: 'lifetime-heading' }, 'Lifetime'),
      bar,
      h(doc, 'div', { class: 'timeline-ends' }, end(view.startLabel, view.startMs), end('Expires', view.endMs)),
      text,
    );
  }

  private scopesSection(scopes: DisplayText[]): HTMLElement {
    const doc = this.doc;
    return h(
      doc,
      'section',
      { id: 'scopes', 'aria-labelledby': 'scopes-heading' },
      h(doc, 'h2', { id: 'scopes-heading' }, 'Scopes'),
      h(
        doc,
        'ul',
        { class: 'chips', 'aria-labelledby': 'scopes-heading' },
        ...scopes.map((s) => h(doc, 'li', { class: 'chip' }, s.text)),
      ),
    );
  }

  private lintSection(lint: LintView[]): HTMLElement {
    const doc = this.doc;
    const items = lint.map((f) =>
      h(
        doc,
        'li',
        { class: 'finding', 'data-level': f.level },
        icon(doc, LINT_ICON[f.level] ?? 'info'),
        ' ',
        h(doc, 'strong', {}, `${f.level}: `),
        f.message.text,
        ' ',
        h(doc, 'small', { class: 'code' }, `(${f.code})`),
      ),
    );
    return h(
      doc,
      'section',
      { id: 'lint', 'aria-labelledby': 'lint-heading' },
      h(doc, 'h2', { id: 'lint-heading' }, 'Assertion checks'),
      h(doc, 'ul', { class: 'findings' }, ...items),
    );
  }

  private valueCell(row: ClaimRow): HTMLElement {
    const doc = this.doc;
    // Long values scroll inside their cell; a scrollable box must be reachable by keyboard.
    const scrolls = row.multiline || row.value.text.length > LONG_VALUE_CHARS;
    const focus = scrolls ? { tabindex: '0', 'aria-label': `Value of ${row.name.text}` } : {};
    const value = row.multiline
      ? h(doc, 'pre', { class: 'json', ...focus }, h(doc, 'code', {}, row.value.text))
      : h(doc, 'code', { class: `value kind-${row.kind}${scrolls ? ' long' : ''}`, ...focus }, row.value.text);
    const time = row.time
      ? h(
          doc,
          'div',
          { class: 'time', title: isoTime(row.time.atMs) },
          absoluteTime(row.time.atMs),
          ' · ',
          this.live(row.time.atMs),
          row.time.unit === 'milliseconds'
            ? h(doc, 'small', { class: 'note' }, ' (milliseconds; RFC 7519 uses seconds)')
            : undefined,
        )
      : undefined;
    return h(doc, 'td', {}, value, time, notes(doc, row.value));
  }

  private tableSection(id: 'payload' | 'header', title: string, rows: ClaimRow[], omitted: number): HTMLElement {
    const doc = this.doc;
    const body = rows.map((row) =>
      h(
        doc,
        'tr',
        { 'data-claim': row.name.text },
        h(doc, 'th', { scope: 'row' }, h(doc, 'code', {}, row.name.text), notes(doc, row.name)),
        this.valueCell(row),
        h(
          doc,
          'td',
          { class: 'meaning' },
          row.info ? h(doc, 'strong', {}, row.info.label) : undefined,
          row.info ? h(doc, 'span', { class: 'description' }, ` ${row.info.description}`) : undefined,
        ),
      ),
    );
    return h(
      doc,
      'section',
      { id, 'aria-labelledby': `${id}-heading` },
      h(doc, 'h2', { id: `${id}-heading` }, title),
      h(
        doc,
        'table',
        { id: `${id}-table`, class: 'claims' },
        h(doc, 'caption', { class: 'visually-hidden' }, `${title} claims`),
        h(
          doc,
          'thead',
          {},
          h(
            doc,
            'tr',
            {},
            h(doc, 'th', { scope: 'col' }, 'Name'),
            h(doc, 'th', { scope: 'col' }, 'Value'),
            h(doc, 'th', { scope: 'col' }, 'Meaning'),
          ),
        ),
        h(doc, 'tbody', {}, ...body),
      ),
      omitted > 0 ? h(doc, 'p', { class: 'note' }, `${omitted} more not shown.`) : undefined,
    );
  }

  private rawSection(length: number): HTMLElement {
    const doc = this.doc;
    const code = h(doc, 'code', { id: 'raw-token', class: 'raw', 'data-revealed': 'false' });
    const button = h(doc, 'button', { id: 'reveal', type: 'button', class: 'action', 'aria-controls': 'raw-token' });
    const copy = h(
      doc,
      'button',
      { id: 'copy', type: 'button', class: 'action', title: 'Copy the raw token to the clipboard' },
      icon(doc, 'copy'),
      ' Copy',
    );
    button.addEventListener('click', () => {
      if (this.tokenShown) this.hideToken();
      else this.actions.reveal();
    });
    copy.addEventListener('click', () => this.actions.copy());
    this.raw = { code, button, length };
    this.hideToken();
    return h(
      doc,
      'section',
      { id: 'raw', 'aria-labelledby': 'raw-heading' },
      h(doc, 'h2', { id: 'raw-heading' }, 'Raw token'),
      h(doc, 'p', { class: 'raw-line' }, code),
      h(doc, 'div', { class: 'actions' }, button, copy),
    );
  }

  private setRevealButton(shown: boolean): void {
    if (!this.raw) return;
    const { button } = this.raw;
    clear(button);
    append(button, icon(this.doc, shown ? 'eyeClosed' : 'eye'), shown ? ' Hide' : ' Reveal');
    button.setAttribute('aria-pressed', String(shown));
    button.setAttribute('title', shown ? 'Mask the raw token again' : 'Show the raw token');
  }
}
