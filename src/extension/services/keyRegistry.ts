/**
 * The key registry: one record per named key, kept in globalState under `clientCreds.keys` (extension contract).
 * It holds what may be shown and compared without the key: name, algorithm, RFC 7638 thumbprint, dates, and a summary
 * of the key's certificate. Never key material: the private key (and the certificate chain that came with it) lives in
 * SecretStorage under the key's name, and the
 * registry is what tells a key that is gone from one that never existed (see keyCheck.ts).
 *
 * globalState reaches every window of the user (in a browser-hosted editor too, where SecretStorage does not), so
 * each write re-reads the stored records first and changes only its own entry.
 */
import { isSigningAlg, type SigningAlg } from '../../core/algorithms';
import { StateKey } from '../contract';

/** The part of `vscode.Memento` used here. */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

/** How a key came to be stored. */
export type KeySource = 'generated' | 'imported' | 'migrated';

/** The key's own certificate, as lists show it without reading SecretStorage. */
export interface CertificateSummary {
  /** Subject distinguished name on one line, e.g. "CN=my-client". */
  subject: string;
  /** End of validity (notAfter), epoch milliseconds. */
  notAfter: number;
  /** RFC 7515 §4.1.8 `x5t#S256`: base64url SHA-256 of the DER certificate. */
  x5tS256: string;
}

/** What is known about one stored key without reading it. Times are epoch milliseconds. */
export interface KeyRecord {
  /** The key's name: what profiles refer to (`key`, and later `nextKey`) and its SecretStorage suffix. */
  name: string;
  /** RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key: the `kid` a JWKS gives it. */
  thumbprint: string;
  /** The key type for people, e.g. "RSA 2048-bit", "EC P-256", "Ed25519". */
  keyType: string;
  /** The signing algorithm the key was made or imported for. */
  alg: SigningAlg;
  /** When the key was generated or imported (for a migrated key: when it was migrated). */
  createdAt: number;
  /** When this window or another last wrote the private key to SecretStorage. */
  storedAt: number;
  /** When Back Up Private Key last wrote an encrypted backup of it; absent: never. */
  backedUpAt?: number;
  source: KeySource;
  /** The key's certificate, when one came with it (the chain itself is in SecretStorage beside the key). */
  certificate?: CertificateSummary;
}

/** The registry's stored shape; `version` lets a later change of shape migrate it. */
interface StoredRegistry {
  version: 1;
  keys: KeyRecord[];
}

const SOURCES: readonly KeySource[] = ['generated', 'imported', 'migrated'];
const THUMBPRINT = /^[A-Za-z0-9_-]{43}$/;
const MAX_SUBJECT_LENGTH = 1024;

/**
 * Reads the stored registry; entries that are not well-formed records are dropped (another version or a damaged
 * store may have written them), as is a second entry with a name already seen. Never throws.
 */
export function parseRegistry(value: unknown): KeyRecord[] {
  if (typeof value !== 'object' || value === null) return [];
  const keys = (value as { keys?: unknown }).keys;
  if (!Array.isArray(keys)) return [];
  const seen = new Set<string>();
  const records: KeyRecord[] = [];
  for (const entry of keys) {
    const record = parseRecord(entry);
    if (record && !seen.has(record.name)) {
      seen.add(record.name);
      records.push(record);
    }
  }
  return records;
}

function parseRecord(entry: unknown): KeyRecord | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const r = entry as Record<string, unknown>;
  if (typeof r.name !== 'string' || r.name === '' || typeof r.keyType !== 'string') return undefined;
  if (typeof r.thumbprint !== 'string' || !THUMBPRINT.test(r.thumbprint)) return undefined;
  if (!isSigningAlg(r.alg) || !SOURCES.includes(r.source as KeySource)) return undefined;
  if (!isTime(r.createdAt) || !isTime(r.storedAt)) return undefined;
  const record: KeyRecord = {
    name: r.name,
    thumbprint: r.thumbprint,
    keyType: r.keyType,
    alg: r.alg,
    createdAt: r.createdAt,
    storedAt: r.storedAt,
    source: r.source as KeySource,
  };
  if (isTime(r.backedUpAt)) record.backedUpAt = r.backedUpAt;
  const certificate = parseCertificateSummary(r.certificate);
  if (certificate) record.certificate = certificate;
  return record;
}

function parseCertificateSummary(value: unknown): CertificateSummary | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const c = value as Record<string, unknown>;
  if (typeof c.subject !== 'string' || c.subject.length > MAX_SUBJECT_LENGTH || !isTime(c.notAfter)) return undefined;
  if (typeof c.x5tS256 !== 'string' || !THUMBPRINT.test(c.x5tS256)) return undefined;
  return { subject: c.subject, notAfter: c.notAfter, x5tS256: c.x5tS256 };
}

function isTime(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

/** The records in globalState, read fresh on every call (another window may have written since). */
export class KeyRegistry {
  constructor(private readonly state: MementoLike) {}

  /** Every record, in the order they were added. */
  list(): KeyRecord[] {
    return parseRegistry(this.state.get<unknown>(StateKey.keys));
  }

  /** The record named `name`. */
  get(name: string): KeyRecord | undefined {
    return this.list().find((r) => r.name === name);
  }

  /** Adds `record`, or replaces the record of the same name in place. */
  async put(record: KeyRecord): Promise<void> {
    const records = this.list();
    const index = records.findIndex((r) => r.name === record.name);
    if (index === -1) records.push(record);
    else records[index] = record;
    await this.write(records);
  }

  /** Changes fields of the record `name` (nothing happens when there is none). */
  async patch(name: string, fields: Partial<Omit<KeyRecord, 'name'>>): Promise<void> {
    const records = this.list();
    const index = records.findIndex((r) => r.name === name);
    const current = records[index];
    if (current === undefined) return;
    records[index] = { ...current, ...fields };
    await this.write(records);
  }

  /** Removes the record `name` (nothing happens when there is none). */
  async remove(name: string): Promise<void> {
    const records = this.list();
    const kept = records.filter((r) => r.name !== name);
    if (kept.length !== records.length) await this.write(kept);
  }

  private async write(records: KeyRecord[]): Promise<void> {
    const stored: StoredRegistry = { version: 1, keys: records };
    await this.state.update(StateKey.keys, stored);
  }
}
