// Drives the VS Code workbench the way a person does: the command palette, quick picks, input boxes,
// notification toasts, the status bar and webviews. Selectors are the workbench's own DOM classes.
import type { FrameLocator, Locator, Page } from 'playwright-core';

const QUICK_INPUT = '.quick-input-widget';
const TOAST = '.notifications-toasts .notification-toast';
const MODAL = '.monaco-dialog-box';

/** Escapes text for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The workbench page of one code-server window. */
export class Workbench {
  constructor(readonly page: Page) {}

  /** Opens the workbench URL and waits until the status bar shows; refuses a page that never renders the workbench. */
  async open(url: string): Promise<void> {
    // The first load compiles the whole workbench: on a busy two-core machine that can take longer than Playwright's 30 s.
    await this.page.goto(url, { timeout: 120_000 });
    await this.waitReady();
  }

  /** Waits for the workbench chrome after a load or reload. */
  async waitReady(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await this.page.locator('#workbench\\.parts\\.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    // The explorer shows once the remote file system answered, i.e. the server side is connected.
    await this.page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 });
  }

  /** Runs "Developer: Reload Window" and waits for the new page (not the old one's leftovers) to be ready. */
  async reloadWindow(): Promise<void> {
    const reloaded = this.page.waitForEvent('load', { timeout: 60_000 });
    await this.runCommand('Developer: Reload Window');
    await reloaded;
    await this.waitReady();
  }

  /** Opens the command palette and runs the command whose full title ("Category: Title") matches exactly. */
  async runCommand(title: string): Promise<void> {
    const titles = await this.showPalette(title, title);
    if (!titles.includes(title))
      throw new Error(`"${title}" is not in the command palette; it lists: ${titles.join(' | ')}`);
    await this.labelledRow(title).click();
  }

  /** The row of the open quick input whose label is exactly `label` (codicons aside). */
  private labelledRow(label: string): Locator {
    return this.page
      .locator(`${QUICK_INPUT} .monaco-list-row`)
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
      .first();
  }

  /** Clicks the quick pick row whose label is exactly `label` (a description or detail may follow it). */
  async pickQuickLabel(label: string): Promise<void> {
    const row = this.labelledRow(label);
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await this.clearHover();
    await row.click();
  }

  /**
   * Moves the pointer off the workbench's content: where an earlier click left it, a row or toast may show a hover
   * (the full text of a long line) that covers what is clicked next.
   */
  private async clearHover(): Promise<void> {
    await this.page.mouse.move(1, 1);
    await this.page
      .locator('.context-view .hover-contents, .context-view .monaco-hover')
      .first()
      .waitFor({ state: 'hidden', timeout: 5_000 })
      .catch(() => undefined);
  }

  /**
   * Opens the palette filtered by `text` and leaves it open (for screenshots and listing commands). With `expect`,
   * retypes the filter until that title is listed: contributed commands appear only once the extension host has
   * registered them, and an open palette does not refresh by itself.
   */
  async showPalette(text: string, expect?: string, timeoutMs = 30_000): Promise<string[]> {
    await this.closeQuickInput();
    const rows = this.page.locator(`${QUICK_INPUT} .monaco-list-row .label-name`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.openPalette();
      try {
        await this.quickInputBox().fill(`>${text}`, { timeout: 5_000 });
        await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
      } catch (err) {
        // Something took the focus and closed the palette (a webview that finished loading): open it again.
        if (Date.now() > deadline) throw err;
        continue;
      }
      const titles = await rows.allTextContents();
      if (expect === undefined || titles.includes(expect) || Date.now() > deadline) return titles;
      // The palette may have been closed meanwhile (the same webview focus as above): the next round reopens it.
      await this.quickInputBox()
        .fill('>', { timeout: 5_000 })
        .catch(() => undefined);
      await this.page.waitForTimeout(500);
    }
  }

  /**
   * Opens the command palette unless a quick input is open. When the keys reach a webview that keeps them (a
   * walkthrough page restored with the window), the explorer's empty space takes the focus first.
   */
  private async openPalette(): Promise<void> {
    for (let attempt = 1; !(await this.quickInputBox().isVisible()); attempt++) {
      if (attempt > 1) {
        const box = await this.page.locator('#workbench\\.parts\\.sidebar').boundingBox();
        if (box) await this.page.mouse.click(box.x + box.width / 2, box.y + box.height - 120);
      }
      await this.page.keyboard.press('Control+Shift+P');
      const opened = await this.quickInputBox()
        .waitFor({ state: 'visible', timeout: 3_000 })
        .then(() => true)
        .catch(() => false);
      if (!opened && attempt === 5) throw new Error('the command palette does not open');
    }
  }

  /** The text box of the open quick input (palette, quick pick or input box). */
  quickInputBox(): Locator {
    return this.page.locator(`${QUICK_INPUT} .quick-input-box input`);
  }

  /** Clicks the quick pick row whose label contains `text` (string) or matches it (RegExp). */
  async pickQuickItem(text: string | RegExp, timeout = 15_000): Promise<void> {
    const row = this.page.locator(`${QUICK_INPUT} .monaco-list-row`).filter({ hasText: text });
    await row.first().waitFor({ state: 'visible', timeout });
    await this.clearHover();
    await row.first().click();
  }

  /**
   * Types into the open input box and presses Enter; with `password` it checks that the box masks the text. With
   * `prompt`, waits for the box showing that text first: the workbench reuses one widget for every quick pick and
   * input box, so without it the text could land in the previous step's box.
   */
  async typeInInput(text: string, opts: { password?: boolean; prompt?: RegExp } = {}): Promise<void> {
    if (opts.prompt) await this.page.locator(QUICK_INPUT, { hasText: opts.prompt }).waitFor({ state: 'visible' });
    const input = this.quickInputBox();
    await input.waitFor({ state: 'visible' });
    if (opts.password) {
      const type = await input.getAttribute('type');
      if (type !== 'password') throw new Error(`expected a password input box, found type=${type}`);
    }
    await input.fill(text);
    await input.press('Enter');
  }

  /**
   * Picks a file in the workbench's own open dialog (a path box with a file list, which is what code-server shows):
   * goes to the folder, waits for the file to be listed, then types its full path and presses Enter.
   */
  async chooseFileInDialog(path: string): Promise<void> {
    const slash = path.lastIndexOf('/');
    const folder = path.slice(0, slash + 1);
    const name = path.slice(slash + 1);
    const input = this.quickInputBox();
    // The dialog fills in its start folder once it has listed it; typing before that is overwritten.
    await this.labelledRow('..').waitFor({ state: 'visible' });
    const row = this.labelledRow(name);
    for (let attempt = 1; ; attempt++) {
      await input.fill(folder);
      try {
        await row.waitFor({ state: 'visible', timeout: 3_000 });
        break;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
    // Clicking a file row accepts at once in some versions; typing the full path and Enter is the same everywhere.
    await input.fill(path);
    await input.press('Enter');
  }

  /**
   * Answers the workbench's own save dialog (a path box over a file list, which is what code-server shows): once
   * it has listed its start folder and proposed a path, replaces that path with `path` (again if the dialog
   * rewrites the box meanwhile) and presses Enter. The folder must exist.
   */
  async saveFileInDialog(path: string): Promise<void> {
    const input = this.quickInputBox();
    await this.labelledRow('..').waitFor({ state: 'visible' });
    for (let attempt = 1; ; attempt++) {
      await input.fill(path);
      await this.page.waitForTimeout(500);
      if ((await input.inputValue()) === path) break;
      if (attempt === 5)
        throw new Error(`the save dialog kept replacing the path; it shows ${await input.inputValue()}`);
    }
    await input.press('Enter');
  }

  /** The open modal dialog whose message matches: its message and detail text. */
  async modalDialog(message: RegExp, timeout = 30_000): Promise<{ message: string; detail: string }> {
    const box = this.page
      .locator(MODAL)
      .filter({ has: this.page.locator('.dialog-message-text', { hasText: message }) });
    await box.waitFor({ state: 'visible', timeout });
    return {
      message: (await box.locator('.dialog-message-text').textContent()) ?? '',
      detail:
        (await box
          .locator('.dialog-message-detail')
          .textContent()
          .catch(() => '')) ?? '',
    };
  }

  /** Clicks the button `label` of the open modal dialog and waits for the dialog to close. */
  async clickDialogButton(label: string): Promise<void> {
    const box = this.page.locator(MODAL);
    await box
      .locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) })
      .first()
      .click();
    await box.waitFor({ state: 'hidden' });
  }

  async closeQuickInput(): Promise<void> {
    if (await this.page.locator(QUICK_INPUT).isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
    }
  }

  /** Waits for a notification toast whose message matches and returns it. */
  async waitForNotification(message: RegExp, timeout = 30_000): Promise<Locator> {
    const toast = this.page
      .locator(TOAST)
      .filter({ has: this.page.locator('.notification-list-item-message', { hasText: message }) })
      .last();
    await toast.waitFor({ state: 'visible', timeout });
    return toast;
  }

  /** The messages of all visible toasts (for error output when an expected one never came). */
  async notificationMessages(): Promise<string[]> {
    return this.page.locator(`${TOAST} .notification-list-item-message`).allInnerTexts();
  }

  /** Clicks the action button `text` on `toast` (or on the newest toast offering it). */
  async clickNotificationAction(text: string, toast?: Locator): Promise<void> {
    await this.clearHover();
    const scope = toast ?? this.page.locator(TOAST).filter({ hasText: text }).last();
    const button = scope.locator('.notification-list-item-buttons-container .monaco-button', {
      hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`),
    });
    await button.first().click();
  }

  /** The status bar entry contributed with id `id` (the DOM id is "<extension id>.<id>"). */
  statusBarItem(id: string): Locator {
    return this.page.locator(`#workbench\\.parts\\.statusbar .statusbar-item[id$="${id}"]`);
  }

  /** The visible text of a status bar entry (codicons render as empty glyph spans). */
  async statusBarText(id: string): Promise<string> {
    const item = this.statusBarItem(id);
    await item.waitFor({ state: 'visible' });
    return ((await item.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  /** The content frame of the webview whose tab is active: the workbench nests it in two iframes. */
  webview(): FrameLocator {
    // Hidden panels keep their iframes; only the visible one belongs to the active tab.
    return this.page.frameLocator('iframe.webview.ready:visible').frameLocator('iframe#active-frame');
  }

  /** Waits until the active editor tab's title matches. */
  async waitForActiveTab(title: string | RegExp, timeout = 15_000): Promise<void> {
    const wanted = typeof title === 'string' ? new RegExp(`^${escapeRegExp(title)}`) : title;
    await this.page.waitForFunction(
      ({ source, flags }) =>
        [...document.querySelectorAll('.tabs-container .tab.active')].some((tab) =>
          new RegExp(source, flags).test(tab.getAttribute('aria-label') ?? ''),
        ),
      { source: wanted.source, flags: wanted.flags },
      { timeout },
    );
  }

  /** Reads the browser clipboard from the workbench page (the permission is granted to the context). */
  async readClipboard(): Promise<string> {
    await this.page.bringToFront();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /** Writes the browser clipboard, as if the user had copied `text` elsewhere. */
  async writeClipboard(text: string): Promise<void> {
    await this.page.bringToFront();
    await this.page.evaluate((t) => navigator.clipboard.writeText(t), text);
  }

  /** Opens a workspace file by name through Quick Open. */
  async openFile(name: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('Control+P');
    await this.quickInputBox().fill(name);
    await this.pickQuickItem(name);
    await this.waitForActiveTab(name);
  }

  /** Puts the keyboard focus into the active text editor. */
  async focusEditor(): Promise<void> {
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  }

  /** Waits for a modal dialog whose text matches `message` and returns it. */
  async waitForDialog(message: RegExp, timeout = 30_000): Promise<Locator> {
    const dialog = this.page.locator('.monaco-dialog-box').filter({ hasText: message }).last();
    await dialog.waitFor({ state: 'visible', timeout });
    return dialog;
  }

  /** Clicks the button labelled exactly `label` on `dialog` (one of several open) and waits for it to close. */
  async clickButtonOf(dialog: Locator, label: string): Promise<void> {
    await dialog
      .locator('.monaco-button', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) })
      .first()
      .click();
    await dialog.waitFor({ state: 'hidden' });
  }

  /**
   * Sets a boolean setting the way a person does, in the Settings editor (User tab): search its id, tick or untick
   * its checkbox, close the editor. (code-server does not notice a settings.json written behind its back.)
   */
  async setBooleanSetting(id: string, value: boolean): Promise<void> {
    await this.runCommand('Preferences: Open User Settings');
    await this.page.locator('.settings-editor').waitFor({ state: 'visible', timeout: 30_000 });
    // The editor opens with the keyboard in its search box.
    await this.page.waitForFunction(() => document.activeElement?.closest('.settings-editor') != null, undefined, {
      timeout: 15_000,
    });
    await this.page.keyboard.type(id);
    // The list filters after a pause: until it shows only this setting, the first checkbox may be another one's.
    await this.page
      .locator('.settings-editor .settings-count-widget', { hasText: /^\s*1 Setting Found/ })
      .waitFor({ timeout: 15_000 });
    const checkbox = this.page.locator('.settings-editor .setting-item-bool .setting-value-checkbox');
    await checkbox.waitFor({ state: 'visible', timeout: 15_000 });
    const isChecked = () =>
      checkbox.evaluate((el) => el.classList.contains('checked') || el.getAttribute('aria-checked') === 'true');
    // The checkbox toggles as it is clicked; a click the editor lost while it re-rendered (seen on a busy machine)
    // leaves it as it was, so after a pause it is clicked again.
    const deadline = Date.now() + 15_000;
    while ((await isChecked()) !== value) {
      if (Date.now() > deadline) {
        await this.page.keyboard.press('Escape');
        throw new Error(`the checkbox of ${id} did not become ${value}`);
      }
      await checkbox.click();
      const settled = Date.now() + 3_000;
      while ((await isChecked()) !== value && Date.now() < settled) await this.page.waitForTimeout(200);
    }
    // The editor writes settings.json after a short delay; closing it at once can lose the write.
    await this.page.waitForTimeout(1_000);
    await this.page.keyboard.press('Escape');
    await this.page.locator('.settings-editor').waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** Opens a new integrated terminal and runs `command` in it, as typed by a person. */
  async runInNewTerminal(command: string): Promise<void> {
    await this.runCommand('Terminal: Create New Terminal');
    // A new terminal takes the keyboard focus. Its text is drawn on a canvas, so the prompt cannot be read from the
    // page; what is typed before the shell reads it waits in the terminal's input buffer.
    await this.page.waitForFunction(() => document.activeElement?.closest('.xterm') != null, undefined, {
      timeout: 30_000,
    });
    await this.page.waitForTimeout(1_000);
    await this.page.keyboard.type(command);
    await this.page.keyboard.press('Enter');
  }
}
