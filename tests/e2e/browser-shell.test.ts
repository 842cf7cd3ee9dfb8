import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { startServe, type ServeProcess } from '../helpers/serve';

let serve: ServeProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  serve = await startServe(['--data', '/tmp/a2s-e2e-shell']);
  browser = await launchChromium();
  page = await browser.newPage();
  page.setDefaultTimeout(90_000); // hang guard for actions on a loaded machine (Playwright's default: 30 s)
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe('browser mode (a2s serve + Chromium)', () => {
  it('loads the app shell and connects over the WebSocket', async () => {
    await page.goto(serve.url);
    await expect.poll(() => page.textContent('[data-testid=connection]'), { timeout: 60_000 }).toContain('connected · websocket');
    await page.screenshot({ path: 'test-results/e2e-shell.png' });
  });

  it('round-trips a request through the typed client', async () => {
    const text = await page.evaluate(async () => {
      const client = (window as unknown as { __a2sClient: { invoke(c: string, p: unknown): Promise<{ text: string }> } }).__a2sClient;
      return (await client.invoke('app:echo', { text: 'ok', repeat: 2 })).text;
    });
    expect(text).toBe('okok');
  });

  it('gets a typed validation error for a bad payload', async () => {
    const err = await page.evaluate(async () => {
      const client = (window as unknown as { __a2sClient: { invoke(c: string, p: unknown): Promise<unknown> } }).__a2sClient;
      try {
        await client.invoke('app:echo', { text: 42 });
        return null;
      } catch (e) {
        return (e as { wire: unknown }).wire;
      }
    });
    expect(err).toMatchObject({ code: 'validation', field: 'payload.text' });
  });

  it('serves nothing without the token', async () => {
    const res = await fetch(`${serve.origin}/index.html`);
    expect(res.status).toBe(401);
  });
});
