// Keys you cannot lose, and the first run, in a real VS Code (code-server) in Chromium against the loopback
// authorization server. A fresh editor at 1400x900: the walkthrough's pages show beside its steps and fit; a newcomer
// goes from nothing to a token with a plain token URL (key, backup, public key, profile, token) and every step of the
// walkthrough ticks. Then the same folder in a second tab: a key stored in one tab is lost when the tab opened
// before it stores a key, and that loss is reported by name and RFC 7638 thumbprint and undone from the backup file
// through Import Private Key.
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { calculateJwkThumbprint, decodeJwt, type JWK } from 'jose';
import { importPrivateKey } from '../../src/core/keyImport';
import { type AuthServer, jwksFromPublicKeyPem, startAuthServer } from '../support/authServer';
import { findVsix, makeWorkspace, verifyIssuedToken } from './fixtures';
import {
  answerBackupOffer,
  backUpFromPrompt,
  Command,
  clipboardMatching,
  copyBearerToken,
  generateKey,
  nameKey,
  pickProfileKey,
  reviewAndSave,
  statusCountdown,
} from './flows';
import { type E2eRun, type EditorWindow, startRun } from './harness';
import { openWalkthrough, walkthroughPage, walkthroughSteps } from './walkthrough';
import { escapeRegExp } from './workbench';

const repoRoot = new URL('../..', import.meta.url).pathname;
/** Two tabs mean two extension hosts and two key generations: generous on a busy two-core machine. */
const CASE_TIMEOUT = 480_000;
const WALKTHROUGH = 'Get a token with Client Creds';
/** The walkthrough's steps in order, with the first heading of each one's page. */
const STEPS: [id: string, heading: string][] = [
  ['generateKey', 'Generate a key pair'],
  ['backUpKey', 'Back up the private key'],
  ['registerPublicKey', 'Hand over the public key'],
  ['createProfile', 'Create the profile'],
  ['fetchToken', 'Fetch a token'],
];
const FIRST = { name: 'first', clientId: 'e2e-first-run-client' };
const PASSPHRASE = 'maple orbit lantern velvet';

/** RFC 7638 thumbprint of a public key PEM (computed here with jose, not with the extension's code). */
function thumbprintOf(publicPem: string): Promise<string> {
  return calculateJwkThumbprint(createPublicKey(publicPem).export({ format: 'jwk' }) as JWK, 'sha256');
}

