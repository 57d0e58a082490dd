/**
 * The New Profile questions that belong to a preset: which Jack Henry host (login.jackhenry.com, banno.com, or an
 * institution's own) with the token path filled in, and Microsoft Entra ID's tenant and scope. Presets without
 * questions of their own leave the endpoint question to New Profile.
 */
import * as vscode from 'vscode';
import {
  ENTRA_HOST,
  entraTokenUrl,
  JACK_HENRY_HOSTS,
  JACK_HENRY_TOKEN_PATH,
  jackHenryTokenUrl,
  PRESETS,
  type PresetId,
} from '../../core/presets';
import type { Profile } from '../../core/profiles';
import { entraScopeProblem, entraTenantProblem, jackHenryEndpoint, jackHenryEndpointProblem } from './presetChecks';
import { askText, pickOne } from './prompts';

const t = vscode.l10n.t;

const PRESET_LABELS: Record<PresetId, string> = {
  'jack-henry': 'Jack Henry (Banno)',
  generic: 'Any OAuth 2.0 / OpenID Connect server',
  'issuer-audience': 'OAuth 2.0 with the issuer as audience (rfc7523bis, FAPI 2.0)',
  'entra-id': 'Microsoft Entra ID',
};

/** A preset's name in New Profile's list (what it sets goes on the detail line). */
export function presetLabel(id: PresetId): string {
  return t(PRESET_LABELS[id]);
}

async function askJackHenryTokenUrl(title: string): Promise<string> {
  const custom = '';
  const host = await pickOne<string>(
    [
      {
        value: JACK_HENRY_HOSTS[0],
        label: JACK_HENRY_HOSTS[0],
        detail: t("Jack Henry's token endpoint, as its helper uses it"),
      },
      {
        value: JACK_HENRY_HOSTS[1],
        label: JACK_HENRY_HOSTS[1],
        detail: t("The host Jack Henry's Admin API pages still show"),
      },
      {
        value: custom,
        label: t('Another host or URL…'),
        detail: t("An institution's own Jack Henry host, or a full token URL (a sandbox)"),
      },
    ],
    { title, placeholder: t('Which Jack Henry host? The path {0} is filled in.', JACK_HENRY_TOKEN_PATH) },
  );
  if (host !== custom) return jackHenryTokenUrl(host);
  const typed = await askText({
    title,
    prompt: t('A host name (the token URL becomes https://HOST{0}) or a full token URL', JACK_HENRY_TOKEN_PATH),
    placeHolder: 'digital.example-bank.com',
    validateInput: (v) => jackHenryEndpointProblem(v, t),
  });
  return jackHenryEndpoint(typed);
}

async function askEntraFields(title: string): Promise<Pick<Profile, 'tokenUrl' | 'scope'>> {
  const tenant = await askText({
    title,
    prompt: t(
      'Directory (tenant) ID or domain; the token URL becomes https://{0}/TENANT/oauth2/v2.0/token',
      ENTRA_HOST,
    ),
    placeHolder: '00000000-0000-0000-0000-000000000000',
    validateInput: (v) => entraTenantProblem(v, t),
  });
  const scope = await askText({
    title,
    prompt: t('Scope: the resource followed by /.default'),
    value: PRESETS['entra-id'].rules?.scope?.example ?? '',
    validateInput: (v) => entraScopeProblem(v, t),
  });
  return { tokenUrl: entraTokenUrl(tenant), scope };
}

/**
 * Asks the questions of `preset` and resolves the profile fields they give (the token URL; for Entra ID the scope
 * too), or undefined for a preset without questions of its own. Rejects with Cancelled on Escape.
 */
export async function askPresetFields(preset: PresetId, title: string): Promise<Partial<Profile> | undefined> {
  if (preset === 'jack-henry') return { tokenUrl: await askJackHenryTokenUrl(title) };
  if (preset === 'entra-id') return askEntraFields(title);
  return undefined;
}
