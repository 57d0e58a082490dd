import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import { decodeToken } from '../../../src/core/jwt';
import { buildClaimsView } from '../../../src/extension/claims/claimsView';
import { initialSignature } from '../../../src/extension/claims/signatureLine';
import { h, type SafeTag } from '../../../src/webview/dom';
import { ClaimsPanelView } from '../../../src/webview/render';
import { JS_URL, nested, RLO, SCRIPT_BREAKOUT, unsignedJwt } from '../../support/jwtSamples';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const NOW_S = NOW / 1000;

function page() {
  const { document } = parseHTML('<!DOCTYPE html><html><body><main id="app" aria-busy="true"></main></body></html>');
  const doc = document as unknown as Document;
  const root = doc.getElementById('app');
  assert.ok(root);
  const calls: string[] = [];
  const panel = new ClaimsPanelView(root, { reveal: () => calls.push('reveal'), copy: () => calls.push('copy') });
  return { doc, root, panel, calls };
}

function show(token: string, panel: ClaimsPanelView): void {
  const decoded = decodeToken(token);
  const view = buildClaimsView(
    {
      title: 'Claims: Decoded JWT',
      source: 'editor',
      decoded,
      tokenLength: token.length,
      signature: initialSignature(decoded, { source: 'editor' }),
    },
    NOW,
  );
  panel.render(view, NOW);
}

function allElements(root: Element): Element[] {
  return [root, ...Array.from(root.querySelectorAll('*'))];
}

const HOSTILE = unsignedJwt({
  iss: SCRIPT_BREAKOUT,
  sub: JS_URL,
  [SCRIPT_BREAKOUT]: '<a href="javascript:alert(1)">click</a>',
  note: `safe${RLO}txt.exe`,
  website: 'https://evil.example/',
  big: 'C'.repeat(1_000_000),
  deep: nested(500),
  scope: `openid ${SCRIPT_BREAKOUT}`,
  iat: NOW_S - 60,
  exp: NOW_S + 540,
});

