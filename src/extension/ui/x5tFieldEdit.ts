/**
 * Edit Profile's question for the certificate thumbprint headers (profile `x5t`): which of `x5t#S256` (RFC 7515
 * §4.1.8) and `x5t` (§4.1.7) the client assertion carries when the profile's key has a certificate. The certificate
 * itself comes with the key (Import Private Key from a PKCS#12 file or a cert+key bundle), never from a setting.
 */
import * as vscode from 'vscode';
import type { X5tChoice } from '../../core/certificate';
import type { Profile } from '../../core/profiles';
import type { CertificateSummary } from '../services/keyRegistry';
import { type PickItem, pickOne } from './prompts';

const t = vscode.l10n.t;

/** The Edit Profile list item of `x5t`, saying whether the profile's key has a certificate at all. */
export function x5tItem(p: Profile, certificate: CertificateSummary | undefined): PickItem<'x5t'> {
  const value = p.x5t ?? 'sha256';
  return {
    value: 'x5t',
    label: t('Certificate thumbprint header (x5t)'),
    description: certificate
      ? value
      : t('{0} (the key has no certificate: import it from a PKCS#12 file or a cert+key bundle)', value),
  };
}

/** Asks which thumbprint headers to send; resolves the edited profile, rejects with Cancelled on Escape. */
export async function editX5t(p: Profile, title: string): Promise<Profile> {
  const items: PickItem<X5tChoice>[] = [
    {
      value: 'sha256',
      label: 'x5t#S256',
      detail: t("SHA-256 of the key's certificate (the default; what Microsoft Entra ID asks for)"),
    },
    { value: 'sha1', label: 'x5t', detail: t('SHA-1 of the certificate, for older Microsoft Entra ID set-ups') },
    { value: 'both', label: t('Both'), detail: t('x5t#S256 and x5t') },
    { value: 'none', label: t('None'), detail: t('No thumbprint header, even when the key has a certificate') },
  ];
  const choice = await pickOne(items, { title, active: p.x5t ?? 'sha256' });
  // The default is not written to the settings.
  return { ...p, x5t: choice === 'sha256' ? undefined : choice };
}
