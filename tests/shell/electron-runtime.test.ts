import { describe, expect, it } from 'vitest';
import { _electron as electron } from 'playwright-core';
import { electronBinaryPath } from '../helpers/electron';
import { makeMp4, tempDir } from './media-fixtures';

/**
 * The hardening, checked inside a real Electron where a binary exists (never on this project's CI machines, where
 * tests/shell/shell-wiring.test.ts checks the same wiring against a stubbed module): the page has no Node, eval is
 * blocked by the CSP, navigation and window.open go nowhere, and media:// plays and seeks an opened file.
 */
const bin = electronBinaryPath();

/** Set in Electron's main process by the navigation probe below. */
interface NavProbe {
  __a2sNavigation: Promise<{ url: string; refused: boolean }>;
}

describe.skipIf(!bin)('Electron runtime hardening (runs only where an Electron binary exists)', () => {
  it('isolates the page, enforces the CSP, denies navigation, and streams media://', async () => {
    const app = await electron.launch({ executablePath: bin!, args: ['.'] });
    try {
      const page = await app.firstWindow();
      await expect.poll(() => page.textContent('[data-testid=connection]'), { timeout: 60_000 }).toContain('connected · ipc');
      expect(page.url()).toBe('app://a2s/index.html');

      const isolation = await page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        let evalBlocked = false;
        try {
          (0, eval)('1 + 1');
        } catch {
          evalBlocked = true;
        }
        return { require: typeof w.require, process: typeof w.process, bridge: Object.keys(w.a2s as object).sort(), evalBlocked, opened: window.open('https://example.com') === null };
      });
      expect(isolation).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'on', 'pathForFile'], evalBlocked: true, opened: true });

      // Navigation away: wait for the attempt itself and read whether the app refused it. The probe listens in the
      // main process after the app's own 'will-navigate' handler (listeners run in order), so it sees its verdict.
      await app.evaluate(({ BrowserWindow }) => {
        const contents = BrowserWindow.getAllWindows()[0]!.webContents;
        (globalThis as unknown as NavProbe).__a2sNavigation = new Promise((resolve) => {
          contents.once('will-navigate', (event) => resolve({ url: event.url, refused: event.defaultPrevented }));
        });
      });
      await page.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      expect(await app.evaluate(() => (globalThis as unknown as NavProbe).__a2sNavigation)).toEqual({ url: 'https://example.com/', refused: true });
      expect(page.url()).toBe('app://a2s/index.html');

      const mp4 = makeMp4(tempDir('a2s-electron-media-'), 'clip.mp4', 4);
      const played = await page.evaluate(async (file) => {
        const bridge = (window as unknown as { a2s: { invoke(c: string, p: unknown): Promise<{ ok: boolean; result: { url: string } }> } }).a2s;
        const opened = await bridge.invoke('media:open', { path: file });
        const video = document.createElement('video');
        video.muted = true;
        video.src = opened.result.url;
        document.body.append(video);
        await new Promise((resolve, reject) => {
          video.onloadedmetadata = resolve;
          video.onerror = () => reject(new Error(`media error ${video.error?.code}`));
        });
        await video.play();
        const seeked = new Promise((resolve) => (video.onseeked = resolve));
        video.currentTime = 3;
        await seeked;
        const outside = await fetch(opened.result.url.replace(/[0-9a-f]{32}/, '0'.repeat(32))).then((r) => r.status);
        return { url: opened.result.url, time: video.currentTime, outside };
      }, mp4);
      expect(played.url).toMatch(/^media:\/\/[0-9a-f]{32}$/);
      expect(played.time).toBeGreaterThanOrEqual(2.9);
      expect(played.outside).toBe(404);
    } finally {
      await app.close();
    }
  }, 120_000);
});
