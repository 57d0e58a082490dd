/**
 * The words for a key's certificate in lists and messages: its expiry (expired, expiring within 30 days, valid
 * until) with a warning icon when it needs attention. Certificates are public; none of this is secret.
 */
import * as vscode from 'vscode';
import { certificateExpiry } from '../services/certificateExpiry';
import type { CertificateSummary } from '../services/keyRegistry';

const day = (time: number) => new Date(time).toISOString().slice(0, 10);

/** "expired on D", "expires on D, in N days", or "valid until D"; `now` is epoch milliseconds. */
export function certificateExpiryText(notAfter: number, now: number = Date.now()): string {
  const { state, days } = certificateExpiry(notAfter, now);
  if (state === 'expired') return vscode.l10n.t('expired on {0}', day(notAfter));
  if (state === 'soon') return vscode.l10n.t('expires on {0}, in {1} day(s)', day(notAfter), days);
  return vscode.l10n.t('valid until {0}', day(notAfter));
}

/** A codicon for the certificate's state: a warning when it has expired or expires within 30 days. */
export function certificateIcon(notAfter: number, now: number = Date.now()): string {
  return certificateExpiry(notAfter, now).state === 'valid' ? '$(verified)' : '$(warning)';
}

/** One line for a key list: "certificate CN=…, valid until D". */
export function certificateLine(summary: CertificateSummary, now: number = Date.now()): string {
  return vscode.l10n.t('certificate {0}, {1}', summary.subject, certificateExpiryText(summary.notAfter, now));
}
