// The end-to-end run: one Chromium, one code-server per trust mode, a run folder that holds screenshots,
// code-server logs and (for failed cases) Playwright traces. Each case runs inside `runCase`, which records a trace
// chunk and keeps it only when the case fails.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { type CodeServer, startCodeServer } from './codeServer';
import { type E2eTools, ensureE2eTools } from './setup';
import { Workbench } from './workbench';

/** Chromium flags that work on these machines (no GPU, no sandbox as root, no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const repoRoot = new URL('../..', import.meta.url).pathname;

/** A console message or uncaught error seen in the page or one of its frames. */
export interface PageProblem {
  kind: 'console-error' | 'page-error';
  text: string;
  url: string;
}

/** One browser tab on one code-server, with everything the page reported. */
export interface EditorWindow {
  server: CodeServer;
  context: BrowserContext;
  workbench: Workbench;
  /** `alert`/`confirm`/`prompt` dialogs the page opened (each is dismissed). */
  dialogs: string[];
  problems: PageProblem[];
}

/** What a whole run shares. */
export interface E2eRun {
  runDir: string;
  tools: E2eTools;
  browser: Browser;
  /** Starts code-server `name` with the extension installed and opens `folder` in a new browser context. */
  openEditor(opts: {
    name: string;
    trust: boolean;
    folder: string;
    vsix?: string;
    extraVsix?: string[];
    userSettings?: Record<string, unknown>;
    /** The browser window's size (default 1280x760). */
    viewport?: { width: number; height: number };
  }): Promise<EditorWindow>;
  /**
   * Opens `folder` in another tab of `window`'s browser context (same browser storage, same code-server): what a
   * person gets by opening the same folder twice in a browser-hosted editor.
   */
  openTab(window: EditorWindow, folder: string): Promise<EditorWindow>;
  /** Runs one case: trace chunk kept on failure, a screenshot named after the case either way. */
  runCase(window: EditorWindow, name: string, body: () => Promise<void>): Promise<void>;
  /** Saves a screenshot into the run folder and returns its path. */
  screenshot(
    window: EditorWindow,
    name: string,
    clip?: { x: number; y: number; width: number; height: number },
  ): Promise<string>;
  /** A screenshot the README shows: also copied to media/screenshots/ when E2E_UPDATE_SCREENSHOTS=1. */
  keyScreenshot(
    window: EditorWindow,
    name: string,
    clip?: { x: number; y: number; width: number; height: number },
  ): Promise<string>;
  close(): Promise<void>;
}

/** Installs or confirms the tools, launches Chromium and creates the run folder (printed). */
export async function startRun(): Promise<E2eRun> {
  const tools = ensureE2eTools();
  const runDir = mkdtempSync(join(tmpdir(), 'client-creds-e2e-'));
  mkdirSync(join(runDir, 'screenshots'));
  mkdirSync(join(runDir, 'traces'));
  console.log(`[e2e] run folder: ${runDir} (screenshots/, traces/, <instance>/code-server.log)`);
  const browser = await chromium.launch({ executablePath: tools.chromiumPath, headless: true, args: CHROMIUM_ARGS });
  const servers: CodeServer[] = [];
  let shots = 0;

  const screenshot: E2eRun['screenshot'] = async (window, name, clip) => {
    shots += 1;
    const path = join(runDir, 'screenshots', `${String(shots).padStart(2, '0')}-${name}.png`);
    await window.workbench.page.screenshot({ path, ...(clip ? { clip } : {}) });
    return path;
  };

  return {
    runDir,
    tools,
    browser,
    async openEditor({ name, trust, folder, vsix, extraVsix, userSettings, viewport }) {
      const server = await startCodeServer({ name, runDir, tools, trust, vsix, extraVsix, userSettings });
      servers.push(server);
      const context = await browser.newContext({ viewport: viewport ?? { width: 1280, height: 760 } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await context.tracing.start({ screenshots: true, snapshots: true });
      return openPage(server, context, folder);
    },
    async openTab(window, folder) {
      return openPage(window.server, window.context, folder);
    },
    async runCase(window, name, body) {
      await window.context.tracing.startChunk({ title: name });
      try {
        await body();
      } catch (err) {
        const trace = join(runDir, 'traces', `${name}.zip`);
        const shot = await screenshot(window, `${name}-FAILED`).catch(() => 'none');
        await window.context.tracing.stopChunk({ path: trace }).catch(() => undefined);
        const toasts = await window.workbench.notificationMessages().catch(() => []);
        console.log(`[e2e] ${name} failed; screenshot ${shot}; trace ${trace}`);
        if (toasts.length > 0) console.log(`[e2e] visible notifications: ${JSON.stringify(toasts)}`);
        throw err;
      }
      await screenshot(window, name);
      await window.context.tracing.stopChunk();
    },
    screenshot,
    async keyScreenshot(window, name, clip) {
      const path = await screenshot(window, name, clip);
      if (process.env.E2E_UPDATE_SCREENSHOTS === '1') {
        const target = join(repoRoot, 'media', 'screenshots', `${name}.png`);
        mkdirSync(join(repoRoot, 'media', 'screenshots'), { recursive: true });
        // The README's screenshots ship in the .vsix: stored with a 256-colour palette they take a third of the bytes.
        const quantized = spawnSync('pngquant', ['--quality=70-95', '--speed=1', '--force', '--output', target, path]);
        if (quantized.error || quantized.status !== 0) {
          throw new Error(
            `E2E_UPDATE_SCREENSHOTS=1 needs pngquant (apt-get install -y pngquant) to store ${name}.png small: ${
              quantized.error?.message ?? quantized.stderr.toString()
            }`,
          );
        }
        console.log(`[e2e] updated ${target}`);
      }
      return path;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await Promise.all(servers.map((s) => s.stop()));
      console.log(`[e2e] run folder: ${runDir}`);
    },
  };
}

/** A new page of `context` on `server`, watched for dialogs and page errors, with the workbench of `folder` open. */
async function openPage(server: CodeServer, context: BrowserContext, folder: string): Promise<EditorWindow> {
  const page = await context.newPage();
  const window: EditorWindow = { server, context, workbench: new Workbench(page), dialogs: [], problems: [] };
  page.on('dialog', (dialog) => {
    // The workbench asks "leave site?" on reload; that is the page's own, not a script the extension ran.
    if (dialog.type() === 'beforeunload') {
      dialog.accept().catch(() => undefined);
      return;
    }
    window.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => undefined);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error')
      window.problems.push({ kind: 'console-error', text: msg.text(), url: msg.location().url });
  });
  page.on('pageerror', (err) => window.problems.push({ kind: 'page-error', text: err.message, url: page.url() }));
  await window.workbench.open(server.urlFor(folder));
  return window;
}
