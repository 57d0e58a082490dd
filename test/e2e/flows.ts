// What a person does with Client Creds, step by step, through the workbench: the prompts are the extension's
// own (src/extension/commands), answered the way the README tells a user to answer them.
import assert from 'node:assert/strict';
import { countdownSeconds } from './fixtures';
import { escapeRegExp, type Workbench } from './workbench';

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
  backUpPrivateKey: 'Client Creds: Back Up Private Key',
  manageKeys: 'Client Creds: Manage Keys',
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

/** Answers the key name box: types `keyName`, or keeps the suggested name (the algorithm and the date). */
export async function nameKey(wb: Workbench, keyName?: string): Promise<string> {
  await wb.page.locator('.quick-input-widget', { hasText: /Key name/ }).waitFor({ state: 'visible' });
  const suggested = await wb.quickInputBox().inputValue();
  assert.match(suggested, /^[a-z0-9]+-\d{4}-\d\d-\d\d(-\d+)?$/, `the suggested key name: ${suggested}`);
  await wb.typeInInput(keyName ?? suggested, { prompt: /Key name/ });
  return keyName ?? suggested;
}

/**
 * Generates a PS256 / RSA 2048 key named `keyName` (default: the suggested name) and copies its public key or
 * closes the public key actions; returns the key's name.
 */
export async function generateKey(wb: Workbench, opts: { keyName?: string; copyPublicKey: boolean }): Promise<string> {
  await wb.runCommand(Command.generateKeyPair);
  return generateKeyFromPick(wb, opts);
}

/** Generate Key Pair from its algorithm pick on (the command already runs). */
export async function generateKeyFromPick(
  wb: Workbench,
  opts: { keyName?: string; copyPublicKey: boolean },
): Promise<string> {
  await wb.pickQuickItem(/PS256 · RSA 2048-bit/);
  const name = await nameKey(wb, opts.keyName);
  // The public key actions come once the key is generated and stored.
  await wb.page
    .locator('.quick-input-widget .quick-input-title', { hasText: /Public key of/ })
    .waitFor({ timeout: 60_000 });
  if (opts.copyPublicKey) await wb.pickQuickItem('Copy Public Key (PEM)');
  else await wb.closeQuickInput();
  return name;
}

/** The offer right after a key is made: "Back Up Now" or "Later"; returns the offer's text. */
export async function answerBackupOffer(
  wb: Workbench,
  keyName: string,
  answer: 'Back Up Now' | 'Later',
): Promise<string> {
  const offer = await wb.waitForNotification(
    new RegExp(`private key "${escapeRegExp(keyName)}" is in VS Code's secret storage and nowhere else`),
  );
  const text = (await offer.locator('.notification-list-item-message').textContent()) ?? '';
  await wb.clickNotificationAction(answer, offer);
  return text;
}

/** Back Up Private Key from its passphrase prompt on: the passphrase twice, then the file. */
export async function backUpFromPrompt(
  wb: Workbench,
  opts: { keyName: string; passphrase: string; file: string },
): Promise<void> {
  await wb.typeInInput(opts.passphrase, { password: true, prompt: /Passphrase for the backup of/ });
  await wb.typeInInput(opts.passphrase, { password: true, prompt: /Enter the passphrase again/ });
  await wb.saveFileInDialog(opts.file);
  await wb.waitForNotification(new RegExp(`Backed up "${escapeRegExp(opts.keyName)}" to`), 60_000);
}

/** The review step of New Profile: checks that the dialog spells out each of `expect`, then saves. */
export async function reviewAndSave(wb: Workbench, name: string, expect: (string | RegExp)[] = []): Promise<string> {
  const dialog = await wb.modalDialog(new RegExp(`save the profile "${escapeRegExp(name)}"`));
  for (const line of expect) {
    if (typeof line === 'string')
      assert.ok(dialog.detail.includes(line), `the review lacks ${line}:\n${dialog.detail}`);
    else assert.match(dialog.detail, line);
  }
  await wb.clickDialogButton('Save Profile');
  return dialog.detail;
}

/** The key step of New Profile: the key named `key`, or "No key yet" for `null`. */
export async function pickProfileKey(wb: Workbench, key: string | null): Promise<void> {
  // Its question is the box's placeholder, which no text search sees; the rows are the keys and "No key yet".
  await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'No key yet' }).waitFor();
  assert.equal(await wb.quickInputBox().getAttribute('placeholder'), 'Which private key does this profile sign with?');
  if (key === null) await wb.pickQuickItem('No key yet');
  else await wb.pickQuickLabel(key);
}

/**
 * New Profile with the Jack Henry preset, the token URL pointed at `tokenUrl` (a loopback server in tests), the key
 * `key` (`null`: "No key yet"), saved after the review shows what the preset sends.
 */
export async function newJackHenryProfile(
  wb: Workbench,
  opts: { name: string; clientId: string; tokenUrl: string; key: string | null; fromNotification?: boolean },
): Promise<void> {
  if (!opts.fromNotification) await wb.runCommand(Command.newProfile);
  await wb.page.locator('.quick-input-widget', { hasText: /New Profile \(1\/\d\)/ }).waitFor();
  await wb.pickQuickItem(/Jack Henry/);
  await wb.typeInInput(opts.name, { prompt: /New Profile \(2\/\d\)/ });
  await wb.typeInInput(opts.clientId, { prompt: /New Profile \(3\/\d\)/ });
  // Jack Henry's hosts are offered with the token path filled in; a tester gives a full URL, as a user of a sandbox would.
  await wb.page.locator('.quick-input-widget', { hasText: /login\.jackhenry\.com/ }).waitFor();
  await wb.pickQuickItem(/Another host or URL/);
  await wb.typeInInput(opts.tokenUrl, { prompt: /the token URL becomes/ });
  await pickProfileKey(wb, opts.key);
  await reviewAndSave(wb, opts.name, [
    `aud: ${opts.tokenUrl} (the token URL)`,
    /exp: in milliseconds/,
    'Algorithm: PS256',
    'Scope: openid',
    opts.key === null ? 'Private key: none yet' : `Private key: ${opts.key} (`,
  ]);
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
