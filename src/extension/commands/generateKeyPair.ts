/**
 * Generate Key Pair: algorithm and size by quick pick, a key name (from the algorithm and the date), generated off
 * the event loop and stored in SecretStorage. A profile without a key (the active one, or the one the command was
 * started for) gets it. Then the public key actions, and the offer to back the key up at once.
 * Arguments (from other commands): `{ replace: name }` makes a new key under the name of a lost key;
 * `{ profile: name }` gives the key to that profile.
 */

import * as vscode from 'vscode';
import type { KeyGenOptions } from '../../core/keyGeneration';
import { CommandId, StateKey } from '../contract';
import { suggestKeyName } from '../services/keyStore';
import type { Services } from '../services/services';
import { assignKeyToProfile, fitProfilesToKey } from '../ui/keyAssignment';
import { confirmNoUnseenKeys, webSecretsSentence } from '../ui/keyHealthMessages';
import { askKeyName, keyCommandArgs } from '../ui/keyPicker';
import { confirmModal, type PickItem, pickOne } from '../ui/prompts';
import { offerPublicKey } from '../ui/publicKeyActions';

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
 * The key choices the server of the profile the key is for (`profileName`, else the active profile) accepts (a Jack
 * Henry profile is not offered EdDSA, which its server refuses), with that server's name; every choice when the
 * profile has no server rules or there is no profile.
 */
async function acceptedChoices(
  s: Services,
  profileName: string | undefined,
): Promise<{ choices: typeof KEY_CHOICES; server?: string }> {
  const name = profileName ?? s.profiles.activeName();
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
  return async (arg?: unknown): Promise<void> => {
    const { replace, profile } = keyCommandArgs(arg);
    const title =
      replace === undefined
        ? vscode.l10n.t('Generate Key Pair')
        : vscode.l10n.t('Generate a New Key as "{0}"', replace);
    const last = s.context.globalState.get<string>(StateKey.lastKeyChoice);
    const { choices, server } = await acceptedChoices(s, profile);
    const id = await pickOne(items(choices), {
      title,
      placeholder: server
        ? vscode.l10n.t('Choose the signing algorithm and key size ({0} accepts these)', server)
        : vscode.l10n.t('Choose the signing algorithm and key size'),
      active: choices.some((c) => c.id === last) ? last : 'PS256-2048',
    });
    const choice = choices.find((c) => c.id === id) ?? choices[0];
    if (!choice) return;
    await s.context.globalState.update(StateKey.lastKeyChoice, choice.id);
    let name: string;
    if (replace !== undefined && s.keys.get(replace)) {
      await confirmModal(
        vscode.l10n.t('Replace the key "{0}" with a new one?', replace),
        vscode.l10n.t(
          'A new key has a new public key: the server accepts it only once the admin registers it. The profiles that use "{0}" sign with the new key.',
          replace,
        ),
        vscode.l10n.t('Generate New Key'),
      );
      name = replace;
    } else {
      const taken = s.keys.list().map((r) => r.name);
      name = await askKeyName(s, title, suggestKeyName(choice.alg, taken));
    }
    await confirmNoUnseenKeys(s);
    const options: KeyGenOptions = choice.bits ? { alg: choice.alg, bits: choice.bits } : { alg: choice.alg };
    const info = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Generating a {0} key pair…', choice.alg),
      },
      () => s.keys.generate(name, options, { replace: replace !== undefined }),
    );
    s.log.info(`generated a ${info.description.label} key "${name}" (thumbprint ${info.thumbprint})`);
    const assigned = await assignKeyToProfile(s, name, { alg: choice.alg, ...(profile ? { profile } : {}) });
    if (replace !== undefined) await fitProfilesToKey(s, name);
    await s.active.refresh();
    await offerPublicKey(s, name, info, choice.alg);
    offerBackup(s, name, assigned !== undefined || replace !== undefined);
  };
}

/**
 * Right after a key is made: "Back Up Now" or "Later" (in a browser-hosted editor with the reason, which also counts
 * as that editor's one-time notice). Then, when no profile uses the key yet, the next step of the first run.
 */
function offerBackup(s: Services, name: string, hasProfile: boolean): void {
  const backUp = vscode.l10n.t('Back Up Now');
  const later = vscode.l10n.t('Later');
  let message = vscode.l10n.t(
    'The private key "{0}" is in VS Code\'s secret storage and nowhere else. Back it up to a file encrypted with a passphrase of yours?',
    name,
  );
  if (s.keyHealth.isWebHost) {
    message += ` ${webSecretsSentence()}`;
    void s.context.globalState.update(StateKey.webSecretsNoticeShown, true);
  }
  void vscode.window.showInformationMessage(message, backUp, later).then(async (choice) => {
    if (choice === backUp) await vscode.commands.executeCommand(CommandId.BackUpPrivateKey, name);
    if (!hasProfile) showNextStep(name);
  });
}

function showNextStep(name: string): void {
  const newProfile = vscode.l10n.t('New Profile');
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t(
        'Next: give the public key of "{0}" to your admin, then create the profile with the client id you get back.',
        name,
      ),
      newProfile,
    )
    .then((c) => (c === newProfile ? vscode.commands.executeCommand(CommandId.NewProfile) : undefined));
}
