import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { Engine } from '../../main/engine/host';
import { startLoopbackServer, type LoopbackServer } from '../../main/server/loopback';
import { launchChromium } from '../helpers/chromium';
import { makeMp4, tempDir } from './media-fixtures';

let server: LoopbackServer;
let browser: Browser;
let mediaPath: string;

beforeAll(async () => {
  const dir = tempDir('a2s-media-video-');
  const engine = new Engine({ dataDir: dir });
  server = await startLoopbackServer({ engine });
  mediaPath = (await engine.call('media:open', { path: makeMp4(dir) }, { transport: 'websocket' })).url;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a <video> in Chromium plays served media', () => {
  it('loads the mp4 through /media/<id>, plays, and seeks', async () => {
    const page = await browser.newPage();
    const ranges: string[] = [];
    page.on('request', (r) => {
      const range = r.headers()['range'];
      if (r.url().includes('/media/') && range) ranges.push(range);
    });
    // Any same-origin URL sets the token cookie (404 body is fine); the <video> then sends it like the real UI.
    await page.goto(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    const result = await page.evaluate(async (src) => {
      const video = document.createElement('video');
      video.muted = true;
      video.src = src;
      document.body.append(video);
      const once = (name: string): Promise<void> =>
        new Promise((resolve, reject) => {
          video.addEventListener(name, () => resolve(), { once: true });
          video.addEventListener('error', () => reject(new Error(`media error ${video.error?.code}: ${video.error?.message}`)), { once: true });
        });
      await once('loadedmetadata');
      await video.play();
      const seeked = once('seeked');
      video.currentTime = 3;
      await seeked;
      return { duration: video.duration, time: video.currentTime, width: video.videoWidth };
    }, mediaPath);
    expect(result.duration).toBeCloseTo(4, 0);
    expect(result.time).toBeGreaterThanOrEqual(2.9);
    expect(result.width).toBe(64);
    // The player fetched by Range (how seeking works without downloading the whole file).
    expect(ranges.length).toBeGreaterThan(0);
    await page.close();
  });
});
