import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';
import { startServe, type ServeProcess } from '../helpers/serve';
import { tmpDir } from '../project/helpers';
import { makeFixture, type Fixture } from './fixture';

/** The dialog bundled on its own (see renderer/src/export/e2e-harness.ts), injected into the served app. */
function harness(): string {
  const out = buildSync({
    entryPoints: [path.join(process.cwd(), 'renderer/src/export/e2e-harness.ts')],
    bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120', jsx: 'automatic',
    loader: { '.css': 'text' }, define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'error',
  });
  return out.outputFiles[0]!.text;
}

describe('ExportDialog in Chromium (a2s serve, WebSocket)', () => {
  const root = tmpDir('export-e2e');
  let fx: Fixture;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    fx = await makeFixture(root, 'Browser');
    // No first-run library import: nothing in this test uses it, and it would keep the child busy at stop.
    serve = await startServe(['--data', path.join(root, 'data')], { A2S_LIBRARY_STARTER: '0' });
    browser = await launchChromium();
    page = await (await browser.newContext({ bypassCSP: true })).newPage(); // the app's CSP forbids inline scripts
    page.setDefaultTimeout(90_000); // hang guard for actions on a loaded machine (Playwright's default: 30 s)
    await page.goto(serve.url);
    await page.waitForFunction(() => Boolean((window as unknown as { __a2sClient?: unknown }).__a2sClient), undefined, { timeout: 60_000 });
    await page.addScriptTag({ content: harness() });
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  const mount = (): Promise<void> => page.evaluate((p) => (window as unknown as { __mountExportDialog(p: string): void }).__mountExportDialog(p), fx.projectDir);

  it('exports with the chosen options, shows progress then the report', async () => {
    await mount();
    const out = path.join(root, 'Browser-export');
    await expect.poll(() => page.inputValue('[data-testid=export-out]')).toBe(out);
    await page.check('[data-testid=export-otio]');
    await page.check('[data-testid=export-normalise]');
    await page.screenshot({ path: 'test-results/export-dialog-form.png' });
    await page.click('[data-testid=export-go]');
    await page.waitForSelector('[data-testid=export-done]', { timeout: 60_000 });
    const files = await page.locator('[data-testid=export-file]').allTextContents();
    expect(files).toEqual(['OriginalBrowser_01_Original.wav', 'ActionBrowser_02_Action.wav', 'AmbienceBrowser_03_Ambience.wav', 'MixBrowser_mix.wav', 'REAPERBrowser.rpp', 'OTIOBrowser.otio']);
    expect(await page.textContent('[data-testid=export-loudness]')).toMatch(/→ -2[23]\.\d LUFS \(target -23 LUFS/);
    expect(readdirSync(out).sort()).toEqual(['Browser.otio', 'Browser.rpp', 'Browser_01_Original.wav', 'Browser_02_Action.wav', 'Browser_03_Ambience.wav', 'Browser_mix.wav']);
    await page.screenshot({ path: 'test-results/export-dialog-done.png' });
    await page.click('[data-testid=export-done] button.accent');
    expect(await page.evaluate(() => (window as unknown as { __exportDialogClosed: boolean }).__exportDialogClosed)).toBe(true);
  });

  it('asks before overwriting; Overwrite replaces the files', async () => {
    await mount();
    await page.click('[data-testid=export-go]');
    await page.waitForSelector('[data-testid=export-confirm]');
    expect(await page.textContent('[data-testid=export-confirm]')).toContain('Browser_mix.wav');
    await page.screenshot({ path: 'test-results/export-dialog-confirm.png' });
    await page.click('[data-testid=export-overwrite]');
    await page.waitForSelector('[data-testid=export-done]', { timeout: 60_000 });
    expect(existsSync(path.join(root, 'Browser-export', 'Browser_mix.wav'))).toBe(true);
    await page.click('[data-testid=export-done] button.accent');
  });
});
