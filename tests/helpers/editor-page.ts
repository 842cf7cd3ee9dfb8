import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { startServe, type ServeProcess } from './serve';

export interface EditorPage {
  serve: ServeProcess;
  browser: Browser;
  page: Page;
  /** Closes the browser, stops the server and removes the test's folder. */
  close(): Promise<void>;
}

/**
 * The editor in browser mode against the real engine: `a2s serve` (tiny bundle, no starter library, data in
 * `work/data`; `env` overrides, e.g. a starter library; `args` more `a2s serve` flags, e.g. `--root`), Debian's
 * Chromium on its URL, connected. The one setup
 * the editor end-to-end tests share; `close`
 * also removes `work`, the test's temporary folder.
 */
export async function openEditorPage(work: string, viewport = { width: 1440, height: 900 }, env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<EditorPage> {
  const serve = await startServe(['--data', path.join(work, 'data'), ...args], { A2S_BUNDLE: path.resolve('models/bundles/tiny'), A2S_LIBRARY_STARTER: '0', ...env });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport });
  // Hang guard for every click/fill/wait (Playwright's own default is 30 s, which a loaded 2-core CI machine exceeded)
  page.setDefaultTimeout(90_000);
  // Generous limits: on a loaded 2-core machine Chromium alone can take a minute to load the page.
  await page.goto(serve.url, { timeout: 120_000 });
  await page.getByText('connected ·').waitFor({ timeout: 60_000 });
  return {
    serve,
    browser,
    page,
    close: async () => {
      await browser.close();
      await serve.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
