/**
 * Edit Profile: a quick pick of the profile's fields with their current values; each change is validated
 * with core `validateProfile` and saved at once, then the list comes back until Escape. A rename moves the
 * profile's key and token in SecretStorage too.
 */
import * as vscode from 'vscode';
import { SIGNING_ALGS, type SigningAlg } from '../../core/algorithms';
import type { ExpUnit } from '../../core/assertion';
import { isClientCredsError } from '../../core/errors';
import type { Profile } from '../../core/profiles';
import { Cancelled } from '../base/cancellation';
import type { CertificateSummary } from '../services/keyRegistry';
import { audienceToSetting, toStoredProfile } from '../services/profileSettings';
import type { Services } from '../services/services';
import { reportError } from '../ui/commandBoundary';
import { keyItem, keyUsers } from '../ui/keyPicker';
import { askText, confirmModal, type PickItem, pickOne, profileNameProblem } from '../ui/prompts';
import { editRequestField, type RequestField, requestFieldItems } from '../ui/requestFieldEdits';
import { urlProblem } from '../ui/urlCheck';
import { editX5t, x5tItem } from '../ui/x5tFieldEdit';
import { pickProfile } from './selectProfile';

type Field =
  | 'name'
  | 'clientId'
  | 'tokenUrl'
  | 'issuer'
  | 'scope'
  | 'audience'
  | 'expUnit'
  | 'lifetimeSeconds'
  | 'alg'
  | 'kid'
  | 'typ'
  | 'dpop'
  | 'clientJwksUri'
  | 'key'
  | 'x5t'
  | RequestField
  | 'delete';

const t = vscode.l10n.t;

function fieldItems(p: Profile, certificate: CertificateSummary | undefined): PickItem<Field>[] {
  const none = t('(not set)');
  return [
    { value: 'name', label: t('Name'), description: p.name },
    { value: 'key', label: t('Private key'), description: p.key ?? t('(none yet)') },
    { value: 'clientId', label: t('Client ID'), description: p.clientId },
    { value: 'tokenUrl', label: t('Token URL'), description: p.tokenUrl ?? t('(discovered from the issuer)') },
    { value: 'issuer', label: t('Issuer'), description: p.issuer ?? none },
    { value: 'scope', label: t('Scope'), description: p.scope ?? none },
    { value: 'audience', label: t('Audience (aud)'), description: audienceToSetting(p.audience) },
    { value: 'expUnit', label: t('Expiry unit of the assertion'), description: p.expUnit },
    { value: 'lifetimeSeconds', label: t('Assertion lifetime (seconds)'), description: String(p.lifetimeSeconds) },
    { value: 'alg', label: t('Signing algorithm'), description: p.alg },
    { value: 'kid', label: t('Key ID header (kid)'), description: p.kid ?? none },
    { value: 'typ', label: t('typ header client-authentication+jwt'), description: p.typ ? t('on') : t('off') },
    { value: 'dpop', label: t('DPoP-bound tokens (RFC 9449)'), description: p.dpop ? t('on') : t('off') },
    {
      value: 'clientJwksUri',
      label: t('Client JWKS URI (key rotation)'),
      description: p.clientJwksUri ?? none,
      detail: t('Where the client publishes its public keys; the assertion then names its key by thumbprint (kid)'),
    },
    x5tItem(p, certificate),
    ...requestFieldItems(p),
    { value: 'delete', label: `$(trash) ${t('Delete Profile…')}` },
  ];
}

