/**
 * Delete Private Key: removes a key (its record, then its private key) after a modal confirmation that says which
 * profiles use it and whether a backup exists; those profiles then name no key. A lost key's record is forgotten.
 */
import * as vscode from 'vscode';
import type { Services } from '../services/services';
import { unlinkKey } from '../ui/keyAssignment';
import { chooseKey, day, keyUsers } from '../ui/keyPicker';
import { confirmModal } from '../ui/prompts';

/** The command handler; an optional key name argument skips the pick. */
export function deletePrivateKey(s: Services) {
  return async (arg?: unknown): Promise<void> => {
    const name = await chooseKey(s, vscode.l10n.t('Delete Private Key'), arg);
    const record = s.keys.get(name);
    const users = (await keyUsers(s)).get(name) ?? [];
    const detail = [
      users.length > 0
        ? vscode.l10n.t('Profiles that sign with it: {0}. They will have no key.', users.join(', '))
        : vscode.l10n.t('No profile signs with it.'),
      record?.backedUpAt === undefined
        ? vscode.l10n.t('It has no backup, so it cannot be recovered.')
        : vscode.l10n.t('Its backup of {0} can restore it (Import Private Key).', day(record.backedUpAt)),
      vscode.l10n.t('Tokens already fetched stay valid until they expire.'),
    ].join(' ');
    await confirmModal(vscode.l10n.t('Delete the private key "{0}"?', name), detail, vscode.l10n.t('Delete'));
    await s.keys.delete(name);
    await unlinkKey(s, name);
    s.log.info(`deleted the private key "${name}"`);
    await s.active.refresh();
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Deleted the private key "{0}"', name), 5000);
  };
}
