/**
 * X.509 certificates that come with a private key (a PEM bundle, a PKCS#12 file, a JWK's `x5c`, or a separate
 * certificate file): reading them, checking that the one for the key really holds its public half, describing them
 * for a user, and the thumbprint headers of a client assertion (`x5t#S256`, RFC 7515 §4.1.8; `x5t`, §4.1.7).
 * Certificates are public material; they may appear in messages.
 */
import { createHash, type KeyObject, X509Certificate } from 'node:crypto';
import { KeyError } from './errors';
import { decodeKeyBytes, pemBlocks, unwrapKeyText } from './keyText';

/** Which thumbprint headers an assertion carries when a certificate comes with the key. */
export const X5T_CHOICES = ['sha256', 'sha1', 'both', 'none'] as const;
/** `sha256`: `x5t#S256` (the default); `sha1`: `x5t` (older Microsoft Entra ID set-ups); `both`; `none`. */
export type X5tChoice = (typeof X5T_CHOICES)[number];

/** The thumbprint members of a JWS header (base64url of the SHA-256 / SHA-1 digest of the DER certificate). */
export type ThumbprintHeader = {
  x5t?: string;
  'x5t#S256'?: string;
};

/** A certificate as a user would check it. Times are ISO 8601 strings and epoch milliseconds. */
export interface CertificateDescription {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  notBeforeMs: number;
  notAfterMs: number;
  /** RFC 7515 §4.1.8 `x5t#S256`: base64url SHA-256 of the DER certificate. */
  sha256Thumbprint: string;
  /** RFC 7515 §4.1.7 `x5t`: base64url SHA-1 of the DER certificate. */
  sha1Thumbprint: string;
  /** SHA-1 in upper-case hex, as Microsoft Entra ID and Windows show a certificate's "thumbprint". */
  sha1Hex: string;
  /** True when the certificate's subject is its issuer (self-signed, as for most client credentials). */
  selfIssued: boolean;
}

const CERT_LABELS = new Set(['CERTIFICATE', 'TRUSTED CERTIFICATE', 'X509 CERTIFICATE']);
const CERT_HINT =
  'give the certificate as PEM (BEGIN CERTIFICATE) or DER, e.g. `openssl x509 -in cert.crt -out cert.pem`';

/** Base64url digest of the DER certificate: the value of `x5t#S256` (sha256) or `x5t` (sha1). */
export function certificateThumbprint(cert: X509Certificate, hash: 'sha256' | 'sha1'): string {
  return createHash(hash).update(cert.raw).digest('base64url');
}

/**
 * Subject, issuer, validity (ISO strings and epoch milliseconds), serial, and the SHA-256 / SHA-1 thumbprints of a
 * certificate (RFC 7515 §4.1.7-4.1.8). Never throws for a parsed certificate.
 */
export function describeCertificate(cert: X509Certificate): CertificateDescription {
  const notBeforeMs = Date.parse(cert.validFrom);
  const notAfterMs = Date.parse(cert.validTo);
  return {
    subject: oneLineName(cert.subject),
    issuer: oneLineName(cert.issuer),
    serialNumber: cert.serialNumber,
    notBefore: new Date(notBeforeMs).toISOString(),
    notAfter: new Date(notAfterMs).toISOString(),
    notBeforeMs,
    notAfterMs,
    sha256Thumbprint: certificateThumbprint(cert, 'sha256'),
    sha1Thumbprint: certificateThumbprint(cert, 'sha1'),
    sha1Hex: createHash('sha1').update(cert.raw).digest('hex').toUpperCase(),
    selfIssued: cert.subject === cert.issuer,
  };
}

// node:crypto gives a distinguished name one attribute per line.
function oneLineName(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

/**
 * One line about the certificate that comes with a key (subject, expiry, SHA-256 thumbprint), and whether it is a
 * warning: a certificate that expired or is not yet valid is refused by servers that check it (Microsoft Entra ID).
 * `nowMs` is epoch milliseconds.
 */
export function certificateNote(cert: X509Certificate, nowMs: number): { text: string; warning: boolean } {
  const d = describeCertificate(cert);
  if (d.notAfterMs < nowMs) {
    return {
      text: `the certificate ${d.subject} expired on ${d.notAfter}; servers that check it will refuse it`,
      warning: true,
    };
  }
  if (d.notBeforeMs > nowMs) {
    return { text: `the certificate ${d.subject} is valid only from ${d.notBefore}`, warning: true };
  }
  return {
    text: `certificate ${d.subject}, valid until ${d.notAfter}, x5t#S256 ${d.sha256Thumbprint}`,
    warning: false,
  };
}

/**
 * The header members for `choice` (default `sha256`): `x5t#S256`, `x5t`, both, or none. Empty without a certificate.
 */
export function certificateHeader(cert: X509Certificate | undefined, choice: X5tChoice = 'sha256'): ThumbprintHeader {
  if (!cert || choice === 'none') return {};
  const out: ThumbprintHeader = {};
  if (choice === 'sha1' || choice === 'both') out.x5t = certificateThumbprint(cert, 'sha1');
  if (choice === 'sha256' || choice === 'both') out['x5t#S256'] = certificateThumbprint(cert, 'sha256');
  return out;
}

/**
 * The certificates in a file's bytes or text: every CERTIFICATE block of a PEM text (in order), or one DER
 * certificate. KeyError `certificate_unreadable` when there is none or one is damaged.
 */
export function readCertificates(input: string | Uint8Array): X509Certificate[] {
  const decoded = typeof input === 'string' ? { kind: 'text' as const, text: input } : decodeKeyBytes(input);
  if (decoded.kind === 'binary') {
    try {
      return [new X509Certificate(Buffer.from(decoded.bytes))];
    } catch (cause) {
      throw new KeyError('certificate_unreadable', 'the binary data is not a DER certificate', CERT_HINT, { cause });
    }
  }
  const blocks = pemBlocks(unwrapKeyText(decoded.text)).filter((b) => CERT_LABELS.has(b.label));
  if (blocks.length === 0) throw new KeyError('certificate_unreadable', 'no certificate in this text', CERT_HINT);
  return blocks.map((b, i) => parsePemCertificate(b.der, i));
}

/** Parses the DER of the `index`-th certificate block; KeyError `certificate_unreadable` when damaged. */
export function parsePemCertificate(der: Buffer, index: number): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (cause) {
    throw new KeyError('certificate_unreadable', `certificate ${index + 1} is damaged and cannot be read`, CERT_HINT, {
      cause,
    });
  }
}

/**
 * The certificates with the one that holds `key`'s public half first (the rest, the chain, in their order).
 * KeyError `key_certificate_mismatch` when none of them does: a certificate for another key would make the server
 * look for the wrong key.
 */
export function certificatesForKey(key: KeyObject, certs: readonly X509Certificate[]): X509Certificate[] {
  if (certs.length === 0) return [];
  const leaf = certs.find((c) => matches(c, key));
  if (!leaf) {
    const which = certs.length === 1 ? 'the certificate' : `none of the ${certs.length} certificates`;
    throw new KeyError(
      'key_certificate_mismatch',
      `${which} does not hold this private key's public key (${describeCertificate(certs[0] as X509Certificate).subject})`,
      'give the certificate issued for this key (`openssl x509 -in cert.pem -noout -pubkey` shows its public key), or leave the certificate out',
    );
  }
  return [leaf, ...certs.filter((c) => c !== leaf)];
}

function matches(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false;
  }
}
