/**
 * The JWT hover: over a JWT-shaped string in any file, a compact decode (alg, iss, sub, aud, exp)
 * and a link that opens it in the claims panel. The Markdown is trusted for one command only, with
 * HTML off, and the link passes the document and range, never the token (it would end up in a URI).
 */
import * as vscode from 'vscode';
import { DECODE_COMMAND, hoverMarkdown } from '../claims/hoverText';
import { findJwtAt } from '../claims/jwtLocator';

/** Lines longer than this are not scanned for a hover (minified bundles, data files). */
const MAX_LINE_CHARS = 4 * 1024 * 1024;

/** The hover provider; exported for tests that drive it with a real document. */
export class JwtHoverProvider implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const line = document.lineAt(position.line).text;
    if (line.length > MAX_LINE_CHARS) return undefined;
    const found = findJwtAt(line, position.character);
    if (!found) return undefined;
    const range = new vscode.Range(position.line, found.start, position.line, found.end);
    const markdown = new vscode.MarkdownString(
      hoverMarkdown(found.decoded, Date.now(), {
        uri: document.uri.toString(),
        range: [range.start.line, range.start.character, range.end.line, range.end.character],
      }),
    );
    markdown.supportHtml = false;
    markdown.supportThemeIcons = false;
    markdown.isTrusted = { enabledCommands: [DECODE_COMMAND] };
    return new vscode.Hover(markdown, range);
  }
}

/** Registers the hover for every language and scheme; the returned disposable is also pushed to the context. */
export function registerJwtHover(context: vscode.ExtensionContext): vscode.Disposable {
  const registration = vscode.languages.registerHoverProvider('*', new JwtHoverProvider());
  context.subscriptions.push(registration);
  return registration;
}
