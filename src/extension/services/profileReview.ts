/**
 * What a profile sets, in words: the review step of New Profile (one line per setting, before anything is saved)
 * and the short summary under each preset in its quick pick. The assertion's `aud`, the unit of `exp`, the
 * algorithm and the scope are the choices servers disagree on, so each is always spelled out, never left implied.
 */
import type { Profile } from '../../core/profiles';
import { formatTemplate, type Translate } from '../base/translate';

/** The key a profile will sign with, as far as the review shows it. */
export interface ReviewKey {
  name: string;
  /** RFC 7638 thumbprint. */
  thumbprint: string;
  keyType: string;
}

/** One line per setting of `profile`, in the order a server's documentation would list them. */
export function reviewLines(profile: Profile, key: ReviewKey | undefined, t: Translate = formatTemplate): string[] {
  const lines = [t('Client ID (iss and sub): {0}', profile.clientId)];
  if (profile.tokenUrl !== undefined) lines.push(t('Token URL: {0}', profile.tokenUrl));
  if (profile.issuer !== undefined) {
    lines.push(
      profile.tokenUrl === undefined
        ? t('Issuer: {0} (the token URL is read from its /.well-known metadata)', profile.issuer)
        : t('Issuer: {0}', profile.issuer),
    );
  }
  lines.push(audienceLine(profile, t));
  lines.push(
    profile.expUnit === 'milliseconds'
      ? t('exp: in milliseconds since 1970, {0} s ahead (as Jack Henry documents it)', profile.lifetimeSeconds)
      : t('exp: in seconds since 1970 (RFC 7519 NumericDate), {0} s ahead', profile.lifetimeSeconds),
  );
  lines.push(t('Algorithm: {0}', profile.alg));
  lines.push(profile.scope === undefined ? t('Scope: none') : t('Scope: {0}', profile.scope));
  if (profile.kid !== undefined) lines.push(t('kid header: {0}', profile.kid));
  if (profile.typ) lines.push(t('typ header: client-authentication+jwt'));
  lines.push(profile.sendClientId ? t('client_id in the form: yes') : t('client_id in the form: no'));
  const extra = Object.entries(profile.extraParams ?? {});
  if (extra.length > 0) lines.push(t('Extra form parameters: {0}', extra.map(([k, v]) => `${k}=${v}`).join(', ')));
  if (profile.clockSkewSeconds !== undefined) lines.push(t('Clock skew: {0} s', String(profile.clockSkewSeconds)));
  if (profile.dpop) lines.push(t('DPoP-bound tokens (RFC 9449): on'));
  if (profile.clientJwksUri !== undefined) lines.push(t('Client JWKS URI: {0}', profile.clientJwksUri));
  lines.push(
    key === undefined
      ? t('Private key: none yet (generate or import one after saving)')
      : t('Private key: {0} ({1}, RFC 7638 thumbprint {2})', key.name, key.keyType, key.thumbprint),
  );
  return lines;
}

function audienceLine(profile: Profile, t: Translate): string {
  const audience = profile.audience;
  if (audience === 'token-endpoint') {
    return profile.tokenUrl === undefined
      ? t('aud: the token URL found by discovery')
      : t('aud: {0} (the token URL)', profile.tokenUrl);
  }
  if (audience === 'issuer') return t('aud: {0} (the issuer)', profile.issuer ?? '');
  return t('aud: {0}', audience.value);
}

/** The preset fields a summary reads. */
export type PresetDefaults = Pick<Profile, 'audience' | 'expUnit' | 'alg' | 'scope'>;

/**
 * A one-line summary of what a preset sets, short enough for a quick pick's detail line, e.g.
 * "aud = token URL · exp in milliseconds · PS256 · scope openid".
 */
export function presetSummary(defaults: PresetDefaults, t: Translate = formatTemplate): string {
  const audience = defaults.audience;
  const aud =
    audience === 'token-endpoint'
      ? t('aud = token URL')
      : audience === 'issuer'
        ? t('aud = issuer')
        : t('aud = {0}', audience.value);
  const exp = defaults.expUnit === 'milliseconds' ? t('exp in milliseconds') : t('exp in seconds');
  const scope = defaults.scope === undefined ? t('no scope') : t('scope {0}', defaults.scope);
  return [aud, exp, defaults.alg, scope].join(' · ');
}
