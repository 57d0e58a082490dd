/**
 * From keys by profile to named keys, on activation, losing nothing. Before named keys, the private key of profile
 * `p` was stored as `clientCreds.privateKey:p`, and a key made before its profile was remembered in globalState
 * (`clientCreds.keyAwaitingProfile`). The SecretStorage entry already has the right form for a key named `p`, so
 * no secret is moved, copied or deleted: each stored key without a record gets one (`source: 'migrated'`, named
 * like its profile), and each profile in the user settings that has no `key` yet gets `key: p`. A profile the
 * migration cannot rewrite (one from a workspace's settings) still finds its key: a profile without `key` signs with
 * the migrated key of its own name (KeyStore.keyNameFor). Running it again changes nothing.
 */
import type { SigningAlg } from '../../core/algorithms';
import { isSigningAlg } from '../../core/algorithms';
import { isClientCredsError } from '../../core/errors';
import { StateKey } from '../contract';
import type { MementoLike } from './keyRegistry';
import type { KeyStore } from './keyStore';
import type { Log } from './log';
import type { ProfileSettings } from './profileSettings';
import type { SecretStore } from './secretStore';

/** What the migration reads and writes, injected. */
export interface KeyMigrationDeps {
  secrets: Pick<SecretStore, 'privateKeyNames'>;
  keys: Pick<KeyStore, 'get' | 'adoptStored'>;
  profiles: Pick<ProfileSettings, 'names' | 'get' | 'linkKeys'>;
  state: MementoLike;
  log: Log;
}

/** What one run did. */
export interface KeyMigrationResult {
  /** Keys that got a record. */
  adopted: string[];
  /** Profiles whose settings entry now names its key. */
  linked: string[];
  /** Stored entries that are not a readable private key: left as they are, and logged. */
  unreadable: string[];
}

/**
 * Registers every stored key that has no record and links profiles to their keys. Throws SecretStorageError when
 * SecretStorage cannot be read (then nothing was changed); a stored value that is not a key is skipped.
 */
export async function migrateLegacyKeys(deps: KeyMigrationDeps): Promise<KeyMigrationResult> {
  const result: KeyMigrationResult = { adopted: [], linked: [], unreadable: [] };
  const awaiting = keyAwaitingProfile(deps.state);
  const profileNames = deps.profiles.names();
  const listed = (await deps.secrets.privateKeyNames()) ?? [];
  const candidates = [...new Set([...listed, ...profileNames, ...(awaiting ? [awaiting.name] : [])])];
  for (const name of candidates) {
    if (deps.keys.get(name)) continue;
    const alg = awaiting?.name === name ? awaiting.alg : await profileAlg(deps.profiles, name);
    try {
      if (await deps.keys.adoptStored(name, alg)) result.adopted.push(name);
    } catch (e) {
      if (!isClientCredsError(e) || e.kind !== 'key') throw e;
      result.unreadable.push(name);
      deps.log.warn(`the stored private key "${name}" could not be read; it is left as it is`, e);
    }
  }
  result.linked = await deps.profiles.linkKeys((profile) =>
    deps.keys.get(profile)?.source === 'migrated' ? profile : undefined,
  );
  if (awaiting) await deps.state.update(StateKey.keyAwaitingProfile, undefined);
  if (result.adopted.length > 0 || result.linked.length > 0) {
    deps.log.info(
      `named keys: registered ${result.adopted.length} stored key(s) [${result.adopted.join(', ')}], ` +
        `linked ${result.linked.length} profile(s) [${result.linked.join(', ')}]`,
    );
  }
  return result;
}

/** The key remembered for a profile to come, as the extension before named keys stored it. */
function keyAwaitingProfile(state: MementoLike): { name: string; alg?: SigningAlg } | undefined {
  const value = state.get<unknown>(StateKey.keyAwaitingProfile);
  if (typeof value !== 'object' || value === null) return undefined;
  const { name, alg } = value as { name?: unknown; alg?: unknown };
  if (typeof name !== 'string' || name === '') return undefined;
  return isSigningAlg(alg) ? { name, alg } : { name };
}

async function profileAlg(profiles: KeyMigrationDeps['profiles'], name: string): Promise<SigningAlg | undefined> {
  if (!profiles.names().includes(name)) return undefined;
  try {
    return (await profiles.get(name)).alg;
  } catch {
    return undefined;
  }
}
