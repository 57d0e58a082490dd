/**
 * Edit Profile's questions for what the token request carries beside the assertion: client_id in the form, the extra
 * form parameters and the clock skew. Values are checked with core's rules (requestParams.ts, profiles.ts) while
 * typing, so a value the profile would refuse cannot be entered.
 */
import * as vscode from 'vscode';
import { isClientCredsError } from '../../core/errors';
import type { Profile } from '../../core/profiles';
import { formatExtraParams, parseExtraParams } from '../../core/requestParams';
import { askText, type PickItem, pickOne } from './prompts';

/** The fields these questions edit. */
export type RequestField = 'sendClientId' | 'extraParams' | 'clockSkewSeconds';

const t = vscode.l10n.t;

function problemOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (isClientCredsError(e)) return e.message;
    throw e;
  }
}

/** The Edit Profile list items of the request fields, with their current values. */
export function requestFieldItems(p: Profile): PickItem<RequestField>[] {
  return [
    { value: 'sendClientId', label: t('client_id in the form'), description: p.sendClientId ? t('on') : t('off') },
    {
      value: 'extraParams',
      label: t('Extra form parameters'),
      description: formatExtraParams(p.extraParams) || t('(none)'),
    },
    {
      value: 'clockSkewSeconds',
      label: t('Clock skew (seconds added to this clock for iat and exp)'),
      description: String(p.clockSkewSeconds ?? 0),
    },
  ];
}

/** Asks for the new value of `field`; resolves the edited profile, rejects with Cancelled on Escape. */
export async function editRequestField(p: Profile, field: RequestField, title: string): Promise<Profile> {
  switch (field) {
    case 'sendClientId': {
      const on = await pickOne<boolean>(
        [
          {
            value: true,
            label: t('On'),
            detail: t('Send client_id beside the assertion (Spring Authorization Server needs it)'),
          },
          {
            value: false,
            label: t('Off'),
            detail: t("Only the assertion names the client (what Jack Henry's helper sends)"),
          },
        ],
        { title, active: p.sendClientId === true },
      );
      return { ...p, sendClientId: on };
    }
    case 'extraParams': {
      // A value with spaces (written in settings.json) has no NAME=VALUE form: left as it is unless the text changes.
      const initial = formatExtraParams(p.extraParams);
      const text = await askText({
        title,
        prompt: t(
          'NAME=VALUE pairs separated by spaces, e.g. audience=https://api.example.com (empty: none; a value with spaces goes in settings.json)',
        ),
        value: initial,
        validateInput: (v) => (v === initial ? undefined : problemOf(() => parseExtraParams(v))),
      });
      return text === initial ? p : { ...p, extraParams: parseExtraParams(text) };
    }
    case 'clockSkewSeconds': {
      // Loaded on use: profile validation is not part of activation.
      const { parseClockSkew } = await import('../../core/profiles');
      const text = await askText({
        title,
        prompt: t('Seconds to add to this clock for iat and exp (negative when it is ahead of the server)'),
        value: String(p.clockSkewSeconds ?? 0),
        validateInput: (v) => problemOf(() => parseClockSkew(v)),
      });
      const skew = parseClockSkew(text);
      return { ...p, clockSkewSeconds: skew === 0 ? undefined : skew };
    }
  }
}