/** Asks for the new value of `field`; `undefined` removes an optional field. */
async function editField(s: Services, p: Profile, field: Exclude<Field, 'delete'>): Promise<Profile> {
  const title = t('Edit Profile "{0}"', p.name);
  const optional = (v: string) => (v === '' ? undefined : v);
  switch (field) {
    case 'sendClientId':
    case 'extraParams':
    case 'clockSkewSeconds':
      return editRequestField(p, field, title);
    case 'x5t':
      return editX5t(p, title);
    case 'name': {
      const taken = s.profiles.names().filter((n) => n !== p.name);
      return {
        ...p,
        name: await askText({
          title,
          prompt: t('Name'),
          value: p.name,
          validateInput: (v) => profileNameProblem(v, taken),
        }),
      };
    }
    case 'clientId':
      return { ...p, clientId: await askText({ title, prompt: t('Client ID'), value: p.clientId }) };
    case 'tokenUrl': {
      const v = await askText({
        title,
        prompt: t('Token URL (empty: discover it from the issuer)'),
        value: p.tokenUrl ?? '',
        validateInput: (x) => (x.trim() === '' ? undefined : urlProblem(x, t)),
      });
      return { ...p, tokenUrl: optional(v) };
    }
    case 'issuer': {
      const v = await askText({
        title,
        prompt: t('Issuer URL (empty: none)'),
        value: p.issuer ?? '',
        validateInput: (x) => (x.trim() === '' ? undefined : urlProblem(x, t)),
      });
      return { ...p, issuer: optional(v) };
    }
    case 'clientJwksUri': {
      const v = await askText({
        title,
        prompt: t('Client JWKS URI, as registered with the server (empty: none)'),
        value: p.clientJwksUri ?? '',
        placeHolder: 'https://client.example.com/.well-known/jwks.json',
        validateInput: (x) => (x.trim() === '' ? undefined : urlProblem(x, t)),
      });
      return { ...p, clientJwksUri: optional(v) };
    }
    case 'scope':
      return {
        ...p,
        scope: optional(
          await askText({ title, prompt: t('Scope, space-separated (empty: none)'), value: p.scope ?? '' }),
        ),
      };
    case 'audience': {
      const current = audienceToSetting(p.audience);
      const choice = await pickOne<string>(
        [
          { value: 'token-endpoint', label: t('The token endpoint URL'), detail: t('What Jack Henry documents') },
          { value: 'issuer', label: t('The issuer identifier'), detail: t('What RFC 7523bis and FAPI 2.0 require') },
          { value: 'custom', label: t('Another value…') },
        ],
        {
          title,
          placeholder: t('Audience of the client assertion'),
          active: current === 'token-endpoint' || current === 'issuer' ? current : 'custom',
        },
      );
      if (choice !== 'custom') return { ...p, audience: choice as 'token-endpoint' | 'issuer' };
      const value = await askText({
        title,
        prompt: t('Audience value'),
        value: typeof p.audience === 'object' ? p.audience.value : '',
      });
      return { ...p, audience: { value } };
    }
    case 'expUnit': {
      const unit = await pickOne<ExpUnit>(
        [
          { value: 'seconds', label: t('Seconds'), detail: t('RFC 7519 NumericDate; most servers') },
          { value: 'milliseconds', label: t('Milliseconds'), detail: t("Jack Henry's documentation and helper") },
        ],
        { title, active: p.expUnit },
      );
      return { ...p, expUnit: unit };
    }
    case 'lifetimeSeconds': {
      const v = await askText({
        title,
        prompt: t('Assertion lifetime in seconds (1–300)'),
        value: String(p.lifetimeSeconds),
        validateInput: (x) =>
          /^\d+$/.test(x.trim()) && Number(x) >= 1 && Number(x) <= 300
            ? undefined
            : t('Enter a whole number from 1 to 300.'),
      });
      return { ...p, lifetimeSeconds: Number(v) };
    }
    case 'key': {
      const keys = s.keys.list();
      const none = '\u0000none';
      const users = await keyUsers(s);
      const chosen = await pickOne<string>(
        [
          ...keys.map((r) => keyItem(r, users.get(r.name) ?? [], false)),
          { value: none, label: `$(circle-slash) ${t('No key')}`, detail: t('Generate or import one later') },
        ],
        { title, placeholder: t('Which private key does this profile sign with?'), active: p.key ?? none },
      );
      if (chosen === none) return { ...p, key: undefined };
      return { ...p, key: chosen, alg: await s.keys.fittingAlg(chosen, p.alg) };
    }
    case 'alg': {
      const fits = p.key !== undefined ? (await s.keys.info(p.key)).description.algs : [...SIGNING_ALGS];
      const alg = await pickOne<SigningAlg>(
        SIGNING_ALGS.map((a) => ({
          value: a,
          label: a,
          description: fits.includes(a) ? undefined : t('does not fit the stored key'),
        })),
        { title, active: p.alg },
      );
      return { ...p, alg };
    }
    case 'kid': {
      const hasKey = p.key !== undefined && (await s.secrets.hasPrivateKey(p.key));
      const choice = await pickOne<'none' | 'thumbprint' | 'custom'>(
        [
          { value: 'none', label: t('No kid header') },
          ...(hasKey ? [{ value: 'thumbprint' as const, label: t("The key's RFC 7638 thumbprint") }] : []),
          { value: 'custom', label: t('Another value…') },
        ],
        { title, active: p.kid === undefined ? 'none' : 'custom' },
      );
      if (choice === 'none') return { ...p, kid: undefined };
      if (choice === 'thumbprint' && p.key !== undefined) return { ...p, kid: (await s.keys.info(p.key)).thumbprint };
      return { ...p, kid: await askText({ title, prompt: t('kid value'), value: p.kid ?? '' }) };
    }
    case 'typ': {
      const on = await pickOne<boolean>(
        [
          { value: false, label: t('Off'), detail: t('No typ header (what most servers expect today)') },
          { value: true, label: t('On'), detail: t('typ: client-authentication+jwt (RFC 7523bis)') },
        ],
        { title, active: p.typ === true },
      );
      return { ...p, typ: on };
    }
    case 'dpop': {
      const on = await pickOne<boolean>(
        [
          { value: false, label: t('Off'), detail: t('Bearer tokens') },
          {
            value: true,
            label: t('On'),
            detail: t('DPoP-bound tokens: an ES256 DPoP key is generated for the profile and kept in secret storage'),
          },
        ],
        { title, active: p.dpop === true },
      );
      return { ...p, dpop: on };
    }
  }
}

