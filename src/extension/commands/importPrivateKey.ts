/**
 * Import Private Key: from a file or the clipboard; PEM in any stored spelling (PKCS#8, PKCS#1, SEC1, encrypted
 * with a passphrase prompt, cert+key bundles), DER, PKCS#12 (.pfx/.p12, passphrase prompt), JWK or service-account
 * JSON, read by core `readKeyInput` (the CLI's reader, rules and messages), stored as unencrypted PKCS#8 in
 * SecretStorage.
 */

import * as vscode from 'vscode';
import { ConfigError } from '../../core/errors';
import { Cancelled } from '../base/cancellation';
import { CommandId } from '../contract';
import { readImportedKey } from '../services/importInput';
import type { StoredKeyInfo } from '../services/privateKeys';
import type { Services } from '../services/services';
import { chooseKeyTarget } from '../ui/keyTarget';
import { askText, type PickItem, pickOne } from '../ui/prompts';

/** Largest key file read (a private key PEM or JWK is a few KiB). */
const MAX_KEY_FILE_BYTES = 256 * 1024;
/** Passphrase attempts before giving up. */
const PASSPHRASE_ATTEMPTS = 3;

type Source = 'file' | 'clipboard';

async function readSource(source: Source): Promise<Uint8Array> {
  if (source === 'clipboard') return new TextEncoder().encode(await vscode.env.clipboard.readText());
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Import Private Key'),
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

/** Imports through core readKeyInput, asking for the passphrase of an encrypted key or PKCS#12 file (again after a wrong one). */
async function importWithPassphrase(s: Services, name: string, bytes: Uint8Array): Promise<StoredKeyInfo> {
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
  const imported = await readImportedKey(bytes, askPassphrase);
  return s.keys.import(name, imported.pkcs8Pem);
}

/** The command handler. */
export function importPrivateKey(s: Services) {
  return async (): Promise<void> => {
    const sources: PickItem<Source>[] = [
      {
        value: 'file',
        label: `$(file) ${vscode.l10n.t('From a File…')}`,
        detail: vscode.l10n.t('PEM (PKCS#8, PKCS#1, SEC1, encrypted), DER, PKCS#12 (.pfx/.p12) or JWK'),
      },
      {
        value: 'clipboard',
        label: `$(clippy) ${vscode.l10n.t('From the Clipboard')}`,
        detail: vscode.l10n.t('PEM or JWK text; the clipboard is cleared afterwards'),
      },
    ];
    const source = await pickOne(sources, {
      title: vscode.l10n.t('Import Private Key'),
      placeholder: vscode.l10n.t('Where is the private key?'),
    });
    const target = await chooseKeyTarget(s, vscode.l10n.t('Import Private Key'));
    const bytes = await readSource(source);
    const info = await importWithPassphrase(s, target.name, bytes);
    if (source === 'clipboard') {
      // The clipboard held a private key: take it away unless the user already copied something else.
      await s.clipboard.clearIfStill(new TextDecoder().decode(bytes));
    }
    s.log.info(
      `imported a ${info.description.label} key for "${target.name}" (thumbprint ${info.thumbprint.slice(0, 8)}…)`,
    );
    const algNote = await fitProfileAlg(s, target.name, target.isProfile, info);
    await s.active.refresh();
    const exportKey = vscode.l10n.t('Export Public Key');
    const message = vscode.l10n.t('Imported the {0} key for "{1}".', info.description.label, target.name);
    void vscode.window
      .showInformationMessage(algNote ? `${message} ${algNote}` : message, exportKey)
      .then((c) => (c === exportKey ? vscode.commands.executeCommand(CommandId.ExportPublicKey) : undefined));
  };
}

/** Switches the profile to an algorithm the imported key can sign with; returns a note when it did. */
async function fitProfileAlg(
  s: Services,
  name: string,
  isProfile: boolean,
  info: StoredKeyInfo,
): Promise<string | undefined> {
  if (!isProfile) {
    const alg = info.description.algs.includes('PS256') ? 'PS256' : info.description.algs[0];
    await s.active.setAwaiting(alg ? { name, alg } : { name });
    return undefined;
  }
  const profile = await s.profiles.get(name);
  if (info.description.algs.includes(profile.alg)) return undefined;
  const alg = await s.keys.fittingAlg(name, profile.alg);
  await s.profiles.save({ ...profile, alg });
  s.log.info(`profile "${name}" now signs with ${alg} (the key cannot sign ${profile.alg})`);
  return vscode.l10n.t('The profile now signs with {0}, since this key cannot sign {1}.', alg, profile.alg);
}
