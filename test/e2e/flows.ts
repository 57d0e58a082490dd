// What a person does with Client Creds, step by step, through the workbench: the prompts are the extension's
// own (src/extension/commands), answered the way the README tells a user to answer them.
import assert from 'node:assert/strict';
import { countdownSeconds } from './fixtures';
import type { Workbench } from './workbench';

/** The status bar entry of the extension (contract: id 'clientCreds.status', text "$(key) <profile> m:ss"). */
export const STATUS_ID = 'clientCreds.status';

/** Full palette titles (category "Client Creds"). */
export const Command = {
  generateKeyPair: 'Client Creds: Generate Key Pair',
  importPrivateKey: 'Client Creds: Import Private Key',
  exportPublicKey: 'Client Creds: Export Public Key',
  newProfile: 'Client Creds: New Profile',
  editProfile: 'Client Creds: Edit Profile',
  selectProfile: 'Client Creds: Select Profile',
  fetchToken: 'Client Creds: Fetch Token',
  copyBearer: 'Client Creds: Copy Bearer Token',
  inspectClaims: 'Client Creds: Inspect Claims',
  decodeJwt: 'Client Creds: Decode JWT',
  showLog: 'Client Creds: Show Log',
} as const;

/** Polls the clipboard until it matches `pattern` (copies land asynchronously through the remote extension host). */
export async function clipboardMatching(wb: Workbench, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await wb.readClipboard();
    if (pattern.test(last)) return last;
    await wb.page.waitForTimeout(200);
  }
  throw new Error(`the clipboard never matched ${pattern}; it holds ${JSON.stringify(last.slice(0, 80))}`);
}

/** Generates a PS256 / RSA 2048 key; `keyName` answers the "no profile yet" question when it is asked. */
export async function generateKey(wb: Workbench, opts: { keyName?: string; copyPublicKey: boolean }): Promise<void> {
  await wb.runCommand(Command.generateKeyPair);
  await wb.pickQuickItem(/PS256 · RSA 2048-bit/);
  if (opts.keyName !== undefined) await wb.typeInInput(opts.keyName, { prompt: /No profile exists yet/ });
  // The public key actions come once the key is generated and stored.
  await wb.page
    .locator('.quick-input-widget .quick-input-title', { hasText: /Public key of/ })
    .waitFor({ timeout: 60_000 });
  if (opts.copyPublicKey) await wb.pickQuickItem('Copy Public Key (PEM)');
  else await wb.closeQuickInput();
}

/** New Profile with the Jack Henry preset, the token URL pointed at `tokenUrl` (a loopback server in tests). */
export async function newJackHenryProfile(
  wb: Workbench,
  opts: { name: string; clientId: string; tokenUrl: string; fromNotification?: boolean },
): Promise<void> {
  if (!opts.fromNotification) await wb.runCommand(Command.newProfile);
  await wb.page.locator('.quick-input-widget', { hasText: /New Profile \(1\/4\)/ }).waitFor();
  await wb.pickQuickItem(/Jack Henry/);
  await wb.typeInInput(opts.name, { prompt: /New Profile \(2\/4\)/ });
  await wb.typeInInput(opts.clientId, { prompt: /New Profile \(3\/4\)/ });
  // Jack Henry's hosts are offered with the token path filled in; a tester gives a full URL, as a user of a sandbox would.
  await wb.page.locator('.quick-input-widget', { hasText: /login\.jackhenry\.com/ }).waitFor();
  await wb.pickQuickItem(/Another host or URL/);
  await wb.typeInInput(opts.tokenUrl, { prompt: /the token URL becomes/ });
}

/** Makes `name` the active profile through Select Profile. */
export async function selectProfile(wb: Workbench, name: string): Promise<void> {
  await wb.runCommand(Command.selectProfile);
  await wb.pickQuickLabel(name);
}

/** Copy Bearer Token in its bare "Token" form; returns what landed on the clipboard. */
export async function copyBearerToken(wb: Workbench, previous?: string): Promise<string> {
  // Start from a known clipboard so that an old copy cannot pass for a new one.
  await wb.writeClipboard('before copy bearer');
  await wb.runCommand(Command.copyBearer);
  await wb.pickQuickLabel('Token');
  const token = await clipboardMatching(wb, /^eyJ/);
  if (previous !== undefined) assert.equal(token, previous);
  return token;
}

/** The countdown of the status bar entry, with the entry's text for messages. */
export async function statusCountdown(wb: Workbench): Promise<{ text: string; seconds: number }> {
  const text = await wb.statusBarText(STATUS_ID);
  const seconds = countdownSeconds(text);
  assert.ok(seconds !== undefined, `the status bar entry shows no m:ss countdown: ${JSON.stringify(text)}`);
  return { text, seconds };
}

/** Waits until the status bar entry's text matches (it follows profile changes asynchronously). */
export async function waitForStatus(wb: Workbench, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await wb.statusBarText(STATUS_ID);
    if (pattern.test(text)) return text;
    await wb.page.waitForTimeout(200);
  }
  throw new Error(`the status bar entry never matched ${pattern}; it shows ${JSON.stringify(text)}`);
}