/** Saves an edited profile; on a rename the cached token moves first and moves back if the settings write fails. */
async function saveEdit(s: Services, before: Profile, after: Profile): Promise<Profile> {
  if (before.name === after.name) return s.profiles.save(after);
  await s.secrets.renameProfile(before.name, after.name);
  try {
    const saved = await s.profiles.save(after, before.name);
    await s.dpop.rename(before.name, after.name);
    return saved;
  } catch (e) {
    await s.secrets.renameProfile(after.name, before.name);
    throw e;
  }
}

/** The command handler. */
export function editProfile(s: Services) {
  return async (): Promise<void> => {
    const names = s.profiles.names();
    const name = names.length > 1 ? await pickProfile(s, t('Edit Profile')) : s.profiles.activeName();
    if (name === undefined) {
      void vscode.window.showInformationMessage(t('There is no profile yet. Create one with New Profile.'));
      return;
    }
    let profile = await s.profiles.get(name);
    // A profile saved before keys had names signs with the key of its own name: say so in its settings from now on.
    const keyName = s.keys.keyNameFor(profile);
    if (profile.key === undefined && keyName !== undefined) profile = { ...profile, key: keyName };
    for (;;) {
      let field: Field;
      try {
        const certificate = profile.key === undefined ? undefined : s.keys.get(profile.key)?.certificate;
        field = await pickOne(fieldItems(profile, certificate), {
          title: t('Edit Profile "{0}"', profile.name),
          placeholder: t('Choose a field to change (Escape when done)'),
        });
      } catch (e) {
        if (e instanceof Cancelled) return;
        throw e;
      }
      if (field === 'delete') {
        await confirmModal(
          t('Delete profile "{0}"?', profile.name),
          profile.key === undefined
            ? t("Its cached token is deleted from VS Code's secret storage too.")
            : t(
                'Its cached token is deleted too. Its private key "{0}" stays (Manage Keys deletes keys).',
                profile.key,
              ),
          t('Delete'),
        );
        await s.profiles.remove(profile.name);
        await s.tokens.forget(profile.name);
        await s.dpop.delete(profile.name);
        await s.active.refresh();
        s.log.info(`deleted profile "${profile.name}"`);
        return;
      }
      try {
        const edited = await editField(s, profile, field);
        if (JSON.stringify(toStoredProfile(edited)) === JSON.stringify(toStoredProfile(profile))) continue;
        profile = await saveEdit(s, profile, edited);
        await s.active.refresh();
        s.log.info(`profile "${profile.name}": changed ${field}`);
      } catch (e) {
        // A refused value is reported and the field list comes back; Escape in a field also returns to the list.
        if (!(e instanceof Cancelled) && !isClientCredsError(e)) throw e;
        if (isClientCredsError(e)) reportError(e, s.log, 'edit profile');
      }
    }
  };
}
