/**
 * Named private keys: each is a record in the {@link KeyRegistry} (globalState: name, alg, RFC 7638 thumbprint,
 * dates, a certificate summary) and an unencrypted PKCS#8 PEM in the {@link SecretStore} under the same name, with the
 * certificate chain that came with the key (PEM) as a second secret of that name. Profiles refer to a key by
 * name (`key`), so one key can serve several profiles, a key can exist before any profile, and a profile's signing
 * key and its next key are simply two names.
 *
 * Writes go secret first, then record, and deletes record first, then secret: a failure half-way leaves a stored key
 * without a record (adopted by the next migration, see keyMigration.ts), never a record whose key was dropped on
 * purpose. A certificate is used only while it holds the stored key's public key, so one left behind by a failure
 * half-way never signs for another key of that name (keyCertificates.ts). A record whose key is missing is a lost
 * key: {@link KeyStore.load} refuses it with a {@link LostKeyError} that names the key and its thumbprint. Core key code loads on first use, not at activation.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import type { SigningAlg } from '../../core/algorithms';
import { KeyError } from '../../core/errors';
import type { PublicJwk } from '../../core/keyExport';
import type { KeyGenOptions } from '../../core/keyGeneration';
import type { Profile } from '../../core/profiles';
import { Disposable } from '../base/dispose';
import { Emitter, type Event } from '../base/events';
import { type KeyRecord, KeyRegistry, type KeySource, type MementoLike } from './keyRegistry';
import type { SecretStore } from './secretStore';
import { type AskPassphrase, LostKeyError, type ReadKey, type SigningKey, type StoredKeyInfo } from './storedKey';

export { type AskPassphrase, LostKeyError, type ReadKey, type SigningKey, type StoredKeyInfo } from './storedKey';

/** The core key modules as one namespace, loaded on first use. */
export async function keysModule() {
  const [description, generation, importing, exporting, backup, certificates] = await Promise.all([
    import('../../core/keyDescription'),
    import('../../core/keyGeneration'),
    import('../../core/keyImport'),
    import('../../core/keyExport'),
    import('../../core/keyBackup'),
    import('./keyCertificates'),
  ]);
  return { ...description, ...generation, ...importing, ...exporting, ...backup, ...certificates };
}
type KeysModule = Awaited<ReturnType<typeof keysModule>>;

/** What the key store needs, injected. */
export interface KeyStoreDeps {
  secrets: SecretStore;
  /** globalState: where the registry lives. */
  state: MementoLike;
  now?: () => number;
}

/** Options of {@link KeyStore.add}. */
export interface AddKeyOptions {
  /** Replace the key of that name (a lost key restored or regenerated, a key replaced on purpose). */
  replace?: boolean;
}

/** Named keys: records in globalState, private halves in SecretStorage. */
export class KeyStore extends Disposable {
  readonly registry: KeyRegistry;
  private readonly changes = this._register(new Emitter<string>());
  /** Fires the name of a key whose record or private key changed (in this window, or another one's secret). */
  readonly onDidChange: Event<string> = this.changes.event;
  private readonly now: () => number;

  constructor(private readonly deps: KeyStoreDeps) {
    super();
    this.registry = new KeyRegistry(deps.state);
    this.now = deps.now ?? Date.now;
    this._register(
      deps.secrets.onDidChange((change) => {
        if (change.kind === 'privateKey' || change.kind === 'certificate') this.changes.fire(change.name);
      }),
    );
  }

  /** Every key record (present or lost), in the order they were added. */
  list(): KeyRecord[] {
    return this.registry.list();
  }

  /** The record of the key `name`. */
  get(name: string): KeyRecord | undefined {
    return this.registry.get(name);
  }

  /**
   * The key `profile` signs with: its `key`, else (a profile saved before keys had names, whose settings entry the
   * migration could not rewrite) the migrated key that has the profile's own name.
   */
  keyNameFor(profile: Pick<Profile, 'name' | 'key'>): string | undefined {
    if (profile.key !== undefined) return profile.key;
    return this.get(profile.name)?.source === 'migrated' ? profile.name : undefined;
  }

  /** Generates a key pair off the event loop and stores it as `name` (KeyError `key_name_taken` unless replacing). */
  async generate(name: string, opts: KeyGenOptions, add: AddKeyOptions = {}): Promise<StoredKeyInfo> {
    const keys = await keysModule();
    this.assertFree(name, add);
    const pair = await keys.generateKeyPair(opts);
    return this.store(keys, name, this.describe(keys, pair.privateKey), 'generated', opts.alg, add);
  }

