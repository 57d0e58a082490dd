import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildClaimsHtml,
  claimsPanelOptions,
  contentSecurityPolicy,
  createNonce,
  escapeHtml,
} from '../../../../src/extension/claims/html';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function render(nonce = createNonce(), title = 'Claims: sandbox'): string {
  return buildClaimsHtml({
    cspSource: CSP_SOURCE,
    nonce,
    scriptUri: `${CSP_SOURCE}/ext/dist/webview/webview.js`,
    styleUri: `${CSP_SOURCE}/ext/dist/webview/webview.css`,
    title,
  });
}

function cspOf(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match, 'the page has a CSP meta tag');
  return (match[1] ?? '').replace(/&#39;/g, "'");
}

describe('claims panel HTML and CSP', () => {
  test('the CSP starts from default-src none and allows scripts only by this render’s nonce', () => {
    const nonce = createNonce();
    const csp = cspOf(render(nonce));
    const directives = csp.split(';').map((d) => d.trim());
    assert.equal(directives[0], "default-src 'none'");
    assert.ok(directives.includes(`script-src 'nonce-${nonce}'`));
    assert.ok(directives.includes(`style-src ${CSP_SOURCE}`));
    assert.ok(directives.includes(`font-src ${CSP_SOURCE}`));
    assert.ok(directives.includes(`img-src ${CSP_SOURCE}`));
    assert.ok(directives.includes("base-uri 'none'"));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  test('the only script tag carries the same nonce and loads the bundle; nothing is inline', () => {
    const nonce = createNonce();
    const html = render(nonce);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0]?.[1] ?? '', new RegExp(`nonce="${nonce.replace(/[+/]/g, '\\$&')}"`));
    assert.match(scripts[0]?.[1] ?? '', /src="[^"]+\/dist\/webview\/webview\.js"/);
    assert.equal(scripts[0]?.[2], '', 'no inline script body');
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /\sstyle\s*=|<style/i, 'no inline styles');
  });

  test('every render gets a different 128-bit nonce', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    assert.equal(nonces.size, 50);
    for (const n of nonces) assert.equal(Buffer.from(n, 'base64').length, 16);
  });

  test('a hostile title is escaped, not markup', () => {
    const html = render(createNonce(), 'Claims: </title><script>alert(1)</script>');
    assert.equal([...html.matchAll(/<script\b/g)].length, 1);
    assert.match(html, /<title>Claims: &#60;\/title&#62;&#60;script&#62;alert\(1\)&#60;\/script&#62;<\/title>/);
  });

  const refused: [string, string, string][] = [
    ['nonce with a quote', "abc'; script-src *", CSP_SOURCE],
    ['short nonce', 'abc', CSP_SOURCE],
    ['source with a semicolon', createNonce(), `${CSP_SOURCE}; script-src *`],
    ['source adding unsafe-inline', createNonce(), `${CSP_SOURCE} 'unsafe-inline'`],
    ['source adding a wildcard', createNonce(), `${CSP_SOURCE} *`],
    ['source with a quote inside a host', createNonce(), `https://a'b.example`],
    ['source with a newline', createNonce(), `${CSP_SOURCE}\nscript-src *`],
    ['empty source', createNonce(), ''],
  ];
  for (const [name, nonce, source] of refused) {
    test(`refuses a policy that could be broken out of: ${name}`, () => {
      assert.throws(() => contentSecurityPolicy(source, nonce));
    });
  }

  test('accepts the CSP sources VS Code and other hosts hand out', () => {
    for (const source of [
      'https://*.vscode-cdn.net',
      "'self' https://*.vscode-cdn.net",
      'https://*.vscode-cdn.net https://cdn.example:8443',
      'vscode-webview-resource:',
    ]) {
      assert.match(
        contentSecurityPolicy(source, createNonce()),
        new RegExp(`style-src ${source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')};`),
      );
    }
  });

  test('webview options: scripts on, command URIs off, only the bundle folder, no retained context', () => {
    assert.deepEqual(claimsPanelOptions('/ext/dist/webview'), {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: ['/ext/dist/webview'],
      retainContextWhenHidden: false,
    });
  });

  test('escapeHtml covers the five HTML-significant characters', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&</a>`),
      '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;',
    );
  });
});
