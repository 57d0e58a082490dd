/** Delete Private Key: removes the active profile's key from SecretStorage after a modal confirmation. */
import * as vscode from 'vscode';
import type { Services } from '../services/services';
import { confirmModal } from '../ui/prompts';

/** The command handler. */
export function deletePrivateKey(s: Services) {
  return async (): Promise<void> => {
    const name = s.active.name();
    if (name === undefined || !(await s.keys.has(name))) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is no private key to delete.'));
      return;
    }
    await confirmModal(
      vscode.l10n.t('Delete the private key of "{0}"?', name),
      vscode.l10n.t(
        'It cannot be recovered. Tokens already fetched stay valid until they expire; new ones need a new key whose public half the admin registers.',
      ),
      vscode.l10n.t('Delete'),
    );
    await s.keys.delete(name);
    if (s.active.awaiting()?.name === name) await s.active.setAwaiting(undefined);
    s.log.info(`deleted the private key of "${name}"`);
    await s.active.refresh();
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Deleted the private key of "{0}"', name), 5000);
  };
}
