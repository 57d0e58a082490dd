/**
 * New Profile: preset → (generic: token URL or issuer?) → name → client id → the URL (Jack Henry's host, Entra ID's
 * tenant and scope: ui/presetQuestions.ts) → the key it signs with (when keys exist) → a review of everything the profile sets (aud, exp unit, algorithm, scope, key) → saved to the user
 * settings and made active. Every step is one Enter away from its default, so the sequence can be driven by
 * keyboard; the rest is changed with Edit Profile.
 */

import * as vscode from 'vscode';
import type { PresetId, Profile } from '../../core/profiles';
import { Cancelled } from '../base/cancellation';
import { CommandId } from '../contract';
import { presetSummary, type ReviewKey, reviewLines } from '../services/profileReview';
import type { Services } from '../services/services';
import { keyItem, keyUsers } from '../ui/keyPicker';
import { askPresetFields, presetLabel } from '../ui/presetQuestions';
import { askText, type PickItem, pickOne, profileNameProblem } from '../ui/prompts';
import { urlProblem } from '../ui/urlCheck';

type Target = 'tokenUrl' | 'issuer';
const NO_KEY = '\u0000none';

/** The steps' titles: "New Profile (2/6)". */
class Steps {
  private done = 0;
  constructor(private total: number) {}
  skip(): void {
    this.total -= 1;
  }
  next(): string {
    this.done += 1;
    return vscode.l10n.t('New Profile ({0}/{1})', this.done, this.total);
  }
}

/** The command handler; resolves the saved profile (Cancelled on Escape). */
export function newProfile(s: Services) {
  return async (): Promise<Profile> => {
    const { PRESETS, PRESET_IDS } = await import('../../core/presets');
    const { createProfile } = await import('../../core/profiles');
    const hasKeys = s.keys.list().length > 0;
    const steps = new Steps(hasKeys ? 7 : 6);
    const presetItems: PickItem<PresetId>[] = PRESET_IDS.map((id) => ({
      value: id,
      label: presetLabel(id),
      detail: presetSummary(PRESETS[id].defaults, vscode.l10n.t),
    }));
    const preset = await pickOne<PresetId>(presetItems, {
      title: steps.next(),
      placeholder: vscode.l10n.t('Which kind of authorization server?'),
      active: 'jack-henry',
    });
    // Jack Henry and Entra ID ask their own questions for the token URL; the issuer-as-audience preset needs an
    // issuer; any other server is reached by a token URL or an issuer's metadata.
    const ownQuestions = preset === 'jack-henry' || preset === 'entra-id';
    let target: Target = preset === 'issuer-audience' ? 'issuer' : 'tokenUrl';
    if (preset === 'generic') {
      target = await pickOne<Target>(
        [
          {
            value: 'tokenUrl',
            label: vscode.l10n.t('A token URL'),
            description: vscode.l10n.t('the simplest'),
            detail: vscode.l10n.t('aud = that token URL; nothing is discovered'),
          },
          {
            value: 'issuer',
            label: vscode.l10n.t('An issuer'),
            description: vscode.l10n.t('OpenID Connect discovery'),
            detail: vscode.l10n.t('The token URL comes from its /.well-known metadata; aud = that token URL'),
          },
        ],
        { title: steps.next(), placeholder: vscode.l10n.t('Token URL or issuer?'), active: 'tokenUrl' },
      );
    } else steps.skip();
    const taken = s.profiles.names();
    const name = await askText({
      title: steps.next(),
      prompt: vscode.l10n.t('Profile name'),
      value: uniqueName(preset === 'jack-henry' ? 'jack-henry' : 'default', taken),
      validateInput: (v) => profileNameProblem(v, taken),
    });
    const clientId = await askText({
      title: steps.next(),
      prompt:
        preset === 'jack-henry'
          ? vscode.l10n.t('Client ID (shown to the admin after saving the service account in Users & Groups)')
          : vscode.l10n.t('Client ID registered at the authorization server'),
      placeHolder: vscode.l10n.t('client id'),
      validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Enter the client id.') : undefined),
    });
    const fields: Partial<Profile> & { name: string; clientId: string } = { name, clientId };
    if (ownQuestions) Object.assign(fields, await askPresetFields(preset, steps.next()));
    else if (target === 'tokenUrl') {
      fields.tokenUrl = await askText({
        title: steps.next(),
        prompt: vscode.l10n.t("Token URL (the assertion's audience)"),
        placeHolder: 'https://login.example.com/oauth2/token',
        validateInput: (v) => urlProblem(v, vscode.l10n.t),
      });
    } else {
      fields.issuer = await askText({
        title: steps.next(),
        prompt: vscode.l10n.t('Issuer URL: the token endpoint is discovered from its /.well-known metadata'),
        placeHolder: 'https://login.example.com',
        validateInput: (v) => urlProblem(v, vscode.l10n.t),
      });
    }
    const keyName = hasKeys ? await pickProfileKey(s, steps.next()) : undefined;
    const record = keyName === undefined ? undefined : s.keys.get(keyName);
    if (record) {
      fields.key = record.name;
      fields.alg = record.alg;
    }
    const profile = createProfile(preset, fields);
    await review(profile, record, steps.next());
    const saved = await s.profiles.save(profile);
    await s.profiles.setActive(saved.name);
    await s.active.refresh();
    s.log.info(`saved profile "${saved.name}" (${preset}, client id ${saved.clientId}, key ${saved.key ?? 'none'})`);
    announce(saved.name, saved.key !== undefined);
    return saved;
  };
}

/** The key the new profile signs with: a key no profile uses yet comes first. `undefined`: none yet. */
async function pickProfileKey(s: Services, title: string): Promise<string | undefined> {
  const users = await keyUsers(s);
  const records = s.keys.list();
  const unused = [...records].reverse().find((r) => (users.get(r.name) ?? []).length === 0);
  const items: PickItem<string>[] = [
    ...records.map((r) => keyItem(r, users.get(r.name) ?? [], false)),
    {
      value: NO_KEY,
      label: `$(circle-slash) ${vscode.l10n.t('No key yet')}`,
      detail: vscode.l10n.t('Generate or import one after saving'),
    },
  ];
  const chosen = await pickOne(items, {
    title,
    placeholder: vscode.l10n.t('Which private key does this profile sign with?'),
    active: unused?.name ?? records[0]?.name,
  });
  return chosen === NO_KEY ? undefined : chosen;
}

/** The review step: every setting in a modal dialog, saved only on "Save Profile". */
async function review(profile: Profile, key: ReviewKey | undefined, title: string): Promise<void> {
  const save = vscode.l10n.t('Save Profile');
  const lines = reviewLines(profile, key, vscode.l10n.t);
  const choice = await vscode.window.showInformationMessage(
    `${title}: ${vscode.l10n.t('save the profile "{0}"?', profile.name)}`,
    { modal: true, detail: `${lines.join('\n')}\n\n${vscode.l10n.t('Edit Profile changes any of these later.')}` },
    save,
  );
  if (choice !== save) throw new Cancelled();
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
        ? vscode.commands.executeCommand(CommandId.GenerateKeyPair, { profile: name })
        : c === importKey
          ? vscode.commands.executeCommand(CommandId.ImportPrivateKey)
          : undefined,
    );
}
