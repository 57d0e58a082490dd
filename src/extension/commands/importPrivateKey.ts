/**
 * Import Private Key: from a file or the clipboard; PEM in any stored spelling (PKCS#8, PKCS#1, SEC1, encrypted
 * with a passphrase prompt, such as a backup made by Back Up Private Key, cert+key bundles), DER, PKCS#12
 * (.pfx/.p12, passphrase prompt), JWK or service-account JSON, read by core `readKeyInput` (the CLI's reader, rules
 * and messages), then named and stored as unencrypted PKCS#8 in SecretStorage. A key whose RFC 7638 thumbprint is
 * that of a lost key is that key restored, under its old name. Argument `{ restore: name }` (from the lost-key
 * message) goes straight to the file of that key's backup.
 */

import * as vscode from 'vscode';
import { ConfigError } from '../../core/errors';
import { Cancelled } from '../base/cancellation';
import { CommandId } from '../contract';
import { type ReadKey, suggestKeyName } from '../services/keyStore';
import type { Services } from '../services/services';
import { certificateLine } from '../ui/certificateText';
import { assignKeyToProfile, fitProfilesToKey } from '../ui/keyAssignment';
import { confirmNoUnseenKeys } from '../ui/keyHealthMessages';
import { askKeyName, keyCommandArgs } from '../ui/keyPicker';
import { askText, confirmModal, type PickItem, pickOne } from '../ui/prompts';

/** Largest key file read (a private key PEM or JWK is a few KiB). */
const MAX_KEY_FILE_BYTES = 256 * 1024;
/** Passphrase attempts before giving up. */
const PASSPHRASE_ATTEMPTS = 3;

type Source = 'file' | 'clipboard';

async function readSource(source: Source, title: string): Promise<Uint8Array> {
  if (source === 'clipboard') return new TextEncoder().encode(await vscode.env.clipboard.readText());
  const picked = await vscode.window.showOpenDialog({
    title,
    canSelectMany: false,
    openLabel: vscode.l10n.t('Import'),
    filters: {
      [vscode.l10n.t('Private keys (PEM, DER, PKCS#12, JWK)')]: [
        'pem',
        'key',
        'p8',
        'der',
        'pfx',
        'p12',
        'jwk',
        'json',
      ],
      [vscode.l10n.t('All files')]: ['*'],
    },
  });
  const uri = picked?.[0];
  if (!uri) throw new Cancelled();
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_KEY_FILE_BYTES) {
    throw new ConfigError(
      'key_file_too_large',
      'that file is too large to be a private key',
      'choose the PEM, DER or JWK file of the key',
    );
  }
  return vscode.workspace.fs.readFile(uri);
}

/** Reads the key, asking for the passphrase of an encrypted key or PKCS#12 file (again after a wrong one). Stores nothing. */
async function importWithPassphrase(s: Services, bytes: Uint8Array): Promise<ReadKey> {
  let attempt = 0;
  const askPassphrase = (retry: boolean): Promise<string> => {
    attempt++;
    return askText({
      title: vscode.l10n.t('Import Private Key'),
      prompt: retry
        ? vscode.l10n.t('Wrong passphrase. Try again ({0} of {1}).', attempt, PASSPHRASE_ATTEMPTS)
        : vscode.l10n.t('The private key is encrypted. Enter its passphrase.'),
      password: true,
      ignoreFocusOut: true,
    });
  };
  return s.keys.read(bytes, askPassphrase);
}

/** Where a key that was read goes: its name, whether it replaces the record of that name, and whether it is a restore. */
interface ImportTarget {
  name: string;
  replace: boolean;
  restoring: boolean;
}

/**
 * Names the key: a key with the thumbprint of a registered one is that key (a lost one is restored under its name,
 * a present one is not stored twice: `undefined`); a restore of a name with another key in the file asks first;
 * anything else gets a new name.
 */
