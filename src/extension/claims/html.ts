/**
 * The claims panel's HTML shell and Content Security Policy. The page holds no data: claims arrive
 * later by message and are placed with `textContent`. The CSP starts from `default-src 'none'`,
 * runs only the bundled script carrying this render's nonce, and loads styles, fonts and images
 * only from the webview's own resource origin — no `'unsafe-inline'`, no `'unsafe-eval'`.
 * No `vscode` import, so it is tested as a plain function.
 */

/** What the shell needs from the webview. */
export interface ClaimsHtmlInput {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh value from {@link createNonce} for every render. */
  nonce: string;
  /** `webview.asWebviewUri` of dist/webview/webview.js. */
  scriptUri: string;
  /** `webview.asWebviewUri` of dist/webview/webview.css. */
  styleUri: string;
  /** The page title (a profile name is user text, so it is escaped). */
  title: string;
}

/** 128 random bits, base64: a CSP nonce that cannot be guessed. */
export function createNonce(): string {
  // node:crypto loads when a panel opens, not at activation (the serializer that imports this registers at start-up).
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  return randomBytes(16).toString('base64');
}

/** `'self'`, a scheme source (`https:`) or a host source (`https://*.vscode-cdn.net`); never a bare `*` or a keyword. */
const SOURCE_EXPRESSION = /^(?:'self'|[a-z][a-z0-9+.-]*:(?:\/\/(?:\*\.)?[a-z0-9.+_-]+(?::\d+)?(?:\/[^\s;,'"<>]*)?)?)$/i;

/** The CSP for one render; refuses sources or nonces that could break out of the policy. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  if (!/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(nonce)) throw new Error('invalid CSP nonce');
  // cspSource is one or more source expressions (VS Code: `https://*.vscode-cdn.net`, other hosts add `'self'`
  // or a CDN origin). Anything that could end the directive or widen it to inline code is refused.
  const sources = cspSource.trim().split(/ +/);
  if (cspSource.trim() === '' || !sources.every((s) => SOURCE_EXPRESSION.test(s))) {
    throw new Error('invalid webview CSP source');
  }
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The panel's webview options: scripts on, command URIs off, resources only from the bundle folder, no hidden context. */
export function claimsPanelOptions<T>(bundleFolder: T): {
  enableScripts: true;
  enableCommandUris: false;
  localResourceRoots: [T];
  retainContextWhenHidden: false;
} {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [bundleFolder],
    retainContextWhenHidden: false,
  };
}

/** Escapes text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The complete HTML document of the panel. */
export function buildClaimsHtml(input: ClaimsHtmlInput): string {
  const csp = contentSecurityPolicy(input.cspSource, input.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeHtml(input.styleUri)}">
<title>${escapeHtml(input.title)}</title>
</head>
<body>
<main id="app" aria-busy="true">
<p id="loading" role="status">Loading claims…</p>
</main>
<script nonce="${escapeHtml(input.nonce)}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>
`;
}
