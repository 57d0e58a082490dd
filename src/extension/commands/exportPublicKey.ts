/**
 * Export Public Key: copy PEM, save PEM, or copy JWKS of a key: the one named by the argument, the only one, or the
 * one picked (the active profile's key first). A lost key is reported with its ways back.
 */
import * as vscode from 'vscode';
import type { Services } from '../services/services';
import { chooseKey } from '../ui/keyPicker';
import { offerPublicKey } from '../ui/publicKeyActions';

/** The command handler; an optional key name argument skips the pick. */
export function exportPublicKey(s: Services) {
  return async (arg?: unknown): Promise<void> => {
    const name = await chooseKey(s, vscode.l10n.t('Export Public Key'), arg);
    const info = await s.keys.info(name);
    await offerPublicKey(s, name, info, info.record.alg);
  };
}
