import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../main/engine/host';
import { makeIndexedVideo, tempDir } from '../helpers/media-fixtures';

const tmp = tempDir();
const video = path.join(tmp.dir, 'take one.mov');
let engine: Engine;
const ctx = { transport: 'in-process' as const, clientId: 'test' };

beforeAll(() => {
  makeIndexedVideo(video, { codec: 'prores', frames: 20, width: 64, height: 48, clicksAt: [0.4] });
  engine = new Engine({ dataDir: path.join(tmp.dir, 'data') });
});
afterAll(() => tmp.cleanup());

describe('media:* channels through Engine.handle', () => {
  it('media:tools and media:probe', async () => {
    expect((await engine.call('media:tools', {})).version).toMatch(/\d/);
    const info = await engine.call('media:probe', { path: video });
    expect(info.video).toMatchObject({ codec: 'prores', playableInChromium: false, width: 64, height: 48 });
    const bad = await engine.handle('media:probe', { path: path.join(tmp.dir, 'gone.mov') }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await engine.handle('media:probe', { path: '' }, ctx)).toMatchObject({ ok: false, error: { code: 'validation', field: 'payload.path' } });
  });

  it('media:peaks returns a bucket range, media:thumbnails data URLs', async () => {
    const p = await engine.call('media:peaks', { path: video, samplesPerBucket: 4800, fromBucket: 2, bucketCount: 4 });
    expect(p).toMatchObject({ rate: 48_000, fromBucket: 2, exact: true });
    expect(p.max).toHaveLength(4);
    expect(p.max[2]).toBeGreaterThan(0.5); // click at 0.4 s = bucket 4
    const t = await engine.call('media:thumbnails', { path: video, count: 3, height: 24 });
    expect(t).toMatchObject({ width: 32, height: 24 });
    expect(t.items[0]!.dataUrl).toMatch(/^data:image\/jpeg;base64,\/9j\//);
  });

  it('media:proxy runs as a job with progress and a done event', async () => {
    const seen: string[] = [];
    const done = new Promise<unknown>((resolve, reject) => {
      engine.events.subscribe((event, payload) => {
        seen.push(event);
        if (event === 'job:done') resolve((payload as { result: unknown }).result);
        if (event === 'job:failed') reject(new Error(JSON.stringify(payload)));
      });
    });
    const { jobId } = await engine.call('media:proxy', { path: video });
    expect(jobId).toMatch(/\w/);
    const result = (await done) as { path: string; cached: boolean };
    expect(result.path).toContain(path.join(tmp.dir, 'data', 'cache', 'proxies'));
    expect(seen).toContain('job:progress');
    expect((await engine.call('media:probe', { path: result.path })).video!.playableInChromium).toBe(true);
  });

  it('job:cancel stops a proxy: cancelled event, no temp file, nothing cached', async () => {
    const big = path.join(tmp.dir, 'long take.mov');
    makeIndexedVideo(big, { codec: 'prores', frames: 50, width: 128, height: 96 }); // cancel lands within ms of the start
    const failed = new Promise<{ error: { code: string } }>((resolve) => {
      engine.events.subscribe((event, payload) => {
        if (event === 'job:failed') resolve(payload as { error: { code: string } });
      });
    });
    const { jobId } = await engine.call('media:proxy', { path: big });
    expect(await engine.call('job:cancel', { jobId })).toEqual({ cancelled: true });
    expect((await failed).error.code).toBe('cancelled');
    const dir = path.join(tmp.dir, 'data', 'cache', 'proxies');
    const leftovers = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.tmp')) : [];
    expect(leftovers).toEqual([]);
    expect(readdirSync(dir)).toHaveLength(1); // only the earlier test's proxy
  });
});
