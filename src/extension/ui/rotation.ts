/**
 * What the four key rotation commands share: which profile rotates (the command's `{ profile }` argument, else the
 * active profile), a core KeyRotation over that profile's key set (services/profileKeySet.ts) and the one hardened
 * HTTP client for the JWKS URI, the words for a publication check, and the actions on a public JWKS (copy, save).
 */
import * as vscode from 'vscode';
import { ConfigError } from '../../core/errors';
import type { PublicJwk } from '../../core/keyExport';
import type { KeyRotation, PublicationCheck } from '../../core/keyRotation';
import type { Profile } from '../../core/profiles';
import { httpOptionsFromSettings } from '../services/httpSettings';
import { ProfileKeySet } from '../services/profileKeySet';
import type { Services } from '../services/services';
import { httpSettingValues } from './settings';

/**
 * The profile a rotation command works on: `arg.profile`, else the active profile. ConfigError `no_profile` when
 * there is none, and the errors of ProfileSettings.get (`profile_not_found`, `invalid_profile`).
 */
export async function rotationProfile(s: Services, arg: unknown): Promise<Profile> {
  const given =
    typeof arg === 'object' && arg !== null && typeof (arg as { profile?: unknown }).profile === 'string'
      ? (arg as { profile: string }).profile
      : undefined;
  const name = given ?? s.profiles.activeName();
  if (name === undefined) {
    throw new ConfigError('no_profile', 'there is no active profile to rotate keys for', 'create one with New Profile');
  }
  return s.profiles.get(name);
}

/**
 * Runs `step` with a KeyRotation over the key set of `profileName`; the HTTP client (proxy, CA and timeout settings)
 * is closed afterwards. Resolves what `step` resolves and the keys the step deleted from the key store.
 */
export async function withRotation<T>(
  s: Services,
  profileName: string,
  step: (rotation: KeyRotation) => Promise<T>,
): Promise<{ result: T; deleted: readonly string[] }> {
  const [{ KeyRotation }, { createHttpClient }] = await Promise.all([
    import('../../core/keyRotation'),
    import('../../core/http'),
  ]);
  const store = new ProfileKeySet({ keys: s.keys, profiles: s.profiles, profileName });
  const http = createHttpClient(await httpOptionsFromSettings(httpSettingValues()));
  try {
    const result = await step(new KeyRotation({ store, http, generate: (opts) => store.generate(opts) }));
    return { result, deleted: store.lastDeleted() };
  } finally {
    await http.close().catch(() => {});
  }
}

/** The kid of a key (an RFC 7638 thumbprint), shortened for a message. */
export function shortKid(kid: string): string {
  return `${kid.slice(0, 12)}…`;
}

/** One sentence per key of the set: "signing key ab12…: published", and warnings about the JWKS itself. */
export function publicationSentences(check: PublicationCheck): string[] {
  const t = vscode.l10n.t;
  const role = { signing: t('signing key'), next: t('next key'), previous: t('previous key') } as const;
  const status = {
    published: t('published'),
    'kid-differs': t('published under another kid (it must be the RFC 7638 thumbprint)'),
    missing: t('not published'),
  } as const;
  const lines = check.keys.map((k) => `${role[k.role]} ${shortKid(k.kid)}: ${status[k.status]}`);
  if (check.privateEntries > 0) {
    lines.push(
      t(
        'The JWKS publishes {0} private key(s): replace it at once with public keys only, and replace those keys.',
        check.privateEntries,
      ),
    );
  }
  if (check.unusableEntries > 0) lines.push(t('{0} entry(ies) are not usable signing keys.', check.unusableEntries));
  if (check.otherKeys > 0) lines.push(t('{0} other key(s) are published there too.', check.otherKeys));
  return lines;
}

/**
 * Shows `message` with "Copy JWKS" and "Save JWKS As…" for `jwks` (public keys only, `kid` = RFC 7638 thumbprint),
 * the file to publish at the profile's client JWKS URI. `warning` shows it as a warning.
 */
export async function offerJwks(
  s: Services,
  message: string,
  jwks: { keys: PublicJwk[] },
  warning = false,
): Promise<void> {
  const copy = vscode.l10n.t('Copy JWKS');
  const save = vscode.l10n.t('Save JWKS As…');
  const show = warning ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(message, copy, save);
  const text = `${JSON.stringify(jwks, null, 2)}\n`;
  if (choice === copy) {
    await vscode.env.clipboard.writeText(text);
    s.log.info(`copied a public JWKS of ${jwks.keys.length} key(s)`);
  } else if (choice === save) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: save,
      defaultUri: folder ? vscode.Uri.joinPath(folder, 'jwks.json') : undefined,
      filters: { JSON: ['json'] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    s.log.info(`saved a public JWKS of ${jwks.keys.length} key(s)`);
  }
}
