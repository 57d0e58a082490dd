// Checks the harness itself against a bare code-server (no extension): the workbench renders, the palette runs a
// built-in command, a status bar entry is readable, the clipboard round-trips, screenshots land in the run folder.
// Run when the suite misbehaves, to tell a broken machine from a broken extension: `npx tsx test/e2e/smoke.ts`.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRun } from './harness';

async function main(): Promise<void> {
  const run = await startRun();
  try {
    const folder = mkdtempSync(join(tmpdir(), 'client-creds-smoke-ws-'));
    writeFileSync(join(folder, 'hello.txt'), 'hello from the smoke check\n');
    const window = await run.openEditor({ name: 'smoke', trust: false, folder });
    const wb = window.workbench;
    await run.runCase(window, 'smoke-palette', async () => {
      const titles = await wb.showPalette('Reload Window');
      assert.ok(titles.includes('Developer: Reload Window'), `palette rows: ${titles.join(', ')}`);
      await run.screenshot(window, 'smoke-palette-open');
      await wb.reloadWindow();
    });
    await run.runCase(window, 'smoke-editor-and-status', async () => {
      await wb.openFile('hello.txt');
      const position = await wb.statusBarText('status.editor.selection');
      assert.match(position, /Ln \d+, Col \d+/);
      await wb.writeClipboard('clipboard round trip');
      assert.equal(await wb.readClipboard(), 'clipboard round trip');
    });
    console.log(`smoke check passed; dialogs ${window.dialogs.length}, page problems ${window.problems.length}`);
    for (const p of window.problems) console.log(`  ${p.kind} ${p.url}: ${p.text.slice(0, 200)}`);
  } finally {
    await run.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
