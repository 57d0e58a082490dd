/**
 * Fetch Token: refused in an untrusted workspace (it sends a signed assertion to a URL from settings);
 * progress shows the helper's steps; success says when the token expires and offers Copy Bearer and
 * Inspect Claims; failures go through the command boundary (message, hint, Show Log); Cancel is silent.
 */
import * as vscode from 'vscode';
import { FLOW_STEP_TITLES, type FlowStep } from '../../core/flowSteps';
import { Cancelled } from '../base/cancellation';
import { CommandId } from '../contract';
import { fetchSuccessMessage } from '../services/expiry';
import type { Services } from '../services/services';
import type { FetchOptions, FetchOutcome } from '../services/tokenService';

/** The progress line for a flow step: core's one title of the step, in the user's language. */
export function stepLabel(step: FlowStep): string {
  return vscode.l10n.t(FLOW_STEP_TITLES[step]);
}

/**
 * Refuses to go on in an untrusted workspace, offering to manage trust. Returns false when refused.
 * Restricted settings already ignore the workspace's values; this makes the refusal explicit.
 */
export function requireTrust(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  void vscode.window
    .showWarningMessage(
      vscode.l10n.t(
        '{0} sends a signed client assertion, so it only runs in a trusted workspace. Trust this workspace to continue.',
        what,
      ),
      manage,
    )
    .then((c) => (c === manage ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
  return false;
}

/**
 * Fetches for `name` with cancellable progress: a notification for the command, the status bar's progress
 * area for auto-refresh (`quiet`), which should not pop up in the middle of someone's work. `options` go to
 * TokenService.fetch (other scopes than the profile's).
 */
export async function fetchWithProgress(
  s: Services,
  name: string,
  quiet = false,
  options: FetchOptions = {},
): Promise<FetchOutcome> {
  return vscode.window.withProgress(
    {
      location: quiet ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Fetching a token for "{0}"', name),
      cancellable: true,
    },
    async (progress, cancel) => {
      const controller = new AbortController();
      const subscription = cancel.onCancellationRequested(() => controller.abort());
      try {
        const work = s.tokens.fetch(
          name,
          { step: (event) => progress.report({ message: stepLabel(event.step) }) },
          controller.signal,
          options,
        );
        // The request may not notice the abort at once; the user does not wait for it.
        const cancelled = new Promise<never>((_, reject) =>
          controller.signal.addEventListener('abort', () => reject(new Cancelled()), { once: true }),
        );
        return await Promise.race([work, cancelled]);
      } finally {
        subscription.dispose();
      }
    },
  );
}

/** The command handler; an optional profile name argument overrides the active profile. */
export function fetchToken(s: Services) {
  return async (profileArg?: unknown): Promise<void> => {
    if (!requireTrust(vscode.l10n.t('Fetch Token'))) return;
    const name = typeof profileArg === 'string' && profileArg ? profileArg : s.profiles.activeName();
    if (name === undefined) {
      const create = vscode.l10n.t('New Profile');
      void vscode.window
        .showInformationMessage(vscode.l10n.t('There is no profile yet. Create one first.'), create)
        .then((c) => (c === create ? vscode.commands.executeCommand(CommandId.NewProfile) : undefined));
      return;
    }
    const outcome = await fetchWithProgress(s, name);
    await s.active.refresh();
    const copy = vscode.l10n.t('Copy Bearer');
    const inspect = vscode.l10n.t('Inspect Claims');
    let message = fetchSuccessMessage(outcome.profile.name, outcome.token, Date.now(), vscode.l10n.t);
    if (!outcome.persisted)
      message += ` ${vscode.l10n.t("(Kept for this window only: VS Code's secret storage refused it.)")}`;
    void vscode.window.showInformationMessage(message, copy, inspect).then((c) => {
      if (c === copy) return vscode.commands.executeCommand(CommandId.CopyBearer);
      if (c === inspect) return vscode.commands.executeCommand(CommandId.InspectClaims);
      return undefined;
    });
  };
}
