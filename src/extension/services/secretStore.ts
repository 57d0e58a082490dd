/**
 * The one wrapper over `context.secrets`: private keys and their certificate chains by key name and cached tokens by
 * profile name, under the
 * keys of the extension contract. SecretStorage is shared by every window of the same user on the desktop, so
 * changes made elsewhere arrive through {@link SecretStore.onDidChange} (a browser-hosted editor gives each window
 * its own copy instead: see keyCheck.ts). A failing SecretStorage (no keyring on
 * Linux, a locked keychain) becomes a {@link SecretStorageError} with a readable message; nothing is
 * deleted before its replacement is written.
 */
import type { SecretStorage } from 'vscode';
import { ClientCredsError } from '../../core/errors';
import { Disposable } from '../base/dispose';
import { Emitter, type Event } from '../base/events';
import { SecretPrefix } from '../contract';
import { type CachedToken, parseCachedToken, serializeCachedToken } from './cachedToken';

/** SecretStorage key prefix of private keys (PKCS#8 PEM). */
export const PRIVATE_KEY_PREFIX = SecretPrefix.privateKey;
/** SecretStorage key prefix of cached tokens (JSON, see cachedToken.ts). */
export const TOKEN_PREFIX = SecretPrefix.token;
/** SecretStorage key prefix of the certificate chains that came with named keys (PEM). */
export const CERTIFICATE_PREFIX = SecretPrefix.certificate;

/** Which secret changed: the private key or certificate chain of a named key, or the cached token of a profile. */
export type SecretChange =
  | { kind: 'privateKey'; name: string }
  | { kind: 'certificate'; name: string }
  | { kind: 'token'; profile: string };

/** SecretStorage refused to read, write or delete. The message names the operation, never the value. */
export class SecretStorageError extends ClientCredsError {
  override readonly name = 'SecretStorageError';
  constructor(operation: 'read' | 'store' | 'delete', what: string, cause: unknown) {
    super(
      'storage',
      'secret_storage_failed',
      `VS Code's secret storage could not ${operation} the ${what}`,
      'the OS keyring may be locked or missing (on Linux install and unlock gnome-keyring or KWallet, or set "password-store" in argv.json); nothing was changed',
      { cause },
    );
  }
}

/** Splits a SecretStorage key into kind and profile; `undefined` for keys that are not ours. */
export function parseSecretKey(key: string): SecretChange | undefined {
  if (key.startsWith(PRIVATE_KEY_PREFIX)) return { kind: 'privateKey', name: key.slice(PRIVATE_KEY_PREFIX.length) };
  if (key.startsWith(TOKEN_PREFIX)) return { kind: 'token', profile: key.slice(TOKEN_PREFIX.length) };
  if (key.startsWith(CERTIFICATE_PREFIX)) return { kind: 'certificate', name: key.slice(CERTIFICATE_PREFIX.length) };
  return undefined;
}

const PKCS8_PEM = /^-----BEGIN PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PRIVATE KEY-----\s*$/;
const CERTIFICATE_PEMS = /^(?:-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*)+$/;

/** Private keys by name and tokens by profile in an injected SecretStorage. */
export class SecretStore extends Disposable {
  private readonly changes = this._register(new Emitter<SecretChange>());
  /** Fires for every change of one of our secrets, in this window or another. */
  readonly onDidChange: Event<SecretChange> = this.changes.event;

  constructor(private readonly secrets: SecretStorage) {
    super();
    this._register(
      secrets.onDidChange((e) => {
        const change = parseSecretKey(e.key);
        if (change) this.changes.fire(change);
      }),
    );
  }

  /** The stored PKCS#8 PEM of the key `name`, or `undefined` when there is none. */
  async getPrivateKeyPem(name: string): Promise<string | undefined> {
    return this.read(PRIVATE_KEY_PREFIX + name, 'private key');
  }

  /** Stores an unencrypted PKCS#8 PEM as the key `name`; refuses anything else (encrypted, PKCS#1, public). */
  async storePrivateKeyPem(name: string, pem: string): Promise<void> {
    if (!PKCS8_PEM.test(pem)) throw new TypeError('only an unencrypted PKCS#8 PEM private key can be stored');
    await this.write(PRIVATE_KEY_PREFIX + name, pem, 'private key');
  }

