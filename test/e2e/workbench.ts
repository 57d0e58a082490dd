// Drives the VS Code workbench the way a person does: the command palette, quick picks, input boxes,
// notification toasts, the status bar and webviews. Selectors are the workbench's own DOM classes.
import type { FrameLocator, Locator, Page } from 'playwright-core';

const QUICK_INPUT = '.quick-input-widget';
const TOAST = '.notifications-toasts .notification-toast';

/** Escapes text for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The workbench page of one code-server window. */
export class Workbench {
  constructor(readonly page: Page) {}

  /** Opens the workbench URL and waits until the status bar shows; refuses a page that never renders the workbench. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.waitReady();
  }

  /** Waits for the workbench chrome after a load or reload. */
  async waitReady(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await this.page.locator('#workbench\\.parts\\.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    // The explorer shows once the remote file system answered, i.e. the server side is connected.
    await this.page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 });
  }

  /** Opens the command palette and runs the command whose full title ("Category: Title") matches exactly. */
  async runCommand(title: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('Control+Shift+P');
    const input = this.quickInputBox();
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = this.page
      .locator(`${QUICK_INPUT} .monaco-list-row`)
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) });
    await row.first().waitFor({ state: 'visible', timeout: 15_000 });
    await row.first().click();
  }

  /** Opens the palette filtered by `text` and leaves it open (for screenshots and listing commands). */
  async showPalette(text: string): Promise<string[]> {
    await this.closeQuickInput();
    await this.page.keyboard.press('Control+Shift+P');
    await this.quickInputBox().fill(`>${text}`);
    const rows = this.page.locator(`${QUICK_INPUT} .monaco-list-row .label-name`);
    await rows.first().waitFor({ state: 'visible' });
    return rows.allInnerTexts();
  }

  /** The text box of the open quick input (palette, quick pick or input box). */
  quickInputBox(): Locator {
    return this.page.locator(`${QUICK_INPUT} .quick-input-box input`);
  }

  /** The title/prompt text of the open quick input, for checking which question is being asked. */
  async quickInputPrompt(): Promise<string> {
    const widget = this.page.locator(QUICK_INPUT);
    await widget.waitFor({ state: 'visible' });
    const parts = await widget
      .locator('.quick-input-title, .quick-input-message, .quick-input-box input')
      .evaluateAll((nodes) =>
        nodes
          .map((n) =>
            n instanceof HTMLInputElement ? `${n.placeholder} ${n.getAttribute('aria-label') ?? ''}` : n.textContent,
          )
          .join(' | '),
      );
    return parts;
  }

  /** Clicks the quick pick row whose label contains `text` (string) or matches it (RegExp). */
  async pickQuickItem(text: string | RegExp): Promise<void> {
    const row = this.page.locator(`${QUICK_INPUT} .monaco-list-row`).filter({ hasText: text });
    await row.first().waitFor({ state: 'visible', timeout: 15_000 });
    await row.first().click();
  }

  /** Types into the open input box and presses Enter; with `password` it checks that the box masks the text. */
  async typeInInput(text: string, opts: { password?: boolean } = {}): Promise<void> {
    const input = this.quickInputBox();
    await input.waitFor({ state: 'visible' });
    if (opts.password) {
      const type = await input.getAttribute('type');
      if (type !== 'password') throw new Error(`expected a password input box, found type=${type}`);
    }
    await input.fill(text);
    await input.press('Enter');
  }

  /** Accepts the input box's proposed value as it is. */
  async acceptInput(): Promise<void> {
    const input = this.quickInputBox();
    await input.waitFor({ state: 'visible' });
    await input.press('Enter');
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
    const scope = toast ?? this.page.locator(TOAST).filter({ hasText: text }).last();
    const button = scope.locator('.notification-list-item-buttons-container .monaco-button', {
      hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`),
    });
    await button.first().click();
  }

  /** Hides every toast so that the next wait sees only new ones. */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page
      .locator(TOAST)
      .first()
      .waitFor({ state: 'hidden', timeout: 5_000 })
      .catch(() => undefined);
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

  /** The active editor tab's title (its aria-label: the label is split into name and suffix elements). */
  async activeTabTitle(): Promise<string> {
    return (await this.page.locator('.tabs-container .tab.active').first().getAttribute('aria-label')) ?? '';
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
}
