/**
 * DPoP keys by profile (RFC 9449): an ES256 (EC P-256) key pair generated the first time a DPoP profile needs one,
 * its private half kept as PKCS#8 PEM in SecretStorage under `clientCreds.dpopKey:<profile>` beside the client key,
 * and one DPoP nonce cache per window (RFC 9449 §8, §9) shared by every profile's token requests and API proofs.
 * Core DPoP code is loaded on first use, never at activation.
 */
import type { SecretStorage } from 'vscode';
import type { DpopNonceCache } from '../../core/dpopNonces';
import type { DpopKey } from '../../core/dpopProof';
import type { DpopSession } from '../../core/dpopToken';
import { SecretPrefix } from '../contract';
import { SecretStorageError } from './secretStore';

/** SecretStorage key prefix of DPoP keys. */
export const DPOP_KEY_PREFIX = SecretPrefix.dpopKey;

/** The part of SecretStorage this service uses. */
export type DpopSecretStorage = Pick<SecretStorage, 'get' | 'store' | 'delete'>;

async function dpopModules() {
  const [proof, nonces, keyImport, keyExport] = await Promise.all([
    import('../../core/dpopProof'),
    import('../../core/dpopNonces'),
    import('../../core/keyImport'),
    import('../../core/keyExport'),
  ]);
  return { ...proof, ...nonces, ...keyImport, ...keyExport };
}

/** DPoP keys of profiles in SecretStorage, and this window's nonce cache. */
export class DpopKeys {
  private nonceCache: DpopNonceCache | undefined;
  // One generation at a time per profile in this window, so two fetches cannot store two different keys.
  private readonly pending = new Map<string, Promise<DpopKey>>();

  constructor(private readonly secrets: DpopSecretStorage) {}

  /**
   * The DPoP key of `profile` (ES256 for a generated key), generated and stored on first use. Throws
   * SecretStorageError (`secret_storage_failed`) when SecretStorage refuses, KeyError when the stored PEM is unreadable.
   */
  async key(profile: string): Promise<DpopKey> {
    const existing = this.pending.get(profile);
    if (existing) return existing;
    const loading = this.loadOrGenerate(profile).finally(() => this.pending.delete(profile));
    this.pending.set(profile, loading);
    return loading;
  }

  /** The key and this window's nonce cache, as core `fetchToken` takes them (`dpop`). Errors of {@link key}. */
  async session(profile: string): Promise<DpopSession> {
    const [key, nonces] = await Promise.all([this.key(profile), this.nonces()]);
    return { key, nonces };
  }

  /** This window's DPoP nonce cache (one per window, keyed by origin). */
  async nonces(): Promise<DpopNonceCache> {
    if (!this.nonceCache) this.nonceCache = new (await dpopModules()).DpopNonceCache();
    return this.nonceCache;
  }

  /** The RFC 7638 thumbprint of the stored DPoP key of `profile`, or `undefined` when none is stored (never generates). */
  async thumbprint(profile: string): Promise<string | undefined> {
    const pem = await this.read(profile);
    if (pem === undefined) return undefined;
    const m = await dpopModules();
    return m.createDpopKey(m.importPrivateKey(pem)).thumbprint;
  }

  /** Deletes the DPoP key of `profile` (no error when there is none); the next DPoP token gets a new key. */
  async delete(profile: string): Promise<void> {
    try {
      await this.secrets.delete(DPOP_KEY_PREFIX + profile);
    } catch (e) {
      throw new SecretStorageError('delete', 'DPoP key', e);
    }
  }

  /**
   * Moves the DPoP key of a renamed profile (written under `to` before `from` is deleted), so its DPoP-bound token
   * stays usable. Nothing happens when `from` has no key. SecretStorageError when SecretStorage refuses.
   */
  async rename(from: string, to: string): Promise<void> {
    if (from === to) return;
    const pem = await this.read(from);
    if (pem === undefined) return;
    try {
      await this.secrets.store(DPOP_KEY_PREFIX + to, pem);
    } catch (e) {
      throw new SecretStorageError('store', 'DPoP key', e);
    }
    await this.delete(from);
  }

  private async loadOrGenerate(profile: string): Promise<DpopKey> {
    const m = await dpopModules();
    const stored = await this.read(profile);
    if (stored !== undefined) return m.createDpopKey(m.importPrivateKey(stored), 'ES256');
    const { generateKeyPair } = await import('node:crypto');
    const privateKey = await new Promise<import('node:crypto').KeyObject>((resolve, reject) =>
      generateKeyPair('ec', { namedCurve: 'P-256' }, (err, _pub, priv) => (err ? reject(err) : resolve(priv))),
    );
    try {
      await this.secrets.store(DPOP_KEY_PREFIX + profile, m.exportPrivateKeyPem(privateKey));
    } catch (e) {
      throw new SecretStorageError('store', 'DPoP key', e);
    }
    return m.createDpopKey(privateKey, 'ES256');
  }

  private async read(profile: string): Promise<string | undefined> {
    try {
      return await this.secrets.get(DPOP_KEY_PREFIX + profile);
    } catch (e) {
      throw new SecretStorageError('read', 'DPoP key', e);
    }
  }
}
