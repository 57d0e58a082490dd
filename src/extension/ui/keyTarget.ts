/**
 * Which name a new or imported key is stored under: the active profile, or, before any profile exists,
 * a name the user gives (the profile created next with that name adopts the key). Replacing an existing
 * key needs a modal confirmation.
 */
import * as vscode from 'vscode';
import type { Services } from '../services/services';
import { askText, confirmModal, profileNameProblem } from './prompts';

/** Where the key goes. */
export interface KeyTarget {
  name: string;
  /** True when `name` is an existing profile (false: a key awaiting its profile). */
  isProfile: boolean;
}

/** Asks for (or picks) the key's owner and confirms replacing a key that is already stored there. */
export async function chooseKeyTarget(s: Services, title: string): Promise<KeyTarget> {
  const profileName = s.profiles.activeName();
  let target: KeyTarget;
  if (profileName !== undefined) {
    target = { name: profileName, isProfile: true };
  } else {
    const name = await askText({
      title,
      prompt: vscode.l10n.t(
        'No profile exists yet. Name the profile this key is for; New Profile offers this name next and the profile adopts the key.',
      ),
      value: s.active.awaiting()?.name ?? 'default',
      validateInput: (v) => profileNameProblem(v),
    });
    target = { name, isProfile: false };
  }
  if (await s.keys.has(target.name)) {
    await confirmModal(
      vscode.l10n.t('Replace the private key of "{0}"?', target.name),
      vscode.l10n.t(
        "The current key is deleted from VS Code's secret storage. Tokens can only be fetched again after the admin registers the new public key.",
      ),
      vscode.l10n.t('Replace'),
    );
  }
  return target;
}
