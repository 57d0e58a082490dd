/**
 * What can be done with a public key: copy it as PEM (what Jack Henry's Users & Groups screen takes),
 * save it as a .pem file, or copy a JWKS (for servers that register keys as JWKS); for a key with a certificate, its
 * subject, expiry and x5t#S256 thumbprint, and copy the certificate as PEM (what Microsoft Entra ID's "Certificates &
 * secrets" takes). The private key is never offered here.
 */

import type { X509Certificate } from 'node:crypto';
import * as vscode from 'vscode';
import type { SigningAlg } from '../../core/algorithms';
import { Cancelled } from '../base/cancellation';
import { ContextKeys } from '../contract';
import type { StoredKeyInfo } from '../services/keyStore';
import type { Services } from '../services/services';
import { certificateExpiryText, certificateIcon } from './certificateText';
import { type PickItem, pickOne } from './prompts';

type PublicKeyAction = 'copyPem' | 'savePem' | 'copyJwks' | 'copyCertificate';

/** The key's own certificate: subject and expiry in the row, the x5t#S256 thumbprint under it. */
async function certificateItem(cert: X509Certificate): Promise<PickItem<PublicKeyAction>> {
  const { describeCertificate } = await import('../../core/certificate');
  const d = describeCertificate(cert);
  return {
    value: 'copyCertificate',
    label: `${certificateIcon(d.notAfterMs)} ${vscode.l10n.t('Copy Certificate (PEM)')}`,
    description: `${d.subject} · ${certificateExpiryText(d.notAfterMs)}`,
    detail: vscode.l10n.t('x5t#S256 {0} · SHA-1 {1}', d.sha256Thumbprint, d.sha1Hex),
  };
}

function actionItems(): PickItem<PublicKeyAction>[] {
  return [
    {
      value: 'copyPem',
      label: `$(copy) ${vscode.l10n.t('Copy Public Key (PEM)')}`,
      detail: vscode.l10n.t('For the admin: Users & Groups → the service account → paste the public key'),
    },
    { value: 'savePem', label: `$(save) ${vscode.l10n.t('Save Public Key As…')}` },
    {
      value: 'copyJwks',
      label: `$(json) ${vscode.l10n.t('Copy Public JWKS')}`,
      detail: vscode.l10n.t('For servers that register a JWK Set'),
    },
  ];
}

/** The public key left the editor (the walkthrough's step "hand the public key to your admin" is done). */
async function markShared(s: Services, name: string, what: string): Promise<void> {
  s.log.info(`${what} of "${name}"`);
  await vscode.commands.executeCommand('setContext', ContextKeys.publicKeyShared, true);
}

/** Offers the public key actions once; Escape simply ends (the key is already stored). */
export async function offerPublicKey(
  s: Services,
  name: string,
  info: Pick<StoredKeyInfo, 'description' | 'publicKeyPem' | 'thumbprint'> &
    Partial<Pick<StoredKeyInfo, 'certificates'>>,
  alg?: SigningAlg,
): Promise<void> {
  const certificate = info.certificates?.[0];
  const items = actionItems();
  if (certificate) items.push(await certificateItem(certificate));
  let action: PublicKeyAction;
  try {
    action = await pickOne(items, {
      title: vscode.l10n.t(
        'Public key of "{0}" ({1}, thumbprint {2}…)',
        name,
        info.description.label,
        info.thumbprint.slice(0, 8),
      ),
      placeholder: vscode.l10n.t('Choose what to do with the public key'),
    });
  } catch (e) {
    if (e instanceof Cancelled) return;
    throw e;
  }
  if (action === 'copyCertificate') {
    if (!certificate) return;
    await vscode.env.clipboard.writeText(certificate.toString());
    await markShared(s, name, 'copied the certificate (PEM)');
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Copied the certificate of "{0}" (PEM)', name), 5000);
    return;
  }
  await runPublicKeyAction(s, name, info, action, alg);
}

async function runPublicKeyAction(
  s: Services,
  name: string,
  info: Pick<StoredKeyInfo, 'publicKeyPem'>,
  action: Exclude<PublicKeyAction, 'copyCertificate'>,
  alg?: SigningAlg,
): Promise<void> {
  if (action === 'copyPem') {
    await vscode.env.clipboard.writeText(info.publicKeyPem);
    await markShared(s, name, 'copied the public key (PEM)');
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Copied the public key of "{0}" (PEM)', name), 5000);
    return;
  }
  if (action === 'copyJwks') {
    const jwks = await s.keys.publicJwks(name, alg);
    await vscode.env.clipboard.writeText(JSON.stringify(jwks, null, 2));
    await markShared(s, name, 'copied the public JWKS');
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Copied the public JWKS of "{0}"', name), 5000);
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}-public.pem`;
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Save Public Key As'),
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: { [vscode.l10n.t('PEM public key')]: ['pem'] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(info.publicKeyPem));
  await markShared(s, name, `saved the public key to ${target.toString(true)}`);
  vscode.window.setStatusBarMessage(
    vscode.l10n.t('$(check) Saved the public key to {0}', target.fsPath || target.toString(true)),
    5000,
  );
}
