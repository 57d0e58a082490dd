// The walkthrough as a person sees it in the Welcome editor: its steps, which of them VS Code shows as done, and the
// Markdown page beside each step (rendered in a webview, so read through its frames).
import type { Workbench } from './workbench';

/** Opens the walkthrough titled `title` through "Welcome: Open Walkthrough...". */
export async function openWalkthrough(wb: Workbench, title: string): Promise<void> {
  await wb.runCommand('Welcome: Open Walkthrough...');
  await wb.pickQuickItem(title);
  await wb.page.locator('.gettingStartedContainer button.getting-started-step').first().waitFor();
}

/** The steps of the open walkthrough: the id after the last '#', and whether VS Code shows it done. */
export async function walkthroughSteps(wb: Workbench): Promise<{ id: string; done: boolean }[]> {
  const steps = wb.page.locator('.gettingStartedContainer button.getting-started-step');
  return steps.evaluateAll((buttons) =>
    buttons.map((b) => ({
      id: (b.getAttribute('data-step-id') ?? '').split('#').pop() ?? '',
      done: b.getAttribute('aria-checked') === 'true',
    })),
  );
}

/**
 * Selects the step `id` of the open walkthrough, waits for its Markdown page (whose first heading is `heading`) to
 * show beside the steps, and measures how much taller the page is than the space it is shown in (0: it fits).
 */
export async function walkthroughPage(
  wb: Workbench,
  id: string,
  heading: string,
): Promise<{ overflowPx: number; mediaWidth: number }> {
  await wb.page.locator(`.gettingStartedContainer button.getting-started-step[data-step-id$="#${id}"]`).click();
  const media = wb.page.locator('.gettingStartedContainer .getting-started-media').first();
  await media.waitFor({ state: 'visible' });
  const frame = wb.page
    .frameLocator('.gettingStartedContainer .getting-started-media iframe.webview.ready')
    .frameLocator('iframe#active-frame');
  await frame.locator('h1', { hasText: heading }).first().waitFor({ state: 'visible', timeout: 60_000 });
  const overflowPx = await frame.locator('html').evaluate((html) => Math.max(0, html.scrollHeight - html.clientHeight));
  return { overflowPx, mediaWidth: (await media.boundingBox())?.width ?? 0 };
}
