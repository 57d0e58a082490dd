/**
 * Retire Old Key: after a promotion, forgets the profile's previous key (deleted from the key store unless another
 * profile uses it) and says whether the client JWKS URI still publishes it; the JWKS to publish from now on (the
 * signing key alone) is offered. Argument `{ profile }`; default the active profile.
 */
import * as vscode from 'vscode';
import { KeyError } from '../../core/errors';
import { ContextKeys } from '../contract';
import type { Services } from '../services/services';
import { day } from '../ui/keyPicker';
import { confirmModal } from '../ui/prompts';
import { offerJwks, rotationProfile, shortKid, withRotation } from '../ui/rotation';

/** The command handler. */
export function retireOldKey(s: Services) {
  return async (arg?: unknown): Promise<void> => {
    const profile = await rotationProfile(s, arg);
    const name = profile.name;
    const previous = profile.previousKey;
    if (previous === undefined) {
      throw new KeyError(
        'key_no_previous',
        `profile "${name}" has no previous key to retire`,
        'retire a key after Promote Next Key has made its next key the signing key',
      );
    }
    const backedUpAt = s.keys.get(previous)?.backedUpAt;
    await confirmModal(
      vscode.l10n.t('Retire the previous key "{0}" of "{1}"?', previous, name),
      [
        vscode.l10n.t(
          "Its private key is deleted from VS Code's secret storage unless another profile uses it. Remove it from the published JWKS too, so that nobody can sign as this client with it.",
        ),
        backedUpAt === undefined
          ? vscode.l10n.t('It has no backup: nothing brings it back once it is deleted.')
          : vscode.l10n.t(
              'Its backup file of {0} still holds it: delete that file too once it is no longer needed.',
              day(backedUpAt),
            ),
      ].join('\n\n'),
      vscode.l10n.t('Retire Key'),
    );
    const jwksUri = profile.clientJwksUri;
    const { result, deleted } = await withRotation(s, name, (rotation) =>
      rotation.retire(jwksUri !== undefined ? { jwksUri } : {}),
    );
    await s.active.refresh();
    await vscode.commands.executeCommand('setContext', ContextKeys.keyRetired, true);
    s.log.info(
      `retired "${previous}" of "${name}" (thumbprint ${result.retiredKid}); ${deleted.includes(previous) ? 'deleted' : 'kept: another profile uses it'}`,
    );
    const kept = deleted.includes(previous)
      ? ''
      : ` ${vscode.l10n.t('The key itself stays: another profile uses it.')}`;
    if (result.stillPublished) {
      await offerJwks(
        s,
        `${vscode.l10n.t('Retired "{0}" (kid {1}), but {2} still publishes it: publish this JWKS (the signing key alone) there.', previous, shortKid(result.retiredKid), jwksUri ?? '')}${kept}`,
        result.jwks,
        true,
      );
      return;
    }
    await offerJwks(
      s,
      `${vscode.l10n.t('Retired "{0}" (kid {1}); the JWKS to publish now holds the signing key alone.', previous, shortKid(result.retiredKid))}${kept}`,
      result.jwks,
    );
  };
}
