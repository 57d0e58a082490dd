/**
 * With only --client-id and --private-key, `client-assertion` does what Jack Henry's helper does (the jack-henry
 * preset), so old scripts keep working. Pointed at another server with --token-url and no --preset, that choice is a
 * silent trap (exp in milliseconds, no iat), so the CLI warns on stderr (even with --quiet) which preset it used and
 * what that implies.
 */
import { isJackHenryTokenUrl } from '../core/presets';
import type { Profile } from '../core/profiles';
import type { ParsedArgs } from './args';
import { stringFlag } from './args';

/**
 * The note for --issuer beside --token-url: the token URL is used as given (no discovery), and the issuer only as the
 * issuer identifier (the preset it implies, `--audience=issuer`). Undefined unless both are given.
 */
export function issuerAndTokenUrlNotice(args: ParsedArgs): string | undefined {
  if (stringFlag(args, 'issuer') === undefined || stringFlag(args, 'token-url') === undefined) return undefined;
  return 'note: both --issuer and --token-url given: --token-url is the token endpoint (no discovery); --issuer only names the issuer (generic preset, --audience=issuer)';
}

/**
 * The warning to print (it changes what is sent, so --quiet does not hide it), or undefined when none is due: a preset was chosen (--preset, or implied by --issuer or
 * --tenant), no --token-url was given, or it names a Jack Henry host. Lists only the Jack Henry conventions the flags
 * left in place.
 */
export function presetNotice(args: ParsedArgs, profile: Profile): string | undefined {
  if (['preset', 'issuer', 'tenant'].some((name) => stringFlag(args, name) !== undefined)) return undefined;
  const tokenUrl = stringFlag(args, 'token-url');
  if (tokenUrl === undefined || profile.preset !== 'jack-henry' || isJackHenryTokenUrl(tokenUrl)) return undefined;
  const kept: string[] = [];
  if (profile.expUnit === 'milliseconds') kept.push('exp in milliseconds and no iat');
  if (profile.scope === 'openid') kept.push('scope openid');
  if (!profile.sendClientId) kept.push('no client_id in the form');
  const implied = kept.length > 0 ? `: ${kept.join(', ')}` : '';
  return (
    `warning: no --preset given, so the jack-henry preset (what Jack Henry's helper sends) applies to this non-Jack Henry token URL${implied}. ` +
    'For another server add --preset=generic (exp in seconds with iat, client_id in the form).'
  );
}
