/**
 * What the user is told about keys that are missing: a lost key (one message naming it and its RFC 7638 thumbprint,
 * with the ways back), a key another browser window stored that this window cannot see (reload first), and the
 * one-time notice of a browser-hosted editor. Also the guard that runs before a key is stored in a browser window
 * that cannot see a key stored elsewhere: storing would write this window's copy of the secrets back without it.
 */
import * as vscode from 'vscode';
import { Cancelled } from '../base/cancellation';
import { CommandId, StateKey } from '../contract';
import type { KeyRecord } from '../services/keyRegistry';
import { LostKeyError } from '../services/keyStore';
import type { Services } from '../services/services';

const RELOAD_WINDOW = 'workbench.action.reloadWindow';

/** The one sentence about a lost key (the same text as a command that needs it fails with), plus its backup date. */
export function lostKeyMessage(record: KeyRecord): string {
  const error = new LostKeyError(record);
  const first = `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`;
  const ways = vscode.l10n.t(
    'Ways back: restore its backup file (Import Private Key), import the original key file again, or generate a new key and have its public key registered.',
  );
  const backup =
    record.backedUpAt === undefined
      ? ''
      : ` ${vscode.l10n.t('It was backed up on {0}.', new Date(record.backedUpAt).toISOString().slice(0, 10))}`;
  return `${first} ${ways}${backup}`;
}

/** Shows the lost-key message with its ways back as actions; does not wait for an answer. */
export function showLostKey(record: KeyRecord): void {
  const restore = vscode.l10n.t('Restore from Backup…');
  const generate = vscode.l10n.t('Generate New Key');
  void vscode.window.showWarningMessage(lostKeyMessage(record), restore, generate).then((choice) => {
    if (choice === restore) return vscode.commands.executeCommand(CommandId.ImportPrivateKey, { restore: record.name });
    if (choice === generate) return vscode.commands.executeCommand(CommandId.GenerateKeyPair, { replace: record.name });
    return undefined;
  });
}

function unseenSentence(records: readonly KeyRecord[]): string {
  const names = records.map((r) => `"${r.name}"`).join(', ');
  return vscode.l10n.t(
    'Another window stored the private key {0} after this window opened, and this browser window cannot see it: each window keeps its own copy of the secret storage.',
    names,
  );
}

/** Tells that keys stored in another browser window are not visible here, offering a reload. */
export function showUnseenKeys(records: readonly KeyRecord[]): void {
  const reload = vscode.l10n.t('Reload Window');
  const message = `${unseenSentence(records)} ${vscode.l10n.t('Reload this window before storing anything here, or that key can be overwritten.')}`;
  void vscode.window.showWarningMessage(message, reload).then((choice) => {
    if (choice === reload) return vscode.commands.executeCommand(RELOAD_WINDOW);
    return undefined;
  });
}

/** Reports, once per window, the keys that are lost or unseen now. Never throws (a failure is logged). */
export async function reportMissingKeys(s: Services): Promise<void> {
  try {
    const missing = await s.keyHealth.unreported();
    for (const record of missing.lost) {
      s.log.warn(`the private key "${record.name}" (thumbprint ${record.thumbprint}) is missing from secret storage`);
      showLostKey(record);
    }
    if (missing.unseen.length > 0) showUnseenKeys(missing.unseen);
  } catch (e) {
    s.log.warn('could not compare the key registry with the secret storage', e);
  }
}

/**
 * Before a key is stored: in a browser window that cannot see keys stored elsewhere, storing writes its copy back
 * without them. Asks (modal) to reload first; Cancelled when the user reloads or closes the dialog.
 */
export async function confirmNoUnseenKeys(s: Services): Promise<void> {
  if (!s.keyHealth.isWebHost) return;
  const { unseen } = await s.keyHealth.check();
  if (unseen.length === 0) return;
  const reload = vscode.l10n.t('Reload Window');
  const anyway = vscode.l10n.t('Store Anyway');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Storing a key now would erase {0}.', unseen.map((r) => `"${r.name}"`).join(', ')),
    {
      modal: true,
      detail: `${unseenSentence(unseen)} ${vscode.l10n.t('Reload this window first; the key stored in the other window then shows here too.')}`,
    },
    reload,
    anyway,
  );
  if (choice === reload) await vscode.commands.executeCommand(RELOAD_WINDOW);
  if (choice !== anyway) throw new Cancelled();
  s.log.warn(`storing a key although this window cannot see ${unseen.map((r) => r.name).join(', ')}`);
}

/** The sentence about secrets in a browser-hosted editor (the one-time notice and the backup offer use it). */
export function webSecretsSentence(): string {
  return vscode.l10n.t(
    'In an editor that runs in a browser, each window keeps its own copy of the secret storage, and a window that stores a secret writes its whole copy back: a key stored in one window can be lost when another one saves.',
  );
}

/** Once per user, in a browser-hosted editor with at least one key: says keys can be lost and offers a backup. */
export function showWebSecretsNoticeOnce(s: Services): void {
  if (!s.keyHealth.isWebHost || s.keys.list().length === 0) return;
  if (s.context.globalState.get<boolean>(StateKey.webSecretsNoticeShown)) return;
  void s.context.globalState.update(StateKey.webSecretsNoticeShown, true);
  const backUp = vscode.l10n.t('Back Up Private Key');
  void vscode.window
    .showWarningMessage(`${webSecretsSentence()} ${vscode.l10n.t('Keep a backup of every private key.')}`, backUp)
    .then((choice) => (choice === backUp ? vscode.commands.executeCommand(CommandId.BackUpPrivateKey) : undefined));
}
