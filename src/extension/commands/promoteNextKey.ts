/**
 * Promote Next Key: the profile signs with its next key from now on, and keeps the old one as `previousKey` until
 * Retire Old Key. First the client JWKS URI is read: while the next key is not published there under its RFC 7638
 * thumbprint (or the profile has no URI to check), the user is told why and asked before promoting anyway.
 * Argument `{ profile }`; default the active profile.
 */
import * as vscode from 'vscode';
import { isClientCredsError } from '../../core/errors';
import type { Services } from '../services/services';
import { confirmModal } from '../ui/prompts';
import { offerJwks, rotationProfile, shortKid, withRotation } from '../ui/rotation';

/** The command handler. */
export function promoteNextKey(s: Services) {
  return async (arg?: unknown): Promise<void> => {
    const profile = await rotationProfile(s, arg);
    const name = profile.name;
    const jwksUri = profile.clientJwksUri;
    const promote = (confirmed: boolean) =>
      withRotation(s, name, (rotation) =>
        rotation.promote({ ...(jwksUri !== undefined ? { jwksUri } : {}), confirmed }),
      );
    let outcome: Awaited<ReturnType<typeof promote>>;
    try {
      outcome = await promote(false);
    } catch (e) {
      if (!(isClientCredsError(e) && (e.code === 'key_not_published' || e.code === 'no_client_jwks_uri'))) throw e;
      await confirmModal(
        vscode.l10n.t('Promote the next key of "{0}" anyway?', name),
        `${e.message}.\n\n${vscode.l10n.t(
          'The server refuses assertions signed with a key it has not read from the JWKS URI: promote only if it already has the next key.',
        )}`,
        vscode.l10n.t('Promote Anyway'),
      );
      outcome = await promote(true);
    }
    const { result } = outcome;
    await s.active.refresh();
    const updated = await s.profiles.get(name);
    s.log.info(`"${name}" signs with "${updated.key}" (thumbprint ${result.kid}); previous ${result.previousKid}`);
    await offerJwks(
      s,
      vscode.l10n.t(
        '"{0}" now signs with "{1}" (kid {2}). Keep the previous key "{3}" published until the server has switched, then run Retire Old Key.',
        name,
        updated.key ?? '',
        shortKid(result.kid),
        updated.previousKey ?? '',
      ),
      result.jwks,
    );
  };
}
