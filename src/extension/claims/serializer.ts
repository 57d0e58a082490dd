/**
 * Restores the claims panel after a window reload. The webview's saved state holds only the source,
 * the title and a token fingerprint; the token itself comes back from the token cache, and only if
 * its fingerprint matches. Anything else (an editor token, an assertion, a newer token) shows
 * "Token no longer available".
 */
import * as vscode from 'vscode';
import { ViewType } from '../contract';
import { ClaimsPanel, currentTokenInput } from './claimsPanel';
import type { ClaimsDeps } from './deps';
import { parsePanelState, tokenFingerprint } from './panelState';

/**
 * Registers the `WebviewPanelSerializer` for `clientCreds.claims` (package.json needs
 * `onWebviewPanel:clientCreds.claims` in activationEvents). The disposable is also pushed to the context.
 */
export function registerClaimsPanelSerializer(context: vscode.ExtensionContext, deps: ClaimsDeps): vscode.Disposable {
  const registration = vscode.window.registerWebviewPanelSerializer(ViewType.claims, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, raw: unknown): Promise<void> {
      const state = parsePanelState(raw);
      const title = state?.title ?? vscode.l10n.t('Claims');
      if (state?.source === 'token') {
        const current = await deps.getCurrentToken().catch((e: unknown) => {
          deps.log?.warn(`claims panel: token cache unavailable on restore (${e instanceof Error ? e.name : 'error'})`);
          return undefined;
        });
        if (current && tokenFingerprint(current.token) === state.fingerprint) {
          ClaimsPanel.restore(context, panel, currentTokenInput(title, current, deps));
          return;
        }
      }
      ClaimsPanel.restore(context, panel, {
        title,
        message: vscode.l10n.t('Token no longer available — run Fetch Token or Decode JWT again.'),
      });
    },
  });
  context.subscriptions.push(registration);
  return registration;
}
