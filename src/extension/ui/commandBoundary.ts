/**
 * Where command errors stop: cancellation ends silently, anything else goes to the log in detail
 * (masked) and to the user as one message with a "Show Log" action (a lost key: with its ways back instead).
 */
import * as vscode from 'vscode';
import { isClientCredsError } from '../../core/errors';
import { isCancellation } from '../base/cancellation';
import type { CommandId } from '../contract';
import { errorText } from '../services/errorText';
import { LostKeyError } from '../services/keyStore';
import type { Log } from '../services/log';
import { showLostKey } from './keyHealthMessages';

/** The one line shown for `error`: the core message and hint for our errors, a generic line otherwise. */
export function userMessage(error: unknown, log: Log): string {
  if (isClientCredsError(error)) {
    return errorText(error, log);
  }
  return vscode.l10n.t('Something unexpected went wrong; the details are in the log.');
}

/**
 * Logs `error` and shows it with a "Show Log" action; silent for cancellations. Does not wait for the
 * user to answer the message, so the command that failed ends at once.
 */
export function reportError(error: unknown, log: Log, what: string): void {
  if (isCancellation(error)) return;
  log.error(`${what} failed`, error);
  // A lost key gets its own message, with the ways back as actions.
  if (error instanceof LostKeyError) {
    showLostKey(error.record);
    return;
  }
  const showLog = vscode.l10n.t('Show Log');
  void vscode.window.showErrorMessage(userMessage(error, log), showLog).then((choice) => {
    if (choice === showLog) log.show();
  });
}

/**
 * Registers `handler` for `id` behind the error boundary. The handler's result is the command's (what
 * `${command:…}` variables read); after a failure the command returns undefined, which cancels a task or launch.
 */
export function registerCommand(
  id: CommandId,
  log: Log,
  handler: (...args: unknown[]) => Promise<unknown> | unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (e) {
      reportError(e, log, id);
      return undefined;
    }
  });
}