  /**
   * Reads a private key without storing it, through core `readKeyInput` (the CLI's `--private-key` reader): PEM in
   * every stored spelling, DER, PKCS#12, cert+key bundles, JWK, service-account JSON. `passphrase` is the passphrase,
   * or a prompt called when the input is encrypted (again after a wrong one, 3 times at most). Throws readKeyInput's
   * KeyErrors (`key_is_public`, `key_too_small`, `key_passphrase_required`, `key_bad_passphrase`…) and whatever the
   * prompt rejects with.
   */
  async read(input: string | Uint8Array, passphrase?: string | AskPassphrase): Promise<ReadKey> {
    const [keys, { readKeyInput }] = await Promise.all([keysModule(), import('../../core/keyInput')]);
    const material = await readKeyInput(
      input,
      typeof passphrase === 'function' ? { askPassphrase: passphrase } : passphrase === undefined ? {} : { passphrase },
    );
    const read: ReadKey = { ...this.describe(keys, material.key), certificates: material.certificates };
    if (material.alg !== undefined) read.alg = material.alg;
    if (material.notes.length > 0) read.notes = material.notes;
    return read;
  }

  /**
   * Stores a key that was read as `name` with the certificate chain that came with it (see keyCertificates.ts).
   * KeyError `key_name_taken` unless replacing, `key_certificate_mismatch` when certificates came and none holds the
   * key's public key (then nothing is stored).
   */
  async add(name: string, read: ReadKey, add: AddKeyOptions = {}): Promise<StoredKeyInfo> {
    const keys = await keysModule();
    this.assertFree(name, add);
    const alg =
      read.alg !== undefined && read.description.algs.includes(read.alg) ? read.alg : keys.defaultAlgForKey(read.key);
    return this.store(keys, name, read, 'imported', alg, add);
  }

  /** The private key `name`; KeyError `key_not_found` when there is no such key, LostKeyError when it is gone. */
  async load(name: string): Promise<KeyObject> {
    const pem = await this.deps.secrets.getPrivateKeyPem(name);
    if (pem === undefined) {
      const record = this.get(name);
      if (record) throw new LostKeyError(record);
      throw new KeyError(
        'key_not_found',
        `there is no private key named "${name}" in VS Code's secret storage`,
        'import it (or restore its backup) with Import Private Key under that name, or choose another key with Edit Profile',
      );
    }
    return (await keysModule()).importPrivateKey(pem);
  }

  /**
   * The record, description, public PEM, thumbprint and certificate chain of the stored key `name` (errors of
   * {@link load}, and SecretStorageError when the certificate cannot be read).
   */
  async info(name: string): Promise<StoredKeyInfo> {
    const keys = await keysModule();
    const read = this.describe(keys, await this.load(name));
    const certificates = await this.storedChain(keys, name, read.key);
    const record = this.get(name) ?? (await this.adopt(keys, name, read, certificates));
    return storedKeyInfo(record, read, certificates);
  }

  /**
   * The private key `name` with its own certificate when one is kept (whose thumbprint a client assertion header may
   * carry as `x5t#S256`, RFC 7515 §4.1.8). Errors of {@link load}; SecretStorageError when the certificate cannot be
   * read.
   */
  async signingKey(name: string): Promise<SigningKey> {
    const key = await this.load(name);
    const [certificate] = await this.storedChain(await keysModule(), name, key);
    return certificate ? { key, certificate } : { key };
  }

  /** The public JWKS of the key `name` (with `alg` when the key fits it; `kid` = RFC 7638 thumbprint). */
  async publicJwks(name: string, alg?: SigningAlg): Promise<{ keys: PublicJwk[] }> {
    const keys = await keysModule();
    const key = await this.load(name);
    const fits = alg !== undefined && keys.describeKey(key).algs.includes(alg);
    return keys.publicJwks(key, fits ? alg : undefined);
  }

  /** `preferred` when the key `name` can sign it, else the key's default (RSA → PS256, P-256 → ES256, Ed25519 → EdDSA). */
  async fittingAlg(name: string, preferred: SigningAlg): Promise<SigningAlg> {
    const keys = await keysModule();
    const key = await this.load(name);
    return keys.describeKey(key).algs.includes(preferred) ? preferred : keys.defaultAlgForKey(key);
  }

  /**
   * The key `name` as an encrypted PKCS#8 PEM under `passphrase` (core `encryptPrivateKeyBackup`: PBES2 with
   * PBKDF2-HMAC-SHA256 and AES-256-CBC; ConfigError `backup_passphrase_weak` for a short passphrase), followed by its
   * certificate chain (public, PEM) when it has one, so restoring the file brings both back. Records nothing: call
   * {@link markBackedUp} once the file is written.
   */
  async backup(name: string, passphrase: string): Promise<string> {
    const keys = await keysModule();
    const key = await this.load(name);
    const chain = await this.storedChain(keys, name, key);
    const encrypted = await keys.encryptPrivateKeyBackup(key, passphrase);
    return chain.length > 0 ? `${encrypted.trimEnd()}\n${keys.certificateChainPem(chain)}` : encrypted;
  }

