/**
 * Check Published JWKS: fetches the profile's client JWKS URI through the hardened HTTP client and says which of the
 * profile's keys (signing, next, previous) it publishes under their RFC 7638 thumbprint kid. Argument `{ profile }`;
 * default the active profile.
 */
import * as vscode from 'vscode';
import { ConfigError } from '../../core/errors';
import { ContextKeys } from '../contract';
import type { Services } from '../services/services';
import { publicationSentences, rotationProfile, withRotation } from '../ui/rotation';

/** The command handler; resolves the check (for other commands and tests). */
export function checkPublishedJwks(s: Services) {
  return async (arg?: unknown) => {
    const profile = await rotationProfile(s, arg);
    const name = profile.name;
    const uri = profile.clientJwksUri;
    if (uri === undefined) {
      throw new ConfigError(
        'no_client_jwks_uri',
        `profile "${name}" has no client JWKS URI to check`,
        'register a JWKS URI with the server and set it with Edit Profile (Client JWKS URI)',
      );
    }
    const { result } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading {0}…', uri) },
      () => withRotation(s, name, (rotation) => rotation.checkPublished(uri)),
    );
    const sentences = publicationSentences(result);
    s.log.info(`published JWKS of "${name}" at ${uri}: ${sentences.join('; ')}`);
    const missing = result.keys.some((k) => k.status !== 'published') || result.privateEntries > 0;
    const message = vscode.l10n.t('The JWKS at {0}: {1}.', uri, sentences.join('; '));
    if (missing) void vscode.window.showWarningMessage(message);
    else {
      void vscode.window.showInformationMessage(message);
      await vscode.commands.executeCommand('setContext', ContextKeys.jwksChecked, true);
    }
    return result;
  };
}
