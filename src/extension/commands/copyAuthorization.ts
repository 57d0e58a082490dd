/**
 * Copy Authorization for a Request…: what Copy Bearer Token becomes for a DPoP-bound token (RFC 9449 §7.1). Asks for
 * the request's method and URL and copies `Authorization: DPoP …` with a fresh `DPoP` proof for exactly that request,
 * as two header lines or a curl line. The clipboard is cleared after `clientCreds.clipboardClearSeconds`.
 */
import * as vscode from 'vscode';
import { Cancelled } from '../base/cancellation';
import { authorizeRequest } from '../services/dpopAuthorization';
import { type DpopRequest, formatCurl, formatHeaderLines } from '../services/dpopHeaders';
import type { Services } from '../services/services';
import { askText, pickOne } from '../ui/prompts';
import { clipboardClearSeconds } from '../ui/settings';

const t = vscode.l10n.t;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Why `url` cannot be a proof's target, or `undefined` when it can (an absolute http(s) URL without user:password@). */
export function requestUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return t('Give the full request URL, such as https://api.example.com/v1/accounts');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return t('The URL must start with https://');
  if (parsed.username || parsed.password) return t('Remove user:password@ from the URL');
  return undefined;
}

async function askRequest(profile: string): Promise<DpopRequest> {
  const title = t('Copy Authorization for a Request ({0})', profile);
  const method = await pickOne(
    METHODS.map((m) => ({ value: m, label: m })),
    { title, placeholder: t('The HTTP method of the request') },
  );
  const url = await askText({
    title,
    prompt: t('The request URL (the proof binds method and URL; query and fragment are left out of it)'),
    placeHolder: 'https://api.example.com/v1/accounts',
    validateInput: (v) => (v.trim() === '' ? undefined : requestUrlProblem(v)),
  });
  // An empty answer (Enter on an empty box) ends the command like Escape.
  if (url === '' || requestUrlProblem(url) !== undefined) throw new Cancelled();
  return { method, url };
}

/** Copies the headers (or a curl line) for one request with the DPoP token of `profile`. */
export async function copyDpopAuthorization(s: Services, profile: string): Promise<void> {
  const request = await askRequest(profile);
  const format = await pickOne(
    [
      { value: 'headers' as const, label: t('Headers'), description: 'Authorization: DPoP … / DPoP: …' },
      { value: 'curl' as const, label: t('curl Command'), description: `curl --header 'Authorization: DPoP …' …` },
    ],
    { title: t('Copy Authorization for a Request'), placeholder: t('What to copy') },
  );
  const { headers } = await authorizeRequest(s, profile, request);
  s.log.addSecret(headers.DPoP);
  const text = format === 'curl' ? formatCurl(request, headers) : formatHeaderLines(headers);
  const seconds = clipboardClearSeconds();
  await s.clipboard.copy(text, seconds);
  s.log.info(`copied the DPoP ${format} for ${request.method} of the token of "${profile}" to the clipboard`);
  vscode.window.setStatusBarMessage(
    seconds > 0
      ? t('$(check) Copied (the clipboard clears in {0} s)', seconds)
      : t('$(check) Copied the DPoP authorization of "{0}"', profile),
    5000,
  );
}
