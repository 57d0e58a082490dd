/**
 * Generate Next Key: key rotation's first step (core keyRotation.ts). A new key of the profile's algorithm (and, for
 * RSA, its signing key's size) is stored as a named key and becomes the profile's `nextKey`; the public JWKS holding
 * both keys (kid = RFC 7638 thumbprint) is offered to copy or save, to be published at the client JWKS URI.
 * Argument `{ profile }`; default the active profile.
 */
import * as vscode from 'vscode';
import { KeyError } from '../../core/errors';
import type { KeyGenOptions } from '../../core/keyGeneration';
import type { Services } from '../services/services';
import { offerJwks, rotationProfile, shortKid, withRotation } from '../ui/rotation';

/** The command handler. */
export function generateNextKey(s: Services) {
  return async (arg?: unknown): Promise<void> => {
    const profile = await rotationProfile(s, arg);
    const name = profile.name;
    const signingName = s.keys.keyNameFor(profile);
    if (signingName === undefined) {
      throw new KeyError(
        'key_missing',
        `profile "${name}" has no signing key to rotate`,
        'run Generate Key Pair or Import Private Key first',
      );
    }
    const { description } = await s.keys.info(signingName);
    const bits = description.bits === 3072 || description.bits === 4096 ? description.bits : 2048;
    const opts: KeyGenOptions = description.family === 'rsa' ? { alg: profile.alg, bits } : { alg: profile.alg };
    const { result } = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Generating the next {0} key of "{1}"…', profile.alg, name),
      },
      () => withRotation(s, name, (rotation) => rotation.generateNext(opts)),
    );
    await s.active.refresh();
    const next = (await s.profiles.get(name)).nextKey ?? '';
    s.log.info(`generated the next key "${next}" of "${name}" (thumbprint ${result.kid})`);
    const where =
      profile.clientJwksUri === undefined
        ? vscode.l10n.t(
            'This profile has no client JWKS URI: register one with the server and set it with Edit Profile, then publish this JWKS there.',
          )
        : vscode.l10n.t(
            'Publish this JWKS at {0}, then run Check Published JWKS and Promote Next Key.',
            profile.clientJwksUri,
          );
    await offerJwks(
      s,
      `${vscode.l10n.t('The next key "{0}" (kid {1}) of "{2}" is stored; the JWKS holds both keys.', next, shortKid(result.kid), name)} ${where}`,
      result.jwks,
    );
  };
}
