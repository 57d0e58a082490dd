/**
 * Sign Client Assertion Only (the helper's `sign-jwt`): signs a fresh assertion for the active profile,
 * sends nothing, and opens it in the claims panel with its decoded claims and lint findings. For an
 * issuer profile the token endpoint is discovered first, which is a plain GET of public metadata.
 */
import * as vscode from 'vscode';
import { ClaimsPanel } from '../claims/claimsPanel';
import type { Services } from '../services/services';
import { clipboardClearSeconds } from '../ui/settings';
import { stepLabel } from './fetchToken';

/** The command handler. */
export function signAssertion(s: Services) {
  return async (): Promise<void> => {
    const name = s.profiles.activeName();
    if (name === undefined) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is no profile yet. Create one with New Profile.'));
      return;
    }
    const outcome = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Signing a client assertion for "{0}"', name),
      },
      (progress) => s.tokens.signOnly(name, { step: (event) => progress.report({ message: stepLabel(event.step) }) }),
    );
    ClaimsPanel.show(s.context, {
      title: vscode.l10n.t('Claims: {0}', vscode.l10n.t('{0} (client assertion)', name)),
      token: outcome.assertion.jwt,
      source: 'assertion',
      lint: outcome.lint,
      log: s.log,
      copy: (token: string) => s.clipboard.copy(token, clipboardClearSeconds()),
    });
    const problems = outcome.lint.filter((f) => f.level !== 'info').length;
    if (problems > 0) {
      vscode.window.setStatusBarMessage(
        vscode.l10n.t('$(warning) The assertion has {0} lint finding(s)', problems),
        5000,
      );
    }
  };
}
