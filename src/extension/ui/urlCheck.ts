/**
 * The input-box check for endpoint URLs, the same rule as core `assertAllowedUrl` (https, or http only to
 * a loopback host) but without loading the HTTP client while the user types. Core validation still runs
 * when the profile is saved and before any request.
 */

import { formatTemplate, type Translate } from '../base/translate';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** A problem with `text` as an endpoint URL, or `undefined` when it is acceptable. */
export function urlProblem(text: string, t: Translate = formatTemplate): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return t('Enter a full URL, such as https://login.example.com/token');
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return undefined;
  if (url.protocol === 'http:') return t('Use https:// (plain http is only allowed for localhost and 127.0.0.1)');
  return t('Use an https:// URL');
}
