import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames, makeProxy, probe } from '../../main/engine/media';
import { launchChromium } from '../helpers/chromium';
import { frameIndexOf, makeIndexedVideo, tempDir } from '../helpers/media-fixtures';

const FPS = 25;
const FRAMES = 60;
const tmp = tempDir();
const source = path.join(tmp.dir, 'graded take.mov');
const cacheDir = path.join(tmp.dir, 'cache');
let server: http.Server;
let base = '';
let proxyPath = '';

/** Just enough of a file server for <video>: one page, the proxy, and byte ranges (Chromium seeks with them). */
function serve(): Promise<void> {
  server = http.createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><video id="v" muted preload="auto" src="/proxy.mp4"></video><canvas id="c" width="8" height="8"></canvas>');
      return;
    }
    const size = statSync(proxyPath).size;
    const m = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const end = m && m[2] ? Number(m[2]) : size - 1;
    res.writeHead(m ? 206 : 200, { 'content-type': 'video/mp4', 'accept-ranges': 'bytes', 'content-length': end - start + 1, ...(m ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}) });
    createReadStream(proxyPath, { start, end }).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    resolve();
  }));
}

beforeAll(async () => {
  makeIndexedVideo(source, { codec: 'prores', fps: FPS, frames: FRAMES, width: 64, height: 64, clicksAt: [1.0] });
  await serve();
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  tmp.cleanup();
});

describe('proxy for a codec Chromium cannot play', () => {
  it('ProRes → H.264 proxy with progress, same duration and frame timing, cached', async () => {
    const info = await probe(source);
    expect(info.video).toMatchObject({ codec: 'prores', playableInChromium: false });
    const progress: number[] = [];
    const made = await makeProxy(source, { cacheDir, onProgress: (f) => progress.push(f) });
    proxyPath = made.path;
    expect(made.cached).toBe(false);
    expect(progress.at(-1)).toBe(1);
    const p = await probe(made.path);
    expect(p.video).toMatchObject({ codec: 'h264', pixFmt: 'yuv420p', playableInChromium: true, width: 64, height: 64, frameCount: FRAMES });
    expect(Math.abs(p.duration - info.duration)).toBeLessThan(0.5 / FPS);
    // Frame timing: the same picture at the same media time in both files.
    const opts = { start: 0.1, end: 2.3, count: 22, width: 4, height: 4 };
    const [a, b] = await Promise.all([decodeFrames(source, opts), decodeFrames(made.path, opts)]);
    for (let i = 0; i < 22; i++) expect(frameIndexOf(b.data.subarray(i * 48))).toBe(frameIndexOf(a.data.subarray(i * 48)));
    expect(b.timestamps).toEqual(a.timestamps.map((t) => expect.closeTo(t, 4)));
    expect((await makeProxy(source, { cacheDir })).cached).toBe(true);
  });

  it('plays in headless Chromium: canplay, same duration, the right frame at seek times', async () => {
    expect(proxyPath).not.toBe('');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${base}/`);
      const duration = await page.evaluate(() => new Promise<number>((resolve, reject) => {
        const v = document.getElementById('v') as HTMLVideoElement;
        if (v.readyState >= 3) resolve(v.duration);
        v.addEventListener('canplay', () => resolve(v.duration), { once: true });
        v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}`)), { once: true });
      }));
      expect(Math.abs(duration - FRAMES / FPS)).toBeLessThan(0.5 / FPS);
      for (const n of [0, 7, 25, 42, 59]) {
        const rgb = await page.evaluate((t) => new Promise<number[]>((resolve) => {
          const v = document.getElementById('v') as HTMLVideoElement;
          v.addEventListener('seeked', () => {
            const ctx = (document.getElementById('c') as HTMLCanvasElement).getContext('2d')!;
            ctx.drawImage(v, 0, 0, 8, 8);
            resolve([...ctx.getImageData(4, 4, 1, 1).data.slice(0, 3)]);
          }, { once: true });
          v.currentTime = t;
        }), (n + 0.5) / FPS);
        expect(frameIndexOf(rgb), `frame at ${(n + 0.5) / FPS}s`).toBe(n);
      }
    } finally {
      await browser.close();
    }
  });
});