  /** Records that a backup of `name` was written now. */
  async markBackedUp(name: string): Promise<void> {
    await this.registry.patch(name, { backedUpAt: this.now() });
    this.changes.fire(name);
  }

  /**
   * Deletes the key `name`: its record first, then its private key, then its certificate chain (nothing happens for an
   * unknown name).
   */
  async delete(name: string): Promise<void> {
    await this.registry.remove(name);
    await this.deps.secrets.deletePrivateKey(name);
    await this.deps.secrets.deleteCertificate(name);
    this.changes.fire(name);
  }

  /** Registers a stored private key that has no record yet (a key from before named keys), as `migrated`. */
  async adoptStored(name: string, alg?: SigningAlg): Promise<KeyRecord | undefined> {
    if (this.get(name)) return this.get(name);
    const pem = await this.deps.secrets.getPrivateKeyPem(name);
    if (pem === undefined) return undefined;
    const keys = await keysModule();
    const read = this.describe(keys, keys.importPrivateKey(pem));
    return this.adopt(keys, name, read, await this.storedChain(keys, name, read.key), alg);
  }

  private async adopt(
    keys: KeysModule,
    name: string,
    read: ReadKey,
    certificates: X509Certificate[],
    alg?: SigningAlg,
  ): Promise<KeyRecord> {
    const now = this.now();
    const fitting = alg !== undefined && read.description.algs.includes(alg) ? alg : keys.defaultAlgForKey(read.key);
    const record: KeyRecord = {
      name,
      thumbprint: read.thumbprint,
      keyType: read.description.label,
      alg: fitting,
      createdAt: now,
      storedAt: now,
      source: 'migrated',
    };
    if (certificates[0]) record.certificate = keys.certificateSummary(certificates[0]);
    await this.registry.put(record);
    this.changes.fire(name);
    return record;
  }

  private assertFree(name: string, add: AddKeyOptions): void {
    if (add.replace || !this.get(name)) return;
    throw new KeyError('key_name_taken', `a key named "${name}" already exists`, 'choose another name for this key');
  }

  private async store(
    keys: KeysModule,
    name: string,
    read: ReadKey,
    source: KeySource,
    alg: SigningAlg,
    add: AddKeyOptions,
  ): Promise<StoredKeyInfo> {
    this.assertFree(name, add);
    const before = this.get(name);
    // Checked before anything is written: certificates that do not hold this key are refused, not stored.
    const chain = keys.keyCertificateChain(read.key, read.certificates ?? []);
    await this.deps.secrets.storePrivateKeyPem(name, keys.exportPrivateKeyPem(read.key));
    const certificates = await keys.keepCertificates(this.deps.secrets, name, read.key, chain);
    const now = this.now();
    // The same key put back (a restored backup) keeps its history; a different key starts a new one.
    const same = before?.thumbprint === read.thumbprint ? before : undefined;
    const record: KeyRecord = {
      name,
      thumbprint: read.thumbprint,
      keyType: read.description.label,
      alg: same?.alg ?? alg,
      createdAt: same?.createdAt ?? now,
      storedAt: now,
      source: same?.source ?? source,
    };
    if (same?.backedUpAt !== undefined) record.backedUpAt = same.backedUpAt;
    if (certificates[0]) record.certificate = keys.certificateSummary(certificates[0]);
    await this.registry.put(record);
    this.changes.fire(name);
    return storedKeyInfo(record, read, certificates);
  }

  private storedChain(keys: KeysModule, name: string, key: KeyObject): Promise<X509Certificate[]> {
    return keys.readStoredChain(this.deps.secrets, name, key);
  }

  private describe(
    keys: KeysModule,
    key: KeyObject,
  ): Pick<ReadKey, 'key' | 'description' | 'publicKeyPem' | 'thumbprint'> {
    return {
      key,
      description: keys.describeKey(key),
      publicKeyPem: keys.exportPublicKeyPem(key),
      thumbprint: keys.jwkThumbprint(key),
    };
  }
}

/**
 * A name for a new key from its algorithm (or key type) and the date, e.g. "ps256-2025-11-30", with "-2", "-3"…
 * added when the name is taken. `now` is epoch ms; the date is UTC.
 */
export function suggestKeyName(stem: string, taken: readonly string[], now: number = Date.now()): string {
  const clean = stem
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const base = `${clean || 'key'}-${new Date(now).toISOString().slice(0, 10)}`;
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base}-${i}`)) return `${base}-${i}`;
}

/** What callers may see of a stored key: its record, what was read of it, and its certificate chain. */
function storedKeyInfo(
  record: KeyRecord,
  read: Pick<ReadKey, 'description' | 'publicKeyPem' | 'thumbprint'>,
  certificates: X509Certificate[],
): StoredKeyInfo {
  return {
    record,
    description: read.description,
    publicKeyPem: read.publicKeyPem,
    thumbprint: read.thumbprint,
    certificates,
  };
}
