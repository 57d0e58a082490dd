/** Select Profile: the profile the commands and the status bar act on. */
import * as vscode from 'vscode';
import { ConfigError } from '../../core/errors';
import type { Services } from '../services/services';
import { type PickItem, pickOne } from '../ui/prompts';

/** A quick pick of the valid profiles, the active one first; resolves the chosen name. */
export async function pickProfile(s: Services, title: string): Promise<string> {
  const { profiles, problems } = await s.profiles.list();
  for (const p of problems)
    s.log.warn(`profile ${p.name ?? '(unnamed)'} in settings is invalid: ${p.problems.join('; ')}`);
  if (profiles.length === 0) {
    throw new ConfigError('no_profile', 'there is no valid profile', 'create one with New Profile');
  }
  const active = s.profiles.activeName();
  const items: PickItem<string>[] = profiles.map((p) => ({
    value: p.name,
    label: `${p.name === active ? '$(check) ' : ''}${p.name}`,
    description: p.clientId,
    detail: p.tokenUrl ?? p.issuer,
  }));
  return pickOne(items, { title, placeholder: vscode.l10n.t('Choose a profile'), active });
}

/** The command handler. */
export function selectProfile(s: Services) {
  return async (): Promise<void> => {
    const name = await pickProfile(s, vscode.l10n.t('Select Profile'));
    await s.profiles.setActive(name);
    await s.active.refresh();
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Active profile: {0}', name), 4000);
  };
}
