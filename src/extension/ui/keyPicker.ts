/**
 * Choosing a key and naming one: the quick pick of the stored keys (with type, thumbprint, backup state, certificate
 * expiry, the profiles that use each, and a warning on a lost one) and the input box for a new key's name.
 */
import * as vscode from 'vscode';
import { ConfigError } from '../../core/errors';
import type { KeyRecord } from '../services/keyRegistry';
import { keyNamesOf } from '../services/profileKeySet';
import type { Services } from '../services/services';
import { certificateExpiryText, certificateIcon } from './certificateText';
import { askText, keyNameProblem, type PickItem, pickOne } from './prompts';

/** The date part of an epoch-ms time (UTC), as the key list shows it. */
export function day(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Which profiles use each key (by the key store's rule, so a migrated key without `key` counts too). */
export async function keyUsers(s: Services): Promise<Map<string, string[]>> {
  const users = new Map<string, string[]>();
  const { profiles } = await s.profiles.list();
  for (const p of profiles) {
    // The signing key, and a rotation's next or previous key: deleting any of them would break the profile.
    for (const key of keyNamesOf(p, s.keys)) users.set(key, [...(users.get(key) ?? []), p.name]);
  }
  return users;
}

/** One quick pick row for a key. */
export function keyItem(record: KeyRecord, users: readonly string[], lost: boolean): PickItem<string> {
  const backup =
    record.backedUpAt === undefined
      ? vscode.l10n.t('no backup')
      : vscode.l10n.t('backed up {0}', day(record.backedUpAt));
  const certificate = record.certificate
    ? ` · ${certificateIcon(record.certificate.notAfter)} ${vscode.l10n.t('certificate {0}', certificateExpiryText(record.certificate.notAfter))}`
    : '';
  return {
    value: record.name,
    label: lost ? `$(warning) ${record.name}` : `$(key) ${record.name}`,
    description: lost
      ? vscode.l10n.t('missing from secret storage')
      : users.length > 0
        ? vscode.l10n.t('used by {0}', users.join(', '))
        : vscode.l10n.t('not used by a profile'),
    // The detail stays on one line: the thumbprint's first 12 characters tell keys apart (the full one is in the
    // public key's title and in every message about a lost key).
    detail: `${record.keyType} · ${record.alg} · ${vscode.l10n.t('thumbprint {0}…', record.thumbprint.slice(0, 12))} · ${backup}${certificate}`,
  };
}

/** The key the active profile signs with, if any. */
export function activeProfileKey(s: Services): string | undefined {
  return s.active.snapshot.profileKey;
}

/**
 * The key a key command acts on: the one named by the command's argument, else the only key, else the user's pick
 * (the active profile's key highlighted). ConfigError `key_not_found` when there is no key at all.
 */
export async function chooseKey(s: Services, title: string, arg?: unknown): Promise<string> {
  const records = s.keys.list();
  if (typeof arg === 'string' && records.some((r) => r.name === arg)) return arg;
  if (records.length === 0) {
    throw new ConfigError(
      'key_not_found',
      'there is no private key yet',
      'run Generate Key Pair, or Import Private Key to bring one (or its backup) in',
    );
  }
  const only = records[0];
  if (records.length === 1 && only) return only.name;
  const [users, check] = await Promise.all([keyUsers(s), s.keyHealth.check()]);
  const lost = new Set(check.lost.map((r) => r.name));
  return pickOne(
    records.map((r) => keyItem(r, users.get(r.name) ?? [], lost.has(r.name))),
    { title, placeholder: vscode.l10n.t('Choose a key'), active: activeProfileKey(s) },
  );
}

/** Asks for the name of a new key; `suggested` is offered and selected. */
export async function askKeyName(s: Services, title: string, suggested: string, prompt?: string): Promise<string> {
  const taken = s.keys.list().map((r) => r.name);
  return askText({
    title,
    prompt:
      prompt ??
      vscode.l10n.t('Key name: how profiles refer to this key (Enter keeps the suggestion; New Profile offers it)'),
    value: suggested,
    validateInput: (v) => keyNameProblem(v, taken),
  });
}

/** The arguments key commands take from other commands: `{ replace }`, `{ profile }`, `{ restore }` (key or profile names). */
export function keyCommandArgs(arg: unknown): { replace?: string; profile?: string; restore?: string } {
  if (typeof arg !== 'object' || arg === null) return {};
  const { replace, profile, restore } = arg as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const out: { replace?: string; profile?: string; restore?: string } = {};
  if (text(replace)) out.replace = text(replace);
  if (text(profile)) out.profile = text(profile);
  if (text(restore)) out.restore = text(restore);
  return out;
}
