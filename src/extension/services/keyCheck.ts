/**
 * The registry check: every key record in globalState is compared with SecretStorage, at activation, when a window
 * gains focus, and before a key is stored. A record whose private key is missing is one of two things:
 *
 * - **lost**: the key was in this window's view of SecretStorage and is not any more (a reset keychain, a deleted
 *   profile, or in a browser-hosted editor another window that wrote its older copy of the secrets back);
 * - **unseen**: in a browser-hosted editor only, a key another window stored after this window loaded its copy of
 *   the secrets. The key is still in the browser's storage, this window just cannot see it, and anything this window
 *   stores now writes its copy back without it. A reload shows it.
 *
 * On the desktop every window reads the OS keychain itself, so a missing key is always lost.
 */
import type { KeyRecord } from './keyRegistry';
import type { KeyStore } from './keyStore';
import type { SecretStore } from './secretStore';

/** The outcome of one check. */
export interface KeyCheck {
  present: KeyRecord[];
  lost: KeyRecord[];
  unseen: KeyRecord[];
  /** Records whose key could not be looked up (SecretStorage failed): neither present nor missing. */
  unknown: KeyRecord[];
}

/** What the check needs, injected. */
export interface KeyCheckDeps {
  keys: Pick<KeyStore, 'list'>;
  secrets: Pick<SecretStore, 'hasPrivateKey'>;
  /** True in a browser-hosted editor (`vscode.env.uiKind === UIKind.Web`), where each window has its own copy. */
  isWebHost: boolean;
  /** Epoch ms at which this window's copy of SecretStorage was read (about when the extension activated). */
  windowStartedAt: number;
}

/** Compares the registry with SecretStorage; never throws (a failing SecretStorage puts a record in `unknown`). */
export async function checkKeys(deps: KeyCheckDeps): Promise<KeyCheck> {
  const result: KeyCheck = { present: [], lost: [], unseen: [], unknown: [] };
  for (const record of deps.keys.list()) {
    let stored: boolean;
    try {
      stored = await deps.secrets.hasPrivateKey(record.name);
    } catch {
      result.unknown.push(record);
      continue;
    }
    if (stored) result.present.push(record);
    else if (deps.isWebHost && record.storedAt > deps.windowStartedAt) result.unseen.push(record);
    else result.lost.push(record);
  }
  return result;
}
