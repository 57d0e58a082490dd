/** Generate Key Pair: algorithm and size by quick pick, generated off the event loop, stored in SecretStorage. */

import * as vscode from 'vscode';
import type { SigningAlg } from '../../core/algorithms';
import type { KeyGenOptions } from '../../core/keyGeneration';
import { CommandId, StateKey } from '../contract';
import type { Services } from '../services/services';
import { chooseKeyTarget } from '../ui/keyTarget';
import { type PickItem, pickOne } from '../ui/prompts';
import { offerPublicKey } from '../ui/publicKeyActions';

/** globalState key of the last chosen algorithm (a label like "PS256-2048", not secret). */

/** The choices offered, in order; PS256 with RSA 2048 first (the Jack Henry preset's algorithm). */
export const KEY_CHOICES: readonly (KeyGenOptions & { id: string })[] = [
  { id: 'PS256-2048', alg: 'PS256', bits: 2048 },
  { id: 'PS256-3072', alg: 'PS256', bits: 3072 },
  { id: 'PS256-4096', alg: 'PS256', bits: 4096 },
  { id: 'RS256-2048', alg: 'RS256', bits: 2048 },
  { id: 'RS256-3072', alg: 'RS256', bits: 3072 },
  { id: 'RS256-4096', alg: 'RS256', bits: 4096 },
  { id: 'ES256', alg: 'ES256' },
  { id: 'EdDSA', alg: 'EdDSA' },
];

/**
 * The key choices the active profile's server accepts (a Jack Henry profile is not offered EdDSA, which its server
 * refuses), with that server's name; every choice when the profile has no server rules or there is no profile.
 */
async function acceptedChoices(s: Services): Promise<{ choices: typeof KEY_CHOICES; server?: string }> {
  const name = s.profiles.activeName();
  if (name === undefined) return { choices: KEY_CHOICES };
  try {
    const [profile, { PRESETS }] = await Promise.all([s.profiles.get(name), import('../../core/presets')]);
    const rules = PRESETS[profile.preset].rules;
    const accepted = rules?.algs;
    if (!rules || !accepted) return { choices: KEY_CHOICES };
    return { choices: KEY_CHOICES.filter((c) => accepted.includes(c.alg)), server: rules.server };
  } catch {
    // An invalid profile is reported where it is used; every choice stays open here.
    return { choices: KEY_CHOICES };
  }
}

function items(choices: typeof KEY_CHOICES): PickItem<string>[] {
  return choices.map((c) => {
    const key = c.bits ? vscode.l10n.t('RSA {0}-bit', c.bits) : c.alg === 'ES256' ? 'EC P-256' : 'Ed25519';
    const item: PickItem<string> = { value: c.id, label: `${c.alg} · ${key}` };
    if (c.id === 'PS256-2048') item.description = vscode.l10n.t('recommended: Jack Henry and most servers');
    else if (c.alg === 'RS256') item.description = vscode.l10n.t('RSA PKCS#1 v1.5: for servers without PS256');
    else if (c.bits === 4096) item.description = vscode.l10n.t('slower to generate and to sign');
    else if (c.alg === 'EdDSA') item.description = vscode.l10n.t('only where the server supports EdDSA');
    return item;
  });
}

/** The command handler. */
export function generateKeyPair(s: Services) {
  return async (): Promise<void> => {
    const last = s.context.globalState.get<string>(StateKey.lastKeyChoice);
    const { choices, server } = await acceptedChoices(s);
    const id = await pickOne(items(choices), {
      title: vscode.l10n.t('Generate Key Pair'),
      placeholder: server
        ? vscode.l10n.t('Choose the signing algorithm and key size ({0} accepts these)', server)
        : vscode.l10n.t('Choose the signing algorithm and key size'),
      active: choices.some((c) => c.id === last) ? last : 'PS256-2048',
    });
    const choice = choices.find((c) => c.id === id) ?? choices[0];
    if (!choice) return;
    await s.context.globalState.update(StateKey.lastKeyChoice, choice.id);
    const target = await chooseKeyTarget(s, vscode.l10n.t('Generate Key Pair'));
    const options: KeyGenOptions = choice.bits ? { alg: choice.alg, bits: choice.bits } : { alg: choice.alg };
    const info = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Generating a {0} key pair…', choice.alg),
      },
      () => s.keys.generate(target.name, options),
    );
    s.log.info(
      `generated a ${info.description.label} key for "${target.name}" (thumbprint ${info.thumbprint.slice(0, 8)}…)`,
    );
    await adoptAlg(s, target.name, target.isProfile, choice.alg);
    await s.active.refresh();
    await offerPublicKey(s, target.name, info, choice.alg);
    if (!target.isProfile) {
      const newProfile = vscode.l10n.t('New Profile');
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t(
            'The private key for "{0}" is in VS Code\'s secret storage. Give the public key to your admin, then create the profile with the client id you get back.',
            target.name,
          ),
          newProfile,
        )
        .then((c) => (c === newProfile ? vscode.commands.executeCommand(CommandId.NewProfile) : undefined));
    }
  };
}

/** Makes the profile (or the key awaiting one) use the algorithm the user just chose the key for. */
async function adoptAlg(s: Services, name: string, isProfile: boolean, alg: SigningAlg): Promise<void> {
  if (!isProfile) {
    await s.active.setAwaiting({ name, alg });
    return;
  }
  const profile = await s.profiles.get(name);
  if (profile.alg === alg) return;
  await s.profiles.save({ ...profile, alg });
  s.log.info(`profile "${name}" now signs with ${alg} (was ${profile.alg})`);
}