describe('keys and the first run in a real VS Code', { timeout: 30 * 60_000 }, () => {
  let run: E2eRun;
  let auth: AuthServer;
  let first: EditorWindow;
  let workspace: string;
  let backups: string;

  before(
    async () => {
      const built = findVsix(repoRoot);
      auth = await startAuthServer();
      run = await startRun();
      const vsix = join(run.runDir, basename(built));
      copyFileSync(built, vsix);
      workspace = makeWorkspace(join(run.runDir, 'first-run-workspace'), { 'README.md': '# first run\n' });
      backups = join(run.runDir, 'backups');
      mkdirSync(backups);
      first = await run.openEditor({
        name: 'first-run',
        trust: false,
        folder: workspace,
        vsix,
        viewport: { width: 1400, height: 900 },
      });
    },
    { timeout: 15 * 60_000 },
  );

  after(async () => {
    await run?.close();
    await auth?.close();
  });

  test(
    '1. first run: key, backup, public key, a profile with a plain token URL, a token; every walkthrough step ticks',
    { timeout: CASE_TIMEOUT },
    () =>
      run.runCase(first, '11-first-run', async () => {
        const wb = first.workbench;
        await openWalkthrough(wb, WALKTHROUGH);
        const start = await walkthroughSteps(wb);
        assert.deepEqual(
          start.map((s) => s.id),
          STEPS.map(([id]) => id),
        );
        assert.ok(
          start.every((s) => !s.done),
          `steps done before anything happened: ${JSON.stringify(start)}`,
        );
        // At 1400x900 each page shows beside the steps, and fits there without scrolling.
        for (const [id, heading] of STEPS) {
          const page = await walkthroughPage(wb, id, heading);
          assert.ok(page.mediaWidth > 300, `the page of ${id} is ${page.mediaWidth} px wide`);
          assert.equal(page.overflowPx, 0, `the page of ${id} is ${page.overflowPx} px taller than its space`);
        }
        await walkthroughPage(wb, 'generateKey', 'Generate a key pair');
        await run.screenshot(first, 'walkthrough-1400x900');

        // The key: named after its algorithm and the date; its public key copied from inside Generate Key Pair.
        await wb.writeClipboard('nothing copied yet');
        const keyName = await generateKey(wb, { copyPublicKey: true });
        const publicPem = await clipboardMatching(wb, /^-----BEGIN PUBLIC KEY-----/);
        const thumbprint = await thumbprintOf(publicPem);

        // "Back Up Now": in a browser-hosted editor the offer says why, once.
        const offer = await answerBackupOffer(wb, keyName, 'Back Up Now');
        assert.match(offer, /runs in a browser, each window keeps its own copy of the secret storage/);
        await wb.page.locator('.quick-input-widget', { hasText: /Passphrase for the backup of/ }).waitFor();
        await wb.quickInputBox().fill('too short');
        await wb.page
          .locator('.quick-input-widget .quick-input-message', { hasText: /Use at least 12 characters/ })
          .waitFor();
        await wb.quickInputBox().fill('');
        const file = join(backups, `${keyName}.pem`);
        await backUpFromPrompt(wb, { keyName, passphrase: PASSPHRASE, file });
        const backup = readFileSync(file, 'utf8');
        assert.match(backup, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
        assert.equal(
          await thumbprintOf(
            createPublicKey(importPrivateKey(backup, { passphrase: PASSPHRASE })).export({
              type: 'spki',
              format: 'pem',
            }) as string,
          ),
          thumbprint,
          'the backup holds another key',
        );

        // The admin registers the public key; then the profile, with a plain token URL.
        await auth.registerClient({ clientId: FIRST.clientId, jwks: jwksFromPublicKeyPem(publicPem) });
        const next = await wb.waitForNotification(
          new RegExp(`Next: give the public key of "${escapeRegExp(keyName)}"`),
        );
        await wb.clickNotificationAction('New Profile', next);
        await wb.page.locator('.quick-input-widget', { hasText: /New Profile \(1\/\d\)/ }).waitFor();
        // Short descriptions; what each preset sets is on its own detail line, not cut off.
        const generic = wb.page
          .locator('.quick-input-widget .monaco-list-row', { hasText: /Any OAuth 2.0 \/ OpenID Connect server/ })
          .first();
        assert.match((await generic.textContent()) ?? '', /aud = token URL · exp in seconds · PS256/);
        await generic.click();
        await wb.page.locator('.quick-input-widget', { hasText: /New Profile \(2\/\d\)/ }).waitFor();
        assert.equal(await wb.quickInputBox().getAttribute('placeholder'), 'Token URL or issuer?');
        await wb.pickQuickItem('A token URL');
        await wb.typeInInput(FIRST.name, { prompt: /Profile name/ });
        await wb.typeInInput(FIRST.clientId, { prompt: /Client ID/ });
        await wb.typeInInput(auth.tokenUrl, { prompt: /Token URL \(the assertion's audience\)/ });
        await pickProfileKey(wb, keyName);
        await reviewAndSave(wb, FIRST.name, [
          `aud: ${auth.tokenUrl} (the token URL)`,
          /exp: in seconds since 1970 \(RFC 7519 NumericDate\), 60 s ahead/,
          'Algorithm: PS256',
          'Scope: none',
          `Private key: ${keyName} (RSA 2048-bit, RFC 7638 thumbprint ${thumbprint})`,
        ]);
        const saved = await wb.waitForNotification(/Profile "first" saved and active\./);
        await wb.clickNotificationAction('Fetch Token', saved);
        await wb.waitForNotification(/^Token for first /);
        assert.equal(auth.failures.length, 0, `the server refused: ${JSON.stringify(auth.failures)}`);
        const body = auth.requests.filter((r) => r.body?.includes('client_assertion=')).at(-1)?.body ?? '';
        const assertion = decodeJwt(new URLSearchParams(body).get('client_assertion') ?? '');
        assert.equal(assertion.aud, auth.tokenUrl, 'aud is not the token URL');
        assert.ok((assertion.exp ?? 0) < 1e11, `exp is not in seconds: ${assertion.exp}`);
        assert.ok((await statusCountdown(wb)).seconds > 0);
        const claims = await verifyIssuedToken(await copyBearerToken(wb), auth.jwksUrl, auth.issuer);
        assert.equal(claims.client_id, FIRST.clientId);

        // Every step of the walkthrough ticked on what really happened.
        const deadline = Date.now() + 20_000;
        let steps = await walkthroughSteps(wb);
        while (steps.some((s) => !s.done) && Date.now() < deadline) {
          await wb.page.waitForTimeout(500);
          steps = await walkthroughSteps(wb);
        }
        assert.deepEqual(
          steps.filter((s) => !s.done).map((s) => s.id),
          [],
          'walkthrough steps left unticked',
        );
      }),
  );

  test('2. two tabs: a key lost between browser windows is reported by name and thumbprint and restored from its backup', {
    timeout: CASE_TIMEOUT,
  }, async () => {
    // "B" is the tab opened first (case 1's); "A" opens the same folder after it.
    const tabB = first;
    await tabB.workbench.closeQuickInput();
    const tabA = await run.openTab(first, workspace);
    await tabA.workbench.page.bringToFront();
    await run.runCase(tabA, '12-two-tabs', async () => {
      const wa = tabA.workbench;
      const wbB = tabB.workbench;
      // A new tab starts its own extension host; on a busy machine that takes a while.
      await wa.showPalette('Client Creds', Command.generateKeyPair, 120_000);
      await wa.writeClipboard('nothing copied yet');
      await generateKey(wa, { keyName: 'tab-a', copyPublicKey: true });
      const publicA = await clipboardMatching(wa, /^-----BEGIN PUBLIC KEY-----/);
      const thumbprintA = await thumbprintOf(publicA);
      await answerBackupOffer(wa, 'tab-a', 'Back Up Now');
      const file = join(backups, 'tab-a.pem');
      await backUpFromPrompt(wa, { keyName: 'tab-a', passphrase: PASSPHRASE, file });

      // B still has the copy of the secrets it read when it opened. Storing a key there would write it back
      // without "tab-a": B says so first; the user goes on anyway, and that loses the key in the browser.
      await wbB.page.bringToFront();
      await wbB.runCommand(Command.generateKeyPair);
      await wbB.pickQuickItem(/PS256 · RSA 2048-bit/);
      await nameKey(wbB, 'tab-b');
      const warning = await wbB.modalDialog(/Storing a key now would erase "tab-a"/);
      assert.match(warning.detail, /cannot see it/);
      await wbB.clickDialogButton('Store Anyway');
      await wbB.page
        .locator('.quick-input-widget .quick-input-title', { hasText: /Public key of "tab-b"/ })
        .waitFor({ timeout: 60_000 });
      await wbB.closeQuickInput();
      await answerBackupOffer(wbB, 'tab-b', 'Later');

      // A reloads: its key is gone from the browser's secret storage, and it is reported by name and thumbprint.
      await wa.page.bringToFront();
      await wa.reloadWindow();
      const lost = await wa.waitForNotification(
        /The private key "tab-a" .* is missing from VS Code's secret storage/,
        120_000,
      );
      const message = (await lost.locator('.notification-list-item-message').textContent()) ?? '';
      assert.ok(message.includes(`RFC 7638 thumbprint ${thumbprintA}`), `no thumbprint in: ${message}`);
      assert.match(message, /restore its backup file.*import the original key file.*generate a new key/);
      await run.screenshot(tabA, 'lost-key-reported');

      // Restored from the backup file through Import Private Key: the same key, under the same name.
      await wa.clickNotificationAction('Restore from Backup…', lost);
      await wa.chooseFileInDialog(file);
      await wa.page.locator('.quick-input-widget', { hasText: /encrypted\. Enter its passphrase/ }).waitFor();
      await wa.typeInInput(PASSPHRASE, { password: true });
      await wa.waitForNotification(
        new RegExp(`Restored the private key "tab-a" \\(RFC 7638 thumbprint ${escapeRegExp(thumbprintA)}\\)`),
      );
      await wa.writeClipboard('before export');
      await wa.runCommand(Command.exportPublicKey);
      await wa.pickQuickLabel('tab-a');
      await wa.pickQuickItem('Copy Public Key (PEM)');
      assert.equal(await clipboardMatching(wa, /^-----BEGIN PUBLIC KEY-----/), publicA, 'another key came back');
    });
  });
});
