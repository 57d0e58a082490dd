/**
 * The shapes of named keys that callers see (a key read but not stored, what may be shown about a stored one, what
 * signing needs) and the error of a key that is registered but gone from SecretStorage.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import type { SigningAlg } from '../../core/algorithms';
import { KeyError } from '../../core/errors';
import type { KeyDescription } from '../../core/keyDescription';
import type { KeyRecord } from './keyRegistry';

/** A key read from a file or the clipboard and not stored yet. The private half stays inside the KeyObject. */
export interface ReadKey {
  key: KeyObject;
  description: KeyDescription;
  publicKeyPem: string;
  /** RFC 7638 thumbprint. */
  thumbprint: string;
  /** The certificates that came with the key (PKCS#12, a bundle, a JWK's x5c), the key's own first. */
  certificates?: X509Certificate[];
  /** The algorithm the key names for itself (a JWK's `alg`, RFC 7517 §4.4). */
  alg?: SigningAlg;
  /** What the user should know about the input (certificates that could not be read); never key text. */
  notes?: string[];
}

/** Asks for the passphrase of an encrypted key or PKCS#12 file; `retry` is true after a wrong one. */
export type AskPassphrase = (retry: boolean) => Promise<string>;

/** What a caller may show about a stored key: never the private half. */
export interface StoredKeyInfo {
  record: KeyRecord;
  description: KeyDescription;
  publicKeyPem: string;
  /** RFC 7638 thumbprint (a good `kid`). */
  thumbprint: string;
  /** The certificate chain kept with the key, its own certificate first; empty when none came with it. */
  certificates: X509Certificate[];
}

/** What signing with a stored key needs: the key and, when one came with it, its own certificate. */
export interface SigningKey {
  key: KeyObject;
  certificate?: X509Certificate;
}

/** A registered key whose private half is no longer in SecretStorage (KeyError `key_lost`). */
export class LostKeyError extends KeyError {
  constructor(readonly record: KeyRecord) {
    super(
      'key_lost',
      `the private key "${record.name}" (RFC 7638 thumbprint ${record.thumbprint}) is missing from VS Code's secret storage`,
      'restore it from its backup file with Import Private Key, import the original key file again, or generate a new key and have its public key registered',
    );
  }
}
