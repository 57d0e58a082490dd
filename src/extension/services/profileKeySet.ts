/**
 * A profile's key set for rotation (core keySet.ts / keyRotation.ts) kept in named keys: the profile's `key` signs,
 * `nextKey` waits to be published and promoted, `previousKey` stays after a promotion until it is retired. The
 * private keys are the key store's (SecretStorage); the profile only names them. Core's KeyRotation loads and saves
 * the whole set through {@link ProfileKeySet}; each save rewrites the profile's three names in one settings write.
 */
import type { KeyObject } from 'node:crypto';
import { KeyError } from '../../core/errors';
import type { KeyGenOptions } from '../../core/keyGeneration';
import type { KeySetStore } from '../../core/keyRotation';
import type { KeySet } from '../../core/keySet';
import type { Profile } from '../../core/profiles';
import { type KeyStore, suggestKeyName } from './keyStore';
import type { ProfileSettings } from './profileSettings';

/** What the key set of a profile needs, injected. */
export interface ProfileKeySetDeps {
  keys: KeyStore;
  profiles: ProfileSettings;
  /** The profile whose keys rotate. */
  profileName: string;
  now?: () => number;
}

/** The names of the keys a profile refers to, in the roles of a key set. */
export function keyNamesOf(profile: Profile, keys: Pick<KeyStore, 'keyNameFor'>): string[] {
  return [keys.keyNameFor(profile), profile.nextKey, profile.previousKey].filter((n): n is string => n !== undefined);
}

/** A profile's key set over the key store; see the module comment. */
export class ProfileKeySet implements KeySetStore {
  /** Keys that left the set in the last save and that no profile refers to any more; deleted by {@link save}. */
  private deleted: string[] = [];

  constructor(private readonly deps: ProfileKeySetDeps) {}

  /** The set, or undefined when the profile has no signing key yet. Throws KeyStore.load's errors (a lost key). */
  async load(): Promise<KeySet | undefined> {
    const profile = await this.profile();
    const signingName = this.deps.keys.keyNameFor(profile);
    if (signingName === undefined) return undefined;
    const signing = await this.deps.keys.load(signingName);
    const next = profile.nextKey === undefined ? undefined : await this.deps.keys.load(profile.nextKey);
    const previous = profile.previousKey === undefined ? undefined : await this.deps.keys.load(profile.previousKey);
    return { signing, ...(next ? { next } : {}), ...(previous ? { previous } : {}) };
  }

  /**
   * Generates a key for the set as a named key of its own ("<profile>-next-<date>"), for KeyRotation's `generate`.
   * Resolves the private key; the set names it on the next {@link save}.
   */
  async generate(opts: KeyGenOptions): Promise<KeyObject> {
    const taken = this.deps.keys.list().map((r) => r.name);
    const name = suggestKeyName(`${this.deps.profileName}-next`, taken, (this.deps.now ?? Date.now)());
    await this.deps.keys.generate(name, opts);
    return this.deps.keys.load(name);
  }

  /**
   * Names each key of `set` by its RFC 7638 thumbprint among the stored keys and writes them to the profile (`key`,
   * `nextKey`, `previousKey`). A key that left the set and that no other profile uses is deleted from the key store
   * (a retired key); one still used elsewhere stays. KeyError `key_not_found` for a key of the set that is not stored.
   */
  async save(set: KeySet): Promise<void> {
    const profile = await this.profile();
    const before = keyNamesOf(profile, this.deps.keys);
    const { jwkThumbprint } = await import('../../core/keyExport');
    const nameOf = (key: KeyObject): string => {
      const thumbprint = jwkThumbprint(key);
      const records = this.deps.keys.list().filter((r) => r.thumbprint === thumbprint);
      const record = records.find((r) => before.includes(r.name)) ?? records.at(-1);
      if (!record) {
        throw new KeyError(
          'key_not_found',
          `a key of the rotation of "${profile.name}" (RFC 7638 thumbprint ${thumbprint}) is not in the key store`,
          'run Client Creds: Manage Keys to see the stored keys, then start the rotation again',
        );
      }
      return record.name;
    };
    const updated: Profile = {
      ...profile,
      key: nameOf(set.signing),
      nextKey: set.next ? nameOf(set.next) : undefined,
      previousKey: set.previous ? nameOf(set.previous) : undefined,
    };
    await this.deps.profiles.save(updated);
    const after = keyNamesOf(updated, this.deps.keys);
    const gone = before.filter((n) => !after.includes(n));
    const stillUsed = await this.namesUsedByOtherProfiles();
    this.deleted = gone.filter((n) => !stillUsed.has(n));
    for (const name of this.deleted) await this.deps.keys.delete(name);
  }

  /** The keys the last save deleted from the key store (a retired key no other profile used). */
  lastDeleted(): readonly string[] {
    return this.deleted;
  }

  private profile(): Promise<Profile> {
    return this.deps.profiles.get(this.deps.profileName);
  }

  private async namesUsedByOtherProfiles(): Promise<Set<string>> {
    const { profiles } = await this.deps.profiles.list();
    return new Set(
      profiles.filter((p) => p.name !== this.deps.profileName).flatMap((p) => keyNamesOf(p, this.deps.keys)),
    );
  }
}
