/**
 * How the hand-offs (authentication sessions, task and launch variables, MCP servers) fetch a token and explain a
 * failure: the same progress and the same sentences as Fetch Token, and never from an untrusted workspace.
 */
import * as vscode from 'vscode';
import { ConfigError } from '../../core/errors';
import { isCancellation } from '../base/cancellation';
import { fetchWithProgress } from '../commands/fetchToken';
import type { CachedToken } from '../services/cachedToken';
import type { Log } from '../services/log';
import type { Services } from '../services/services';
import { userMessage } from '../ui/commandBoundary';

/** ConfigError `workspace_untrusted`: no assertion is sent from an untrusted workspace. */
export function untrustedWorkspace(): ConfigError {
  return new ConfigError(
    'workspace_untrusted',
    'Client Creds sends a signed client assertion only from a trusted workspace',
    'trust this workspace (Manage Workspace Trust) to continue',
  );
}

/**
 * Fetches a token of `name` (for `scope` instead of the profile's when given) with Fetch Token's progress: a
 * notification, or the status bar's progress area when `quiet`. Rejects with ConfigError `workspace_untrusted` in
 * an untrusted workspace, and with whatever TokenService.fetch rejects with.
 */
export async function fetchForHandoff(s: Services, name: string, quiet: boolean, scope?: string): Promise<CachedToken> {
  if (!vscode.workspace.isTrusted) throw untrustedWorkspace();
  const outcome = await fetchWithProgress(s, name, quiet, scope === undefined ? {} : { scope });
  return outcome.token;
}

/** The sentence Fetch Token would show for `error` (masked), for rejections that another component displays. */
export function explainFailure(error: unknown, log: Log): string {
  if (isCancellation(error)) return vscode.l10n.t('The token request was cancelled.');
  return userMessage(error, log);
}