  /** Deletes the private key `name` (no error when there is none). */
  async deletePrivateKey(name: string): Promise<void> {
    await this.remove(PRIVATE_KEY_PREFIX + name, 'private key');
  }

  /** The stored certificate chain (PEM, CERTIFICATE blocks only) of the key `name`, or `undefined` when none. */
  async getCertificatePem(name: string): Promise<string | undefined> {
    return this.read(CERTIFICATE_PREFIX + name, 'certificate');
  }

  /**
   * Stores the certificate chain of the key `name`: PEM CERTIFICATE blocks and nothing else (TypeError for anything
   * else, a private key among it included). The caller checks that the first one holds the key's public key.
   */
  async storeCertificatePem(name: string, pem: string): Promise<void> {
    if (!CERTIFICATE_PEMS.test(pem)) throw new TypeError('only PEM certificates can be stored as a certificate chain');
    await this.write(CERTIFICATE_PREFIX + name, pem, 'certificate');
  }

  /** Deletes the certificate chain of the key `name` (no error when there is none). */
  async deleteCertificate(name: string): Promise<void> {
    await this.remove(CERTIFICATE_PREFIX + name, 'certificate');
  }

  /** True when a private key named `name` is stored. */
  async hasPrivateKey(name: string): Promise<boolean> {
    return (await this.getPrivateKeyPem(name)) !== undefined;
  }

  /**
   * The names of every stored private key, or `undefined` when this SecretStorage cannot list its entries
   * (`SecretStorage.keys()` is missing or fails): callers then look up the names they know.
   */
  async privateKeyNames(): Promise<string[] | undefined> {
    const list = (this.secrets as { keys?: () => Thenable<readonly string[]> }).keys;
    if (typeof list !== 'function') return undefined;
    try {
      const keys = await list.call(this.secrets);
      return keys.filter((k) => k.startsWith(PRIVATE_KEY_PREFIX)).map((k) => k.slice(PRIVATE_KEY_PREFIX.length));
    } catch {
      return undefined;
    }
  }

  /** The cached token of `profile`; `undefined` when none or when the stored record is unreadable. */
  async getToken(profile: string): Promise<CachedToken | undefined> {
    return parseCachedToken(await this.read(TOKEN_PREFIX + profile, 'cached token'));
  }

  /** Caches `token` for `profile`. */
  async storeToken(profile: string, token: CachedToken): Promise<void> {
    await this.write(TOKEN_PREFIX + profile, serializeCachedToken(token), 'token');
  }

  /** Forgets the cached token of `profile`. */
  async deleteToken(profile: string): Promise<void> {
    await this.remove(TOKEN_PREFIX + profile, 'cached token');
  }

  /**
   * Moves the cached token of a renamed profile (its key is named on its own and stays where it is): the token is
   * written under the new name before the old one is deleted, so a failure half-way leaves a copy rather than
   * nothing (running the rename again finishes it). Refuses to overwrite a different token stored under `to`.
   */
  async renameProfile(from: string, to: string): Promise<void> {
    if (from === to) return;
    const what = 'cached token';
    const value = await this.read(TOKEN_PREFIX + from, what);
    if (value === undefined) return;
    const existing = await this.read(TOKEN_PREFIX + to, what);
    // The same value there is the copy of an earlier rename that failed before its delete: finish it.
    if (existing !== undefined && existing !== value) {
      throw new ClientCredsError('config', 'profile_exists', `a token for a profile named "${to}" already exists`);
    }
    if (existing === undefined) await this.write(TOKEN_PREFIX + to, value, what);
    await this.remove(TOKEN_PREFIX + from, what);
  }

  private async read(key: string, what: string): Promise<string | undefined> {
    try {
      return await this.secrets.get(key);
    } catch (e) {
      throw new SecretStorageError('read', what, e);
    }
  }

  private async write(key: string, value: string, what: string): Promise<void> {
    try {
      await this.secrets.store(key, value);
    } catch (e) {
      throw new SecretStorageError('store', what, e);
    }
  }

  private async remove(key: string, what: string): Promise<void> {
    try {
      await this.secrets.delete(key);
    } catch (e) {
      throw new SecretStorageError('delete', what, e);
    }
  }
}
