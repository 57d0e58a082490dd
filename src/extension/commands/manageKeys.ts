/**
 * Manage Keys: every stored key with its type, algorithm, RFC 7638 thumbprint, backup date and the profiles that use
 * it, then the key's menu: export the public key, back it up, let the active profile sign with it, delete it. A lost
 * key's menu has its ways back instead: restore from a backup, generate a new key under its name, or forget it.
 */
import * as vscode from 'vscode';
import { CommandId } from '../contract';
import type { Services } from '../services/services';
import { assignKeyToProfile, unlinkKey } from '../ui/keyAssignment';
import { keyItem, keyUsers } from '../ui/keyPicker';
import { confirmModal, type PickItem, pickOne } from '../ui/prompts';

type KeyAction = 'export' | 'backup' | 'use' | 'delete' | 'restore' | 'regenerate' | 'forget';

function actions(name: string, lost: boolean, activeProfile: string | undefined): PickItem<KeyAction>[] {
  const t = vscode.l10n.t;
  if (lost) {
    return [
      {
        value: 'restore',
        label: `$(history) ${t('Restore from Backup…')}`,
        detail: t('Import the backup file of "{0}" (or the original key file)', name),
      },
      {
        value: 'regenerate',
        label: `$(key) ${t('Generate a New Key as "{0}"', name)}`,
        detail: t('Its public key must then be registered again'),
      },
      { value: 'forget', label: `$(trash) ${t('Forget This Key')}`, detail: t('Remove the record of the lost key') },
    ];
  }
  const items: PickItem<KeyAction>[] = [
    {
      value: 'export',
      label: `$(export) ${t('Export Public Key')}`,
      detail: t('Copy or save the PEM, or copy a JWKS'),
    },
    {
      value: 'backup',
      label: `$(save) ${t('Back Up Private Key')}`,
      detail: t('An encrypted file under a passphrase of yours'),
    },
  ];
  if (activeProfile !== undefined) {
    items.push({ value: 'use', label: `$(pass) ${t('Sign with It in Profile "{0}"', activeProfile)}` });
  }
  items.push({ value: 'delete', label: `$(trash) ${t('Delete Private Key…')}` });
  return items;
}

/** The command handler. */
export function manageKeys(s: Services) {
  return async (): Promise<void> => {
    const records = s.keys.list();
    if (records.length === 0) {
      const generate = vscode.l10n.t('Generate Key Pair');
      const importKey = vscode.l10n.t('Import Private Key');
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('There is no private key yet.'),
        generate,
        importKey,
      );
      if (choice === generate) await vscode.commands.executeCommand(CommandId.GenerateKeyPair);
      if (choice === importKey) await vscode.commands.executeCommand(CommandId.ImportPrivateKey);
      return;
    }
    const [users, check] = await Promise.all([keyUsers(s), s.keyHealth.check()]);
    const lost = new Set(check.lost.map((r) => r.name));
    const name = await pickOne(
      records.map((r) => keyItem(r, users.get(r.name) ?? [], lost.has(r.name))),
      {
        title: vscode.l10n.t('Keys'),
        placeholder: vscode.l10n.t('Choose a key'),
        active: s.active.snapshot.profileKey,
      },
    );
    const active = s.profiles.activeName();
    const usedByActive = active !== undefined && s.active.snapshot.profileKey === name;
    const action = await pickOne(actions(name, lost.has(name), usedByActive ? undefined : active), {
      title: vscode.l10n.t('Key "{0}"', name),
    });
    switch (action) {
      case 'export':
        return void (await vscode.commands.executeCommand(CommandId.ExportPublicKey, name));
      case 'backup':
        return void (await vscode.commands.executeCommand(CommandId.BackUpPrivateKey, name));
      case 'delete':
        return void (await vscode.commands.executeCommand(CommandId.DeletePrivateKey, name));
      case 'restore':
        return void (await vscode.commands.executeCommand(CommandId.ImportPrivateKey, { restore: name }));
      case 'regenerate':
        return void (await vscode.commands.executeCommand(CommandId.GenerateKeyPair, { replace: name }));
      case 'use': {
        if (active === undefined) return;
        await assignKeyToProfile(s, name, { profile: active });
        await s.active.refresh();
        vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) "{0}" signs with the key "{1}"', active, name), 5000);
        return;
      }
      case 'forget': {
        await confirmModal(
          vscode.l10n.t('Forget the lost key "{0}"?', name),
          vscode.l10n.t(
            'Only its record goes (name and thumbprint {0}); the key itself is already missing. Profiles that use it will have no key.',
            s.keys.get(name)?.thumbprint ?? '',
          ),
          vscode.l10n.t('Forget'),
        );
        await s.keys.delete(name);
        await unlinkKey(s, name);
        await s.active.refresh();
        return;
      }
    }
  };
}
