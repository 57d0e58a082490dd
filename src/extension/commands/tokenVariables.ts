/**
 * `clientCreds.accessToken` and `clientCreds.authorizationHeader`: the token, or `Bearer <token>`, for
 * `${command:…}` in tasks.json and launch.json, `inputs` of type command, and other extensions. An optional
 * `{ "profile": "<name>" }` argument picks the profile (default: the active one). A workspace's tasks and launch
 * configurations can run code, so the first use of a profile in a workspace asks the user once, modally; nothing is
 * handed out in an untrusted workspace. Returning undefined (refused, cancelled, failed) cancels the task or launch.
 */
import * as vscode from 'vscode';
import { ConfigError } from '../../core/errors';
import { CommandId } from '../contract';
import { authorizationValue } from '../services/bearerFormats';
import type { Services } from '../services/services';

/** The profile named by a command argument `{ profile: "<name>" }`; ConfigError `invalid_argument` for a non-string. */
export function profileArgument(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null || !('profile' in arg)) return undefined;
  const profile = (arg as { profile: unknown }).profile;
  if (profile === undefined) return undefined;
  if (typeof profile !== 'string' || profile.trim() === '') {
    throw new ConfigError(
      'invalid_argument',
      'the "profile" argument must be the name of a Client Creds profile',
      'write "args": { "profile": "<name>" }',
    );
  }
  return profile;
}

/** Asks once per workspace and profile; true when allowed (now or before). */
async function consented(s: Services, profile: string): Promise<boolean> {
  if (s.consent.isAllowed(profile)) return true;
  const allow = vscode.l10n.t('Allow');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t("Allow this workspace's tasks and launch configurations to use the token of {0}?", profile),
    {
      modal: true,
      detail: vscode.l10n.t(
        'Tasks and launch configurations can run any code, so they could send the token anywhere. The answer is remembered for this workspace; Client Creds: Revoke Token Access of Tasks and Launch Configurations takes it back.',
      ),
    },
    allow,
  );
  if (choice !== allow) return false;
  await s.consent.allow(profile);
  s.log.info(`this workspace's tasks and launch configurations may use the token of "${profile}"`);
  return true;
}

function refuseUntrusted(): void {
  const manage = vscode.l10n.t('Manage Workspace Trust');
  void vscode.window
    .showWarningMessage(
      vscode.l10n.t('Client Creds gives tokens to tasks and launch configurations only in a trusted workspace.'),
      manage,
    )
    .then((c) => (c === manage ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
}

/** The handler of `clientCreds.accessToken` (`form` token) or `clientCreds.authorizationHeader` (`form` header). */
export function tokenVariable(s: Services, form: 'token' | 'header') {
  return async (arg?: unknown): Promise<string | undefined> => {
    if (!vscode.workspace.isTrusted) {
      refuseUntrusted();
      return undefined;
    }
    const name = profileArgument(arg) ?? s.profiles.activeName();
    if (name === undefined) {
      const create = vscode.l10n.t('New Profile');
      void vscode.window
        .showInformationMessage(vscode.l10n.t('There is no profile yet. Create one first.'), create)
        .then((c) => (c === create ? vscode.commands.executeCommand(CommandId.NewProfile) : undefined));
      return undefined;
    }
    if (!s.profiles.names().includes(name)) {
      throw new ConfigError('profile_not_found', `there is no profile named "${name}"`, 'create it with New Profile');
    }
    if (!(await consented(s, name))) return undefined;
    const token = await s.fresh.get(name);
    return form === 'token' ? token.accessToken : authorizationValue(token);
  };
}
