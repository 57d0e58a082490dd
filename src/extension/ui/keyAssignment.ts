/**
 * Who signs with a key once it is stored: the profile a command was started for, else the active profile when it
 * names no key yet (or names a key that does not exist). A profile that already signs with another key keeps it;
 * Edit Profile changes it. Every profile that uses the key gets an algorithm the key can sign.
 */
import * as vscode from 'vscode';
import type { SigningAlg } from '../../core/algorithms';
import type { Services } from '../services/services';

/**
 * Gives the key `keyName` to `profile` (when given) or to the active profile if it has no usable key; `alg` is the
 * algorithm the user chose for the key. Returns the profile that now uses it, if one does.
 */
export async function assignKeyToProfile(
  s: Services,
  keyName: string,
  opts: { profile?: string; alg?: SigningAlg } = {},
): Promise<string | undefined> {
  const target = opts.profile ?? s.profiles.activeName();
  if (target === undefined || !s.profiles.names().includes(target)) return undefined;
  const profile = await s.profiles.get(target);
  const current = s.keys.keyNameFor(profile);
  const usable = current !== undefined && s.keys.get(current) !== undefined;
  if (opts.profile === undefined && usable && current !== keyName) return undefined;
  const alg = opts.alg !== undefined ? opts.alg : profile.alg;
  const fitting = await s.keys.fittingAlg(keyName, alg);
  await s.profiles.save({ ...profile, key: keyName, alg: fitting });
  s.log.info(`profile "${target}" signs with key "${keyName}" (${fitting})`);
  return target;
}

/**
 * Switches every profile that uses `keyName` to an algorithm the key can sign, when its own cannot; returns a note
 * for the user when one changed.
 */
export async function fitProfilesToKey(s: Services, keyName: string): Promise<string | undefined> {
  const users = await s.profiles.usersOfKey(keyName, (p) => s.keys.keyNameFor(p));
  const notes: string[] = [];
  for (const profile of users) {
    const alg = await s.keys.fittingAlg(keyName, profile.alg);
    if (alg === profile.alg) continue;
    await s.profiles.save({ ...profile, key: keyName, alg });
    s.log.info(`profile "${profile.name}" now signs with ${alg} (the key "${keyName}" cannot sign ${profile.alg})`);
    notes.push(
      vscode.l10n.t(
        'Profile "{0}" now signs with {1}, since this key cannot sign {2}.',
        profile.name,
        alg,
        profile.alg,
      ),
    );
  }
  return notes.length > 0 ? notes.join(' ') : undefined;
}

/** After a key is deleted or forgotten: the profiles that named it name no key (they say so when used). */
export async function unlinkKey(s: Services, keyName: string): Promise<void> {
  for (const profile of await s.profiles.usersOfKey(keyName, (p) => p.key)) {
    await s.profiles.save({ ...profile, key: undefined });
    s.log.info(`profile "${profile.name}" no longer names the key "${keyName}"`);
  }
}
