/**
 * The input-box check for endpoint URLs: core's one URL rule ({@link checkUrl}, the rule saving and every request
 * apply), with its reasons in the user's language. core/urlPolicy loads no HTTP code, so typing stays cheap.
 */
import { checkUrl } from '../../core/urlPolicy';
import { formatTemplate, type Translate } from '../base/translate';

/** A problem with `text` as an endpoint URL, or `undefined` when it is acceptable. */
export function urlProblem(text: string, t: Translate = formatTemplate): string | undefined {
  const checked = checkUrl(text.trim());
  if (checked.ok) return undefined;
  switch (checked.problem) {
    case 'not_url':
      return t('Enter a full URL, such as https://login.example.com/token');
    case 'scheme':
      return t('Use an https:// URL');
    case 'credentials':
      return t('Remove the user name and password from the URL (user:password@)');
    case 'fragment':
      return t('Remove the #fragment from the URL');
    case 'insecure':
      return t('Use https:// (plain http is only allowed for localhost and 127.0.0.1)');
  }
}