describe('claims panel renderer (DOM)', () => {
  test('markup in claims ends up as text nodes, never as elements', () => {
    const { root, panel } = page();
    show(HOSTILE, panel);
    const tags = new Set(allElements(root).map((e) => e.tagName.toLowerCase()));
    for (const banned of ['script', 'img', 'a', 'iframe', 'object', 'embed', 'form', 'style', 'link']) {
      assert.equal(tags.has(banned), false, `no <${banned}>`);
    }
    const text = root.textContent ?? '';
    assert.ok(text.includes(SCRIPT_BREAKOUT), 'the breakout string is shown as text');
    assert.ok(text.includes('<a href="javascript:alert(1)">click</a>'));
    const issCell = root.querySelector('tr[data-claim="iss"] td code');
    assert.ok(issCell);
    assert.equal(issCell.childNodes.length, 1);
    assert.equal(issCell.firstChild?.nodeType, 3, 'a single text node');
    assert.equal(issCell.textContent, SCRIPT_BREAKOUT);
  });

  test('no element carries an event handler, a link or an inline style', () => {
    const { root, panel } = page();
    show(HOSTILE, panel);
    for (const el of allElements(root)) {
      for (const attr of Array.from(el.attributes)) {
        assert.doesNotMatch(attr.name, /^on|^href$|^src$|^style$|^action$|^formaction$/i, `${el.tagName} ${attr.name}`);
      }
    }
  });

  test('a javascript: URL and an https URL are shown as text, not links', () => {
    const { root, panel } = page();
    show(HOSTILE, panel);
    assert.equal(root.querySelector('tr[data-claim="sub"] td code')?.textContent, JS_URL);
    assert.equal(root.querySelector('tr[data-claim="website"] td code')?.textContent, 'https://evil.example/');
    assert.equal(root.querySelectorAll('a').length, 0);
  });

  test('bidi overrides are shown escaped with a note; the raw character never reaches the page', () => {
    const { root, panel } = page();
    show(HOSTILE, panel);
    const text = root.textContent ?? '';
    assert.equal(text.includes(RLO), false);
    const cell = root.querySelector('tr[data-claim="note"] td');
    assert.match(cell?.textContent ?? '', /safe\\u202Etxt\.exe/);
    assert.match(cell?.textContent ?? '', /1 invisible, control or bidi character shown as \\u escapes/);
  });

  test('a 1 MB claim is cut with a "(truncated, N bytes)" note; deep nesting is pretty JSON with a cap', () => {
    const { root, panel } = page();
    show(HOSTILE, panel);
    const big = root.querySelector('tr[data-claim="big"] td');
    assert.match(big?.textContent ?? '', /\(truncated, 1000000 bytes\)/);
    assert.ok((big?.textContent ?? '').length < 10_000);
    const deep = root.querySelector('tr[data-claim="deep"] pre.json code');
    assert.ok(deep, 'nested value is a <pre> block');
    assert.match(deep.textContent ?? '', /\[… 1 items\]/);
  });

  test('tables are semantic: caption, column and row headers; explanations beside claims', () => {
    const { root, panel } = page();
    show(HOSTILE, panel);
    const table = root.querySelector('#payload-table');
    assert.ok(table?.querySelector('caption'));
    assert.equal(table?.querySelectorAll('thead th[scope="col"]').length, 3);
    assert.ok((table?.querySelectorAll('tbody th[scope="row"]').length ?? 0) >= 8);
    assert.match(root.querySelector('tr[data-claim="exp"] td.meaning')?.textContent ?? '', /Expires/);
    assert.ok(root.querySelector('#header-table tr[data-claim="alg"]'));
  });

  test('scopes are chips, each one text', () => {
    const { root, panel } = page();
    show(HOSTILE, panel);
    const chips = Array.from(root.querySelectorAll('#scopes li.chip')).map((li) => li.textContent);
    assert.deepEqual(chips, ['openid', '</script><img', 'src=x', 'onerror=alert(1)>']);
  });

  test('the raw token stays masked until the host answers a reveal, and is dropped again on hide', () => {
    const { root, panel, calls } = page();
    show(HOSTILE, panel);
    const raw = root.querySelector('#raw-token');
    const reveal = root.querySelector('#reveal') as HTMLButtonElement | null;
    assert.ok(raw && reveal);
    assert.equal(reveal.tagName, 'BUTTON');
    assert.equal(reveal.getAttribute('type'), 'button');
    assert.equal((root.textContent ?? '').includes(HOSTILE.split('.')[1] ?? '-'), false);
    assert.equal(raw.getAttribute('data-revealed'), 'false');
    reveal.dispatchEvent(new (root.ownerDocument.defaultView as unknown as typeof globalThis).Event('click'));
    assert.deepEqual(calls, ['reveal']);
    assert.equal(raw.getAttribute('data-revealed'), 'false', 'nothing shown before the host answers');
    panel.showToken(HOSTILE);
    assert.equal(raw.textContent, HOSTILE);
    assert.equal(reveal.getAttribute('aria-pressed'), 'true');
    reveal.dispatchEvent(new (root.ownerDocument.defaultView as unknown as typeof globalThis).Event('click'));
    assert.deepEqual(calls, ['reveal'], 'hiding needs no host round trip');
    assert.equal((root.textContent ?? '').includes(HOSTILE), false);
    assert.match(raw.textContent ?? '', /^•+ \(\d+ characters\)$/);
  });

  test('copy asks the host and announces the result', () => {
    const { root, panel, calls } = page();
    show(HOSTILE, panel);
    root
      .querySelector('#copy')
      ?.dispatchEvent(new (root.ownerDocument.defaultView as unknown as typeof globalThis).Event('click'));
    assert.deepEqual(calls, ['copy']);
    panel.copied();
    assert.equal(root.querySelector('#status-message')?.textContent, 'Token copied to the clipboard.');
  });

  test('the timeline moves with the clock and turns to expiring, then expired', () => {
    const { root, panel } = page();
    show(HOSTILE, panel);
    const bar = root.querySelector('#timeline');
    assert.ok(bar);
    assert.equal(bar.tagName, 'PROGRESS');
    assert.equal(bar.getAttribute('data-state'), 'valid');
    assert.equal(bar.getAttribute('value'), '10.00');
    assert.equal(root.querySelector('#timeline-text')?.textContent, 'Expires in 9m');
    panel.tick(NOW + 500_000);
    assert.equal(bar.getAttribute('data-state'), 'expiring');
    assert.equal(root.querySelector('#timeline-text')?.textContent, 'Expires in 40s');
    assert.match(root.querySelector('tr[data-claim="exp"] .relative')?.textContent ?? '', /^in 40s$/);
    panel.tick(NOW + 600_000);
    assert.equal(bar.getAttribute('data-state'), 'expired');
    assert.equal(bar.getAttribute('value'), '100.00');
    assert.equal(root.querySelector('#timeline-text')?.textContent, 'Expired 1m ago');
  });

  test('signature updates replace the status line', () => {
    const { root, panel } = page();
    show(HOSTILE, panel);
    const line = root.querySelector('#signature-status');
    assert.equal(line?.getAttribute('data-state'), 'not_verified');
    panel.setSignature({
      state: 'verified',
      summary: { text: "Signature verified against the issuer's JWKS (PS256).", escaped: 0 },
    });
    assert.equal(line?.getAttribute('data-state'), 'verified');
    assert.match(line?.textContent ?? '', /verified against the issuer's JWKS/);
  });

  test('an unavailable panel says what to do', () => {
    const { root, panel } = page();
    show(HOSTILE, panel);
    panel.unavailable('Claims: sandbox', 'Token no longer available — run Fetch Token or Decode JWT again.');
    assert.match(root.querySelector('#unavailable')?.textContent ?? '', /Token no longer available/);
    assert.equal(root.querySelector('#raw-token'), null);
  });
});

describe('safe element builder', () => {
  const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
  const doc = document as unknown as Document;
  const refusedTags = ['script', 'a', 'img', 'iframe', 'style', 'link', 'object', 'form', 'svg'];
  for (const tag of refusedTags) {
    test(`refuses <${tag}>`, () => assert.throws(() => h(doc, tag as SafeTag), /refused element/));
  }
  const refusedAttrs = ['onclick', 'onerror', 'href', 'src', 'style', 'srcdoc', 'action', 'formaction', 'xlink:href'];
  for (const name of refusedAttrs) {
    test(`refuses attribute ${name}`, () => assert.throws(() => h(doc, 'span', { [name]: 'x' }), /refused attribute/));
  }
  test('strings become text nodes', () => {
    const el = h(doc, 'p', { class: 'x', 'data-claim': SCRIPT_BREAKOUT }, SCRIPT_BREAKOUT);
    assert.equal(el.childNodes.length, 1);
    assert.equal(el.firstChild?.nodeType, 3);
    assert.equal(el.querySelector('img'), null);
    assert.equal(el.getAttribute('data-claim'), SCRIPT_BREAKOUT);
  });
});
