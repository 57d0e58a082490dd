/** Export Public Key: copy PEM, save PEM, or copy JWKS of the active profile's key. */
import * as vscode from 'vscode';
import type { Services } from '../services/services';
import { offerPublicKey } from '../ui/publicKeyActions';

/** The command handler. */
export function exportPublicKey(s: Services) {
  return async (): Promise<void> => {
    const name = s.active.name();
    if (name === undefined || !(await s.keys.has(name))) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('There is no private key yet. Generate or import one first.'),
      );
      return;
    }
    const info = await s.keys.info(name);
    const alg = s.profiles.activeName() === name ? (await s.profiles.get(name)).alg : s.active.awaiting()?.alg;
    await offerPublicKey(s, name, info, alg);
  };
}
