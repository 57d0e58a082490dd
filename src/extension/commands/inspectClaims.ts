/**
 * Inspect Claims: the current profile's cached access token in the claims panel, verified against
 * the issuer's JWKS. Offers Fetch Token when there is no token yet.
 */

import * as vscode from 'vscode';
import { ClaimsPanel, currentTokenInput } from '../claims/claimsPanel';
import type { ClaimsDeps } from '../claims/deps';
import { CommandId } from '../contract';

/**
 * The handler for `clientCreds.inspectClaims`. Register it with
 * `vscode.commands.registerCommand(CommandId.InspectClaims, inspectClaimsCommand(context, deps))`,
 * where `deps.getCurrentToken()` reads the token cache and `deps.http` lends the configured HTTP
 * client for the JWKS fetch.
 */
export function inspectClaimsCommand(context: vscode.ExtensionContext, deps: ClaimsDeps) {
  return async (): Promise<void> => {
    const current = await deps.getCurrentToken();
    if (!current) {
      const fetch = vscode.l10n.t('Fetch Token');
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('There is no token to inspect yet.'),
        fetch,
      );
      if (choice === fetch) await vscode.commands.executeCommand(CommandId.FetchToken);
      return;
    }
    ClaimsPanel.show(context, currentTokenInput(vscode.l10n.t('Claims: {0}', current.profileName), current, deps));
  };
}
