/**
 * Profiles in the `clientCreds.profiles` setting: non-secret fields only, audience as a plain string
 * ('token-endpoint' | 'issuer' | an explicit value), validated with core `validateProfile` on the way in
 * and the way out. Writes go to the user (global) settings through an injected {@link SettingsStore}.
 */
import { ConfigError } from '../../core/errors';
import type { AudienceChoice, Profile } from '../../core/profiles';
import { SettingKey } from '../contract';

/** The `clientCreds` configuration section as the services need it. */
export interface SettingsStore {
  get<T>(key: string): T | undefined;
  /** Writes `value` to the user settings (`undefined` removes the key). */
  update(key: string, value: unknown): Promise<void>;
  /** The value in the user settings alone (without workspace values); absent: `get` is the user settings. */
  userValue?<T>(key: string): T | undefined;
}

/** A profile as stored in settings.json. */
export type StoredProfile = Omit<Profile, 'audience'> & { audience: string };

/** Setting keys under `clientCreds.` that hold profiles. */
export const PROFILES_KEY = SettingKey.profiles;
export const ACTIVE_PROFILE_KEY = SettingKey.activeProfile;

/** The settings spelling of an audience choice. */
export function audienceToSetting(audience: AudienceChoice): string {
  return typeof audience === 'string' ? audience : audience.value;
}

/** A profile in its settings form, without undefined fields (settings.json keeps what it is given). */
export function toStoredProfile(profile: Profile): StoredProfile {
  const stored: Record<string, unknown> = { ...profile, audience: audienceToSetting(profile.audience) };
  for (const [key, value] of Object.entries(stored)) if (value === undefined) delete stored[key];
  return stored as StoredProfile;
}

/** Reads one settings entry into a validated Profile (preset defaults fill what is missing), or its problems. */
export async function fromStoredProfile(
  entry: unknown,
): Promise<{ ok: true; profile: Profile } | { ok: false; problems: string[] }> {
  const { validateProfile } = await import('../../core/profiles');
  // validateProfile reads the settings string form of `audience` itself.
  return validateProfile(entry);
}

/** A settings entry that did not validate. */
export interface ProfileProblem {
  name: string | undefined;
  problems: string[];
}

function entryName(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const name = (entry as { name?: unknown }).name;
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
}

/** The profiles setting and the active profile setting. */
export class ProfileSettings {
  constructor(private readonly store: SettingsStore) {}

  private entries(): unknown[] {
    const value = this.store.get<unknown>(PROFILES_KEY);
    return Array.isArray(value) ? value : [];
  }

  /** Names of the stored entries, in settings order, without validation (cheap: used at activation). */
  names(): string[] {
    return this.entries()
      .map(entryName)
      .filter((n): n is string => n !== undefined);
  }

  /** The active profile's name: `clientCreds.activeProfile` when it names a profile, else the first one. */
  activeName(): string | undefined {
    const names = this.names();
    const active = this.store.get<unknown>(ACTIVE_PROFILE_KEY);
    if (typeof active === 'string' && names.includes(active)) return active;
    return names[0];
  }

  /** Every entry that validates, and the problems of those that do not. */
  async list(): Promise<{ profiles: Profile[]; problems: ProfileProblem[] }> {
    const profiles: Profile[] = [];
    const problems: ProfileProblem[] = [];
    for (const entry of this.entries()) {
      const result = await fromStoredProfile(entry);
      if (result.ok) profiles.push(result.profile);
      else problems.push({ name: entryName(entry), problems: result.problems });
    }
    return { profiles, problems };
  }

  /** The validated profile `name`; ConfigError `profile_not_found` or `invalid_profile` (with each problem). */
  async get(name: string): Promise<Profile> {
    const entry = this.entries().find((e) => entryName(e) === name);
    if (entry === undefined) {
      throw new ConfigError('profile_not_found', `there is no profile named "${name}"`, 'create it with New Profile');
    }
    const result = await fromStoredProfile(entry);
    if (!result.ok) {
      throw new ConfigError(
        'invalid_profile',
        `profile "${name}" in the clientCreds.profiles setting is invalid: ${result.problems.join('; ')}`,
        'fix the entry in settings.json (Preferences: Open User Settings (JSON), clientCreds.profiles), or delete it and run New Profile',
      );
    }
    return result.profile;
  }

  /**
   * Validates and saves `profile`, replacing the entry named `replacing` (default: its own name) in place
   * or appending it. Refuses an invalid profile and a name that another entry already has.
   */
  async save(profile: Profile, replacing: string = profile.name): Promise<Profile> {
    const stored = toStoredProfile(profile);
    const checked = await fromStoredProfile(stored);
    if (!checked.ok) {
      throw new ConfigError('invalid_profile', `the profile is invalid: ${checked.problems.join('; ')}`);
    }
    const entries = [...this.entries()];
    const clash = entries.findIndex((e) => entryName(e) === profile.name);
    const index = entries.findIndex((e) => entryName(e) === replacing);
    if (clash !== -1 && clash !== index) {
      throw new ConfigError(
        'profile_exists',
        `a profile named "${profile.name}" already exists`,
        'choose another name',
      );
    }
    if (index === -1) entries.push(stored);
    else entries[index] = stored;
    await this.store.update(PROFILES_KEY, entries);
    if (replacing !== profile.name && this.store.get<unknown>(ACTIVE_PROFILE_KEY) === replacing) {
      await this.store.update(ACTIVE_PROFILE_KEY, profile.name);
    }
    return checked.profile;
  }

  /** Removes the entry `name` (no error when absent) and clears the active profile when it was that one. */
  async remove(name: string): Promise<void> {
    const entries = this.entries();
    const kept = entries.filter((e) => entryName(e) !== name);
    if (kept.length !== entries.length) await this.store.update(PROFILES_KEY, kept);
    if (this.store.get<unknown>(ACTIVE_PROFILE_KEY) === name) await this.store.update(ACTIVE_PROFILE_KEY, undefined);
  }

  /**
   * Gives each profile of the user settings that names no `key` the key `keyFor(profileName)` returns (when it
   * returns one), in one write of the user settings; workspace settings are never written. Returns the profiles
   * that changed.
   */
  async linkKeys(keyFor: (profile: string) => string | undefined): Promise<string[]> {
    const user = this.store.userValue
      ? this.store.userValue<unknown>(PROFILES_KEY)
      : this.store.get<unknown>(PROFILES_KEY);
    if (!Array.isArray(user)) return [];
    const linked: string[] = [];
    const entries = user.map((entry: unknown) => {
      const name = entryName(entry);
      if (name === undefined || (entry as { key?: unknown }).key !== undefined) return entry;
      const key = keyFor(name);
      if (key === undefined) return entry;
      linked.push(name);
      return { ...(entry as object), key };
    });
    if (linked.length > 0) await this.store.update(PROFILES_KEY, entries);
    return linked;
  }

  /** Names of the valid profiles that sign with the key `keyName` (`resolve` gives a profile's key name). */
  async usersOfKey(keyName: string, resolve: (p: Profile) => string | undefined): Promise<Profile[]> {
    const { profiles } = await this.list();
    return profiles.filter((p) => resolve(p) === keyName);
  }

  /** Makes `name` the active profile; refuses a name that is not a stored profile. */
  async setActive(name: string): Promise<void> {
    if (!this.names().includes(name)) {
      throw new ConfigError('profile_not_found', `there is no profile named "${name}"`, 'create it with New Profile');
    }
    await this.store.update(ACTIVE_PROFILE_KEY, name);
  }
}
