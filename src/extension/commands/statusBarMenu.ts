/** The status bar item's click: Copy Bearer, Fetch New Token, Inspect Claims. */
import * as vscode from 'vscode';
import { CommandId } from '../contract';
import { isDpopToken } from '../services/cachedToken';
import { expirySentence } from '../services/expiry';
import type { Services } from '../services/services';
import { type PickItem, pickOne } from '../ui/prompts';

/** The command handler. */
export function statusBarMenu(s: Services) {
  return async (): Promise<void> => {
    const name = s.profiles.activeName();
    const token = name === undefined ? undefined : await s.tokens.latest(name);
    const items: PickItem<CommandId>[] = [
      {
        value: CommandId.CopyBearer,
        label: `$(copy) ${token && isDpopToken(token) ? vscode.l10n.t('Copy Authorization for a Request…') : vscode.l10n.t('Copy Bearer Token')}`,
      },
      { value: CommandId.FetchToken, label: `$(refresh) ${vscode.l10n.t('Fetch New Token')}` },
      { value: CommandId.InspectClaims, label: `$(list-tree) ${vscode.l10n.t('Inspect Claims')}` },
    ];
    const command = await pickOne(items, {
      title: name === undefined ? vscode.l10n.t('Client Creds') : vscode.l10n.t('Client Creds: {0}', name),
      placeholder: token ? expirySentence(token, Date.now(), vscode.l10n.t) : undefined,
    });
    await vscode.commands.executeCommand(command);
  };
}
