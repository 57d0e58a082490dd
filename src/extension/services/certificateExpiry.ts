/**
 * How near a key's certificate is to its end (notAfter): expired, expiring within {@link EXPIRY_WARNING_DAYS} days,
 * or valid, with the whole days left. Servers that check the certificate (Microsoft Entra ID) refuse an expired one,
 * and a new certificate must be registered before the old one ends, so lists warn a month ahead.
 */

/** Days before notAfter from which a certificate counts as expiring soon. */
export const EXPIRY_WARNING_DAYS = 30;

const DAY_MS = 86_400_000;

/** Where a certificate stands at `nowMs`: `days` is the whole days left (0 on its last day, negative once expired). */
export interface CertificateExpiry {
  state: 'expired' | 'soon' | 'valid';
  days: number;
}

/** The state of a certificate ending at `notAfterMs` (epoch milliseconds) at `nowMs` (epoch milliseconds). */
export function certificateExpiry(notAfterMs: number, nowMs: number): CertificateExpiry {
  const days = Math.floor((notAfterMs - nowMs) / DAY_MS);
  if (notAfterMs <= nowMs) return { state: 'expired', days };
  return { state: days < EXPIRY_WARNING_DAYS ? 'soon' : 'valid', days };
}
