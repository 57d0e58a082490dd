/**
 * New Profile: preset → name → client id → the preset's own questions (Jack Henry host, Entra ID tenant and scope:
 * ui/presetQuestions.ts) or an issuer → saved
 * to the user settings and made active. Every step is one Enter away from the default, so the sequence
 * can be driven by keyboard; advanced fields are changed with Edit Profile.
 */

import * as vscode from 'vscode';
import type { PresetId, Profile } from '../../core/profiles';
import { CommandId } from '../contract';
import type { Services } from '../services/services';
import { askPresetFields, presetItems } from '../ui/presetQuestions';
import { askText, pickOne, profileNameProblem } from '../ui/prompts';
import { urlProblem } from '../ui/urlCheck';

const TOTAL_STEPS = 4;

function stepTitle(step: number): string {
  return vscode.l10n.t('New Profile ({0}/{1})', step, TOTAL_STEPS);
}

/** The command handler; resolves the saved profile (Cancelled on Escape). */
export function newProfile(s: Services) {
  return async (): Promise<Profile> => {
    const { createProfile } = await import('../../core/profiles');
    const preset = await pickOne<PresetId>(presetItems(), {
      title: stepTitle(1),
      placeholder: vscode.l10n.t('Which kind of authorization server?'),
      active: 'jack-henry',
    });
    const taken = s.profiles.names();
    const awaiting = s.active.awaiting();
    const suggested =
      awaiting && !taken.includes(awaiting.name)
        ? awaiting.name
        : uniqueName(preset === 'jack-henry' ? 'jack-henry' : 'default', taken);
    const name = await askText({
      title: stepTitle(2),
      prompt:
        awaiting?.name === suggested
          ? vscode.l10n.t('Profile name (the key you generated for "{0}" goes with it)', suggested)
          : vscode.l10n.t('Profile name'),
      value: suggested,
      validateInput: (v) => profileNameProblem(v, taken),
    });
    const clientId = await askText({
      title: stepTitle(3),
      prompt:
        preset === 'jack-henry'
          ? vscode.l10n.t('Client ID (shown to the admin after saving the service account in Users & Groups)')
          : vscode.l10n.t('Client ID registered at the authorization server'),
      placeHolder: vscode.l10n.t('client id'),
      validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Enter the client id.') : undefined),
    });
    const fields: Partial<Profile> & { name: string; clientId: string } = { name, clientId };
    const presetFields = await askPresetFields(preset, stepTitle(4));
    if (presetFields) Object.assign(fields, presetFields);
    else {
      fields.issuer = await askText({
        title: stepTitle(4),
        prompt: vscode.l10n.t('Issuer URL: the token endpoint is discovered from its /.well-known metadata'),
        placeHolder: 'https://login.example.com',
        validateInput: (v) => urlProblem(v, vscode.l10n.t),
      });
    }
    const hasKey = await s.keys.has(name);
    if (awaiting?.name === name && awaiting.alg) fields.alg = awaiting.alg;
    let profile = createProfile(preset, fields);
    if (hasKey) profile = { ...profile, alg: await s.keys.fittingAlg(name, profile.alg) };
    const saved = await s.profiles.save(profile);
    await s.profiles.setActive(saved.name);
    if (awaiting?.name === saved.name) await s.active.setAwaiting(undefined);
    await s.active.refresh();
    s.log.info(`saved profile "${saved.name}" (${preset}, client id ${saved.clientId})`);
    announce(saved.name, hasKey);
    return saved;
  };
}

function uniqueName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base}-${i}`)) return `${base}-${i}`;
}

function announce(name: string, hasKey: boolean): void {
  if (hasKey) {
    const fetch = vscode.l10n.t('Fetch Token');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('Profile "{0}" saved and active.', name), fetch)
      .then((c) => (c === fetch ? vscode.commands.executeCommand(CommandId.FetchToken) : undefined));
    return;
  }
  const generate = vscode.l10n.t('Generate Key Pair');
  const importKey = vscode.l10n.t('Import Private Key');
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t('Profile "{0}" saved and active. It has no private key yet.', name),
      generate,
      importKey,
    )
    .then((c) =>
      c === generate
        ? vscode.commands.executeCommand(CommandId.GenerateKeyPair)
        : c === importKey
          ? vscode.commands.executeCommand(CommandId.ImportPrivateKey)
          : undefined,
    );
}
