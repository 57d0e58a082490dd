/**
 * The certificate chain a named key keeps beside its private key: which of the certificates that came with the key
 * are kept, how they are stored (PEM), read back, and summed up for the key registry. Only a chain whose first
 * certificate holds the key's public key is ever kept (core `certificatesForKey`), and after it only the certificates
 * that issued it, one after the other: a bundle's certificate for another key is left out. Loaded on first use.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import { certificatesForKey, describeCertificate, readCertificates } from '../../core/certificate';
import { isClientCredsError } from '../../core/errors';
import type { CertificateSummary } from './keyRegistry';
import type { SecretStore } from './secretStore';

type CertificateSecrets = Pick<SecretStore, 'getCertificatePem' | 'storeCertificatePem' | 'deleteCertificate'>;

/**
 * The chain to keep for `key`: the certificate that holds its public key, then its issuer, that one's issuer…, as
 * far as `certs` go. Empty for no certificates; KeyError `key_certificate_mismatch` when certificates are given and
 * none holds the key's public key.
 */
export function keyCertificateChain(key: KeyObject, certs: readonly X509Certificate[]): X509Certificate[] {
  const [leaf, ...rest] = certificatesForKey(key, certs);
  if (!leaf) return [];
  const chain = [leaf];
  for (let current = leaf; current.subject !== current.issuer || !current.verify(current.publicKey); ) {
    const issuer = rest.find((c) => !chain.includes(c) && issued(c, current));
    if (!issuer) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}

function issued(issuer: X509Certificate, cert: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** The chain as one PEM text, the key's own certificate first. */
export function certificateChainPem(chain: readonly X509Certificate[]): string {
  return chain.map((c) => c.toString().trim()).join('\n') + (chain.length > 0 ? '\n' : '');
}

/**
 * A stored chain read back for `key`: the certificates when the first one holds the key's public key, else empty
 * (a damaged value, or a certificate left from another key that had this name: never used for this one).
 */
export function storedChainFor(key: KeyObject, pem: string | undefined): X509Certificate[] {
  if (pem === undefined) return [];
  let certs: X509Certificate[];
  try {
    certs = readCertificates(pem);
  } catch (e) {
    if (isClientCredsError(e)) return [];
    throw e;
  }
  return certs[0] !== undefined && holdsKey(certs[0], key) ? certs : [];
}

function holdsKey(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false;
  }
}

/** What the key registry records about the key's own certificate (notAfter in epoch milliseconds). */
export function certificateSummary(cert: X509Certificate): CertificateSummary {
  const d = describeCertificate(cert);
  return { subject: d.subject, notAfter: d.notAfterMs, x5tS256: d.sha256Thumbprint };
}

/**
 * After the private key `name` was written: stores `chain` when one came with the key; else keeps the stored chain
 * only when it holds `key` (the same key restored from a backup without it) and deletes one of another key. The
 * chain kept; SecretStorageError when SecretStorage fails.
 */
export async function keepCertificates(
  secrets: CertificateSecrets,
  name: string,
  key: KeyObject,
  chain: X509Certificate[],
): Promise<X509Certificate[]> {
  if (chain.length > 0) {
    await secrets.storeCertificatePem(name, certificateChainPem(chain));
    return chain;
  }
  const pem = await secrets.getCertificatePem(name);
  const kept = storedChainFor(key, pem);
  if (pem !== undefined && kept.length === 0) await secrets.deleteCertificate(name);
  return kept;
}

/** The stored chain of the key `name` when it holds `key`, else empty; SecretStorageError when it cannot be read. */
export async function readStoredChain(
  secrets: Pick<SecretStore, 'getCertificatePem'>,
  name: string,
  key: KeyObject,
): Promise<X509Certificate[]> {
  return storedChainFor(key, await secrets.getCertificatePem(name));
}