async function chooseTarget(
  s: Services,
  read: ReadKey,
  title: string,
  restore: string | undefined,
): Promise<ImportTarget | undefined> {
  const same = s.keys.list().find((r) => r.thumbprint === read.thumbprint);
  if (same) {
    if (await s.secrets.hasPrivateKey(same.name)) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('This key is already stored as "{0}" (thumbprint {1}).', same.name, same.thumbprint),
      );
      return undefined;
    }
    return { name: same.name, replace: true, restoring: true };
  }
  const lost = restore === undefined ? undefined : s.keys.get(restore);
  if (lost) {
    await confirmModal(
      vscode.l10n.t('This file holds another key than "{0}".', lost.name),
      vscode.l10n.t(
        '"{0}" had the RFC 7638 thumbprint {1}; the key in this file has {2}. The server accepts only a key whose public half it has registered: storing this one as "{0}" means registering its public key. Choose the backup of "{0}" instead to restore it.',
        lost.name,
        lost.thumbprint,
        read.thumbprint,
      ),
      vscode.l10n.t('Store as "{0}"', lost.name),
    );
    return { name: lost.name, replace: true, restoring: false };
  }
  const stem = read.description.algs.includes('PS256') ? 'PS256' : (read.description.algs[0] ?? 'key');
  const taken = s.keys.list().map((r) => r.name);
  return { name: await askKeyName(s, title, suggestKeyName(stem, taken)), replace: false, restoring: false };
}

/** The command handler. */
export function importPrivateKey(s: Services) {
  return async (arg?: unknown): Promise<void> => {
    const { restore } = keyCommandArgs(arg);
    const title =
      restore === undefined
        ? vscode.l10n.t('Import Private Key')
        : vscode.l10n.t('Restore "{0}" from Its Backup', restore);
    const sources: PickItem<Source>[] = [
      {
        value: 'file',
        label: `$(file) ${vscode.l10n.t('From a File…')}`,
        description: vscode.l10n.t('PEM, DER, PKCS#12 or JWK'),
        detail: vscode.l10n.t('Also an encrypted PEM, such as a backup from Back Up Private Key, or a .pfx/.p12 file'),
      },
      {
        value: 'clipboard',
        label: `$(clippy) ${vscode.l10n.t('From the Clipboard')}`,
        description: vscode.l10n.t('PEM or JWK text'),
        detail: vscode.l10n.t('The clipboard is cleared afterwards'),
      },
    ];
    // A restore reads the backup file; otherwise the user says where the key is.
    const source: Source =
      restore === undefined
        ? await pickOne(sources, { title, placeholder: vscode.l10n.t('Where is the private key?') })
        : 'file';
    const bytes = await readSource(source, title);
    const read = await importWithPassphrase(s, bytes);
    if (source === 'clipboard') {
      // The clipboard held a private key: take it away unless the user already copied something else.
      await s.clipboard.clearIfStill(new TextDecoder().decode(bytes));
    }
    const target = await chooseTarget(s, read, title, restore);
    if (target === undefined) return;
    await confirmNoUnseenKeys(s);
    const info = await s.keys.add(target.name, read, { replace: target.replace });
    const certificate = info.record.certificate;
    s.log.info(
      `${target.restoring ? 'restored' : 'imported'} a ${info.description.label} key as "${target.name}" (thumbprint ${info.thumbprint})` +
        (certificate ? ` with its certificate ${certificate.subject} (x5t#S256 ${certificate.x5tS256})` : ''),
    );
    const assigned = target.restoring ? undefined : await assignKeyToProfile(s, target.name);
    const algNote = await fitProfilesToKey(s, target.name);
    await s.active.refresh();
    if (target.restoring) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Restored the private key "{0}" (RFC 7638 thumbprint {1}): the same key as before, so nothing needs to be registered again.',
          target.name,
          info.thumbprint,
        ),
      );
      return;
    }
    const exportKey = vscode.l10n.t('Export Public Key');
    let message = vscode.l10n.t('Imported the {0} key as "{1}".', info.description.label, target.name);
    if (assigned !== undefined) message += ` ${vscode.l10n.t('Profile "{0}" signs with it.', assigned)}`;
    if (algNote) message += ` ${algNote}`;
    if (certificate) {
      message += ` ${vscode.l10n.t('Its {0} is kept with it; assertions carry its x5t#S256.', certificateLine(certificate))}`;
    }
    // What the reader could not use (such as certificates under RC2-40 in a PKCS#12 file), as the CLI notes it.
    for (const note of read.notes ?? []) {
      s.log.warn(`import of "${target.name}": ${note}`);
      message += ` ${note}`;
    }
    void vscode.window
      .showInformationMessage(message, exportKey)
      .then((c) =>
        c === exportKey ? vscode.commands.executeCommand(CommandId.ExportPublicKey, target.name) : undefined,
      );
  };
}
