/**
 * Decode JWT: the selection, the JWT under the cursor, or the token a hover link points at opens in
 * the claims panel (source 'editor', never verified against a network JWKS: opening a file must not
 * make the extension call hosts named in it). Says clearly when nothing JWT-shaped is there.
 */
import * as vscode from 'vscode';
import { decodeToken } from '../../core/jwt';
import { ClaimsPanel } from '../claims/claimsPanel';
import type { ClaimsLog } from '../claims/deps';
import { parseTokenLocation } from '../claims/hoverText';
import { findJwtAt, findJwtIn } from '../claims/jwtLocator';

/** Optional dependencies of Decode JWT. */
export interface DecodeJwtDeps {
  log?: ClaimsLog;
  /** Copies the token for the panel's Copy button (so the clipboard-clearing setting applies). */
  copy?: (token: string) => Promise<void>;
}

type Found = { token: string } | { problem: string };

function fromLocation(arg: unknown): Found | undefined {
  const location = parseTokenLocation(arg);
  if (!location) return undefined;
  // Only documents already open: a command link must not make the extension open arbitrary files.
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === location.uri);
  if (!document) return { problem: vscode.l10n.t('That document is no longer open.') };
  const [sl, sc, el, ec] = location.range;
  const text = document.getText(document.validateRange(new vscode.Range(sl, sc, el, ec)));
  const found = findJwtIn(text);
  return found ? { token: found.text } : { problem: vscode.l10n.t('No JWT is there any more.') };
}

function fromEditor(editor: vscode.TextEditor): Found {
  const { selection, document } = editor;
  if (!selection.isEmpty) {
    const text = document.getText(selection);
    const found = findJwtIn(text);
    if (found) return { token: found.text };
    const opaque = decodeToken(text);
    if (opaque.kind === 'opaque' && opaque.encrypted) {
      return {
        problem: vscode.l10n.t(
          'The selection is an encrypted JWT (JWE): only the holder of the decryption key can read its claims.',
        ),
      };
    }
    return { problem: vscode.l10n.t('The selection holds no JWT (header.payload.signature, base64url).') };
  }
  const position = selection.active;
  const found = findJwtAt(document.lineAt(position.line).text, position.character);
  if (found) return { token: found.text };
  return {
    problem: vscode.l10n.t(
      'No JWT at the cursor. Select a token, or put the cursor inside one, and run Decode JWT again.',
    ),
  };
}

/**
 * The handler for `clientCreds.decodeJwt`. Register it with
 * `vscode.commands.registerCommand(CommandId.DecodeJwt, decodeJwtCommand(context, { log }))`.
 * Accepts no argument (palette: active editor), a Uri (editor context menu: active editor) or the
 * hover link's `{ uri, range }`; refuses documents that are not open.
 */
export function decodeJwtCommand(context: vscode.ExtensionContext, deps: DecodeJwtDeps = {}) {
  return async (arg?: unknown): Promise<void> => {
    let found = fromLocation(arg);
    if (!found) {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        await vscode.window.showInformationMessage(
          vscode.l10n.t('Open a file with a JWT, select it or put the cursor inside it, then run Decode JWT.'),
        );
        return;
      }
      found = fromEditor(editor);
    }
    if ('problem' in found) {
      await vscode.window.showInformationMessage(found.problem);
      return;
    }
    ClaimsPanel.show(context, {
      title: vscode.l10n.t('Claims: {0}', vscode.l10n.t('Decoded JWT')),
      token: found.token,
      source: 'editor',
      log: deps.log,
      copy: deps.copy,
    });
  };
}
