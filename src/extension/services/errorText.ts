/**
 * The text of an error as a user sees it in a notification: core's message and hint as sentences, through the log's
 * masking (a safety net: core's error text already holds no key, assertion or token). No runtime vscode import, so
 * the redaction tests can check exactly what a notification would show.
 */
import type { ClientCredsError } from '../../core/errors';
import type { Log } from './log';

function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** One line for `error`: "Message. Hint." masked by `log`. */
export function errorText(error: ClientCredsError, log: Log): string {
  return log.mask(error.hint ? `${sentence(error.message)} ${sentence(error.hint)}` : sentence(error.message));
}
