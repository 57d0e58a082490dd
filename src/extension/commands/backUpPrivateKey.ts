/**
 * Back Up Private Key: writes a key as an encrypted PKCS#8 PEM (core keyBackup: PBES2, PBKDF2-HMAC-SHA256,
 * AES-256-CBC), followed by its certificate chain when it has one, to a file the user picks, under a passphrase asked twice (at least 12 characters) that is never
 * stored or logged. Import Private Key restores it; the CLI reads it with CLIENT_CREDS_PASSPHRASE.
 */
import { chmod } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { backupPassphraseProblem, MIN_BACKUP_PASSPHRASE_LENGTH } from '../../core/backupPassphrase';
import { Cancelled } from '../base/cancellation';
import type { Services } from '../services/services';
import { chooseKey } from '../ui/keyPicker';
import { askText } from '../ui/prompts';

function passphraseProblem(value: string): string | undefined {
  switch (backupPassphraseProblem(value)) {
    case 'too_short':
      return vscode.l10n.t(
        'Use at least {0} characters (four or five random words are easy to type and hard to guess).',
        MIN_BACKUP_PASSPHRASE_LENGTH,
      );
    case 'blank':
      return vscode.l10n.t('A passphrase of spaces only protects nothing.');
    default:
      return undefined;
  }
}

/**
 * Asks for the passphrase twice; resolves it once both entries match. An empty box shows the prompt rather than a
 * complaint (VS Code validates the empty value at once), and Enter on it asks again.
 */
async function askPassphrase(name: string, title: string): Promise<string> {
  let first = '';
  while (first === '') {
    first = await askText({
      title,
      prompt: vscode.l10n.t(
        'Passphrase for the backup of "{0}", at least {1} characters. It is not stored anywhere: without it the backup cannot be opened.',
        name,
        MIN_BACKUP_PASSPHRASE_LENGTH,
      ),
      password: true,
      validateInput: (v) => (v === '' ? undefined : passphraseProblem(v)),
    });
  }
  await askText({
    title,
    prompt: vscode.l10n.t('Enter the passphrase again.'),
    password: true,
    validateInput: (v) => (v === first ? undefined : vscode.l10n.t('The two passphrases differ.')),
  });
  return first;
}

/** Asks where to write the backup: by default the home folder, outside any workspace that could be committed. */
async function askTarget(name: string, title: string): Promise<vscode.Uri> {
  const fileName = `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.private-key-backup.pem`;
  const target = await vscode.window.showSaveDialog({
    title,
    saveLabel: vscode.l10n.t('Save Backup'),
    defaultUri: vscode.Uri.joinPath(vscode.Uri.file(homedir()), fileName),
    filters: { [vscode.l10n.t('Encrypted PEM private key')]: ['pem'] },
  });
  if (!target) throw new Cancelled();
  return target;
}

/** Backs up the key `name`: passphrase, file, encryption off the event loop, write, and the record's backup date. */
export async function backUpKey(s: Services, name: string): Promise<void> {
  const title = vscode.l10n.t('Back Up Private Key "{0}"', name);
  // A lost key cannot be backed up: say so (with the ways back) before asking for anything.
  await s.keys.load(name);
  const passphrase = await askPassphrase(name, title);
  const target = await askTarget(name, title);
  const pem = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Encrypting the backup of "{0}"…', name) },
    () => s.keys.backup(name, passphrase),
  );
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(pem));
  if (target.scheme === 'file') await chmod(target.fsPath, 0o600).catch(() => undefined);
  await s.keys.markBackedUp(name);
  await s.active.refresh();
  const where = target.scheme === 'file' ? target.fsPath : target.toString(true);
  s.log.info(`backed up the private key "${name}" to ${where}`);
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Backed up "{0}" to {1}, encrypted with your passphrase. Keep the file and the passphrase apart; Import Private Key restores it.',
      name,
      where,
    ),
  );
}

/** The command handler; an optional key name argument skips the pick. */
export function backUpPrivateKey(s: Services) {
  return async (arg?: unknown): Promise<void> => {
    const name = await chooseKey(s, vscode.l10n.t('Back Up Private Key'), arg);
    await backUpKey(s, name);
  };
}
