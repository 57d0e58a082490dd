/**
 * Copy Bearer Token: the token, an `Authorization: Bearer …` header, or a curl line; the clipboard is
 * cleared after `clientCreds.clipboardClearSeconds` when it still holds what was copied.
 */
import * as vscode from 'vscode';
import { formatRelative } from '../../core/jwt';
import { Cancelled } from '../base/cancellation';
import { CommandId } from '../contract';
import { BEARER_FORMATS, type BearerFormat, formatBearer } from '../services/bearerFormats';
import { isDpopToken } from '../services/cachedToken';
import type { Services } from '../services/services';
import { type PickItem, pickOne } from '../ui/prompts';
import { clipboardClearSeconds } from '../ui/settings';
import { copyDpopAuthorization } from './copyAuthorization';

function formatItems(): PickItem<BearerFormat>[] {
  const labels: Record<BearerFormat, [string, string]> = {
    token: [vscode.l10n.t('Token'), vscode.l10n.t('The access token only')],
    header: [vscode.l10n.t('Authorization Header'), 'Authorization: Bearer …'],
    curl: [vscode.l10n.t('curl Command'), `curl --header 'Authorization: Bearer …' "$URL"`],
  };
  return BEARER_FORMATS.map((f) => ({ value: f, label: labels[f][0], description: labels[f][1] }));
}

/** The command handler; an optional format argument ('token' | 'header' | 'curl') skips the quick pick. */
export function copyBearer(s: Services) {
  return async (formatArg?: unknown): Promise<void> => {
    const name = s.profiles.activeName();
    // Another window may have fetched a newer token: read the stored one before using it.
    const token = name === undefined ? undefined : await s.tokens.latest(name);
    if (name === undefined || token === undefined) {
      const fetch = vscode.l10n.t('Fetch Token');
      void vscode.window
        .showInformationMessage(vscode.l10n.t('There is no token yet.'), fetch)
        .then((c) => (c === fetch ? vscode.commands.executeCommand(CommandId.FetchToken) : undefined));
      return;
    }
    if (token.expiresAt !== undefined && token.expiresAt <= Date.now()) {
      const fetchNew = vscode.l10n.t('Fetch New Token');
      const anyway = vscode.l10n.t('Copy Anyway');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('The token of "{0}" expired {1}.', name, formatRelative(token.expiresAt, Date.now())),
        fetchNew,
        anyway,
      );
      if (choice === fetchNew) {
        await vscode.commands.executeCommand(CommandId.FetchToken);
        return;
      }
      if (choice !== anyway) throw new Cancelled();
    }
    // A DPoP-bound token is useless alone: each request needs its own proof (RFC 9449 §7.1).
    if (isDpopToken(token)) return copyDpopAuthorization(s, name);
    const format = BEARER_FORMATS.includes(formatArg as BearerFormat)
      ? (formatArg as BearerFormat)
      : await pickOne(formatItems(), {
          title: vscode.l10n.t('Copy Bearer Token'),
          placeholder: vscode.l10n.t('What to copy'),
        });
    const seconds = clipboardClearSeconds();
    await s.clipboard.copy(formatBearer(token, format), seconds);
    s.log.info(`copied the ${format} form of the token of "${name}" to the clipboard`);
    vscode.window.setStatusBarMessage(
      seconds > 0
        ? vscode.l10n.t('$(check) Copied (the clipboard clears in {0} s)', seconds)
        : vscode.l10n.t('$(check) Copied the bearer token of "{0}"', name),
      5000,
    );
  };
}
