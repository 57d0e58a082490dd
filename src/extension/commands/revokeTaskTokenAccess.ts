/**
 * Revoke Token Access of Tasks and Launch Configurations: forgets, for this workspace, the permission given to its
 * tasks and launch configurations to use a profile's token; the next use asks again.
 */
import * as vscode from 'vscode';
import type { Services } from '../services/services';
import { type PickItem, pickOne } from '../ui/prompts';

/** The command handler. */
export function revokeTaskTokenAccess(s: Services) {
  return async (): Promise<void> => {
    const allowed = s.consent.allowed();
    if (allowed.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t("This workspace's tasks and launch configurations may not use any profile's token."),
      );
      return;
    }
    const items: PickItem<string[] | undefined>[] = allowed.map((name) => ({ label: name, value: [name] }));
    if (allowed.length > 1) items.push({ label: vscode.l10n.t('All profiles'), value: undefined });
    const chosen = await pickOne(items, {
      title: vscode.l10n.t('Revoke Token Access of Tasks and Launch Configurations'),
      placeholder: vscode.l10n.t("Whose token may this workspace's tasks and launch configurations no longer use?"),
    });
    await s.consent.revoke(chosen);
    const which = chosen === undefined ? allowed : chosen;
    s.log.info(`revoked the token access of this workspace's tasks and launch configurations: ${which.join(', ')}`);
    vscode.window.setStatusBarMessage(
      vscode.l10n.t('$(check) Tasks and launch configurations will ask again for: {0}', which.join(', ')),
      5000,
    );
  };
}
