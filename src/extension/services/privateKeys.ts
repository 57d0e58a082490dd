/**
 * Private keys by profile: generated or imported with the core key modules (the same rules and messages as the
 * CLI), stored as unencrypted PKCS#8 in the {@link SecretStore}, and read back only to sign or to derive
 * the public half. Core key code is loaded on first use, not at activation.
 */
import type { KeyObject } from 'node:crypto';
import type { SigningAlg } from '../../core/algorithms';
import { KeyError } from '../../core/errors';
import type { KeyDescription } from '../../core/keyDescription';
import type { PublicJwk } from '../../core/keyExport';
import type { KeyGenOptions } from '../../core/keyGeneration';
import type { SecretStore } from './secretStore';

/** What a caller may show about a stored key: never the private half. */
export interface StoredKeyInfo {
  description: KeyDescription;
  publicKeyPem: string;
  /** RFC 7638 thumbprint (a good `kid`). */
  thumbprint: string;
}

/** The core key modules as one namespace, loaded on first use. */
async function keysModule() {
  const [description, generation, importing, exporting] = await Promise.all([
    import('../../core/keyDescription'),
    import('../../core/keyGeneration'),
    import('../../core/keyImport'),
    import('../../core/keyExport'),
  ]);
  return { ...description, ...generation, ...importing, ...exporting };
}

/** Keys of profiles in SecretStorage. */
export class PrivateKeys {
  constructor(private readonly store: SecretStore) {}

  /** Generates a key pair off the event loop and stores its private half for `profile`. */
  async generate(profile: string, opts: KeyGenOptions): Promise<StoredKeyInfo> {
    const keys = await keysModule();
    const pair = await keys.generateKeyPair(opts);
    await this.store.storePrivateKeyPem(profile, pair.privateKeyPem);
    return {
      description: keys.describeKey(pair.privateKey),
      publicKeyPem: pair.publicKeyPem,
      thumbprint: keys.jwkThumbprint(pair.privateKey),
    };
  }

  /** True when `text` is an encrypted PEM that needs a passphrase. */
  async isEncrypted(text: string): Promise<boolean> {
    return (await keysModule()).isEncryptedPrivateKey(text);
  }

  /**
   * Reads a PEM / DER / JWK private key (KeyErrors of core `importPrivateKey`: public key, too small, wrong
   * passphrase…) and stores it for `profile` as unencrypted PKCS#8.
   */
  async import(profile: string, input: string | Uint8Array, passphrase?: string): Promise<StoredKeyInfo> {
    const keys = await keysModule();
    const key = keys.importPrivateKey(input, passphrase === undefined ? {} : { passphrase });
    const info = this.describe(keys, key);
    await this.store.storePrivateKeyPem(profile, keys.exportPrivateKeyPem(key));
    return info;
  }

  /** The private key of `profile`; KeyError `key_missing` when none is stored. */
  async load(profile: string): Promise<KeyObject> {
    const pem = await this.store.getPrivateKeyPem(profile);
    if (pem === undefined) {
      throw new KeyError(
        'key_missing',
        `profile "${profile}" has no private key in VS Code's secret storage`,
        'run Generate Key Pair or Import Private Key',
      );
    }
    return (await keysModule()).importPrivateKey(pem);
  }

  /** Description, public PEM and thumbprint of the stored key of `profile`. */
  async info(profile: string): Promise<StoredKeyInfo> {
    const key = await this.load(profile);
    return this.describe(await keysModule(), key);
  }

  /** The public JWKS of the stored key (with `alg` when the key fits it). */
  async publicJwks(profile: string, alg?: SigningAlg): Promise<{ keys: PublicJwk[] }> {
    const keys = await keysModule();
    const key = await this.load(profile);
    const fits = alg !== undefined && keys.describeKey(key).algs.includes(alg);
    return keys.publicJwks(key, fits ? alg : undefined);
  }

  /**
   * The algorithm a profile should use with its key: `preferred` when the key can sign it, else the key's
   * default (RSA → PS256, P-256 → ES256, Ed25519 → EdDSA).
   */
  async fittingAlg(profile: string, preferred: SigningAlg): Promise<SigningAlg> {
    const keys = await keysModule();
    const key = await this.load(profile);
    return keys.describeKey(key).algs.includes(preferred) ? preferred : keys.defaultAlgForKey(key);
  }

  /** Deletes the key of `profile` (nothing happens when there is none). */
  async delete(profile: string): Promise<void> {
    await this.store.deletePrivateKey(profile);
  }

  /** True when `profile` has a stored key. */
  async has(profile: string): Promise<boolean> {
    return this.store.hasPrivateKey(profile);
  }

  private describe(keys: Awaited<ReturnType<typeof keysModule>>, key: KeyObject): StoredKeyInfo {
    return {
      description: keys.describeKey(key),
      publicKeyPem: keys.exportPublicKeyPem(key),
      thumbprint: keys.jwkThumbprint(key),
    };
  }
}
