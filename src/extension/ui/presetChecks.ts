/**
 * The input-box checks of the preset questions (Jack Henry host, Microsoft Entra ID tenant and scope): core's rules
 * (presets.ts, presetRules.ts), with the reasons in the user's language. No runtime vscode import, so they are
 * testable and cheap to run on every keystroke.
 */
import { isClientCredsError } from '../../core/errors';
import { entraTokenUrl, jackHenryTokenUrl, PRESETS } from '../../core/presets';
import { formatTemplate, type Translate } from '../base/translate';
import { urlProblem } from './urlCheck';

function refused(fn: () => unknown): boolean {
  try {
    fn();
    return false;
  } catch (e) {
    if (isClientCredsError(e)) return true;
    throw e;
  }
}

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The token URL for what was typed at the Jack Henry host question: a host name gets Jack Henry's token path, a full
 * URL (a sandbox, a loopback test server) is taken as it is. Throws core's ConfigError for anything else.
 */
export function jackHenryEndpoint(text: string): string {
  const value = text.trim();
  return HAS_SCHEME.test(value) ? value : jackHenryTokenUrl(value);
}

/** A problem with `text` as a Jack Henry host name or token URL, or `undefined` when it is one. */
export function jackHenryEndpointProblem(text: string, t: Translate = formatTemplate): string | undefined {
  const value = text.trim();
  if (HAS_SCHEME.test(value)) return urlProblem(value, t);
  return refused(() => jackHenryTokenUrl(value))
    ? t('Enter a host name such as login.jackhenry.com, or a full token URL.')
    : undefined;
}

/** A problem with `text` as a Microsoft Entra ID tenant, or `undefined` when it is a tenant id or domain. */
export function entraTenantProblem(text: string, t: Translate = formatTemplate): string | undefined {
  const value = text.trim().toLowerCase();
  if (['common', 'organizations', 'consumers'].includes(value)) {
    return t('"{0}" is not a tenant: the client credentials grant needs your directory (tenant) id.', value);
  }
  return refused(() => entraTokenUrl(text))
    ? t('Enter the Directory (tenant) ID, a GUID, or a domain such as contoso.onmicrosoft.com.')
    : undefined;
}

/** A problem with `text` as an Entra ID client credentials scope (each value ends in /.default), or `undefined`. */
export function entraScopeProblem(text: string, t: Translate = formatTemplate): string | undefined {
  const rule = PRESETS['entra-id'].rules?.scope;
  const values = text.split(/\s+/).filter((v) => v !== '');
  if (!rule) return undefined;
  if (values.length === 0 || values.some((v) => !v.endsWith(rule.suffix ?? ''))) {
    return t('The client credentials grant takes RESOURCE/.default, such as {0}.', rule.example);
  }
  return undefined;
}
