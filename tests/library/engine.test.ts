import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../main/contract';
import { Engine } from '../../main/engine/host';
import { cleanOrder } from '../../main/engine/library/clean';
import { TINY_BUNDLE, ffmpegVideo, sox, tempDir } from './fixtures';

const ctx = { transport: 'in-process' as const, clientId: 't' };

/** Waits for the job's final event (job:done / job:failed) on the engine bus. */
function jobEnd(engine: Engine, jobId: string): Promise<{ event: EventName; payload: unknown }> {
  return new Promise((resolve) => {
    const off = engine.events.subscribe((event, payload) => {
      if ((event === 'job:done' || event === 'job:failed') && (payload as { jobId: string }).jobId === jobId) {
        off();
        resolve({ event, payload });
      }
    });
  });
}

describe('library channels through Engine.handle (real bundle, real SQLite, real ffmpeg)', () => {
  const dir = tempDir();
  const media = path.join(dir, 'media');
  const events: { event: EventName; payload: unknown }[] = [];
  let engine: Engine;

  beforeAll(() => {
    process.env.A2S_BUNDLE = TINY_BUNDLE;
    // A three-clip copy of the shipped starter set: the first-run import path, fast.
    const starter = path.join(dir, 'starter');
    mkdirSync(starter);
    const index = JSON.parse(readFileSync('assets/library/index.json', 'utf8')) as { clips: { file: string; class: string }[] };
    const pick = ['fire', 'water', 'wind'].map((c) => index.clips.find((x) => x.class === c)!);
    for (const c of pick) cpSync(path.join('assets/library', c.file), path.join(starter, c.file));
    writeFileSync(path.join(starter, 'index.json'), JSON.stringify({ ...index, clips: pick }));
    process.env.A2S_STARTER_DIR = starter;
    delete process.env.A2S_LIBRARY_DB;
    delete process.env.A2S_LIBRARY_STARTER;
    sox(path.join(media, 'loud_noise.wav'), ['2', 'whitenoise', 'vol', '0.5']);
    sox(path.join(media, 'soft_noise.wav'), ['2', 'pinknoise', 'vol', '0.01'], { rate: 44100, channels: 2 });
    sox(path.join(media, 'hum.wav'), ['2', 'sine', '120', 'vol', '0.05'], { rate: 22050 });
    engine = new Engine({ dataDir: path.join(dir, 'data') });
    engine.events.subscribe((event, payload) => events.push({ event, payload }));
  });
  afterAll(() => {
    delete process.env.A2S_BUNDLE;
    delete process.env.A2S_STARTER_DIR;
  });

  it('imports the starter set on first open, then a folder as a job with progress and a report', async () => {
    const first = await engine.call('library:stats', {});
    expect(first.file).toBe(path.join(dir, 'data', 'library.sqlite'));
    const starterJob = (await engine.call('job:list', {})).jobs.find((j) => j.label === 'starter library')!;
    expect(starterJob).toBeDefined();
    const { jobId } = await engine.call('library:import', { paths: [media], tags: ['test'] });
    const end = await jobEnd(engine, jobId);
    expect(end.event).toBe('job:done');
    expect((end.payload as { result: { added: number } }).result.added).toBe(3);
    const stats = await engine.call('library:stats', {});
    expect(stats.clips).toBe(6);
    // Every installed bundle with an AV-Sim audio graph embeds (tiny; default too once it is trained and present).
    expect(stats.bundles).toEqual(expect.arrayContaining([{ bundleId: 'tiny-foleyworld-v1', vectors: 6 }]));
    expect(stats.licences.map((l) => l.licence)).toContain('CC-BY-SA-3.0');
    expect(events.some((e) => e.event === 'job:progress' && (e.payload as { jobId: string }).jobId === jobId)).toBe(true);
    expect(events.some((e) => e.event === 'library:changed' && (e.payload as { reason: string }).reason === 'starter')).toBe(true);
    const fire = (await engine.call('library:search', { text: 'fire' })).results[0]!;
    expect(fire.licence).not.toBe('');
    expect(fire.tags).toEqual(expect.arrayContaining(['starter', 'fire', 'ambience']));
  });

  it('searches with filters and returns the contract fields', async () => {
    const r = await engine.call('library:search', { text: 'noise', filters: { tags: ['test'] } });
    expect(r.results.map((x) => x.name).sort()).toEqual(['loud_noise', 'soft_noise']);
    const quiet = await engine.call('library:search', { filters: { tags: ['test'], ambientMaxDb: -30 } });
    expect(quiet.results.map((x) => x.name)).toEqual(['soft_noise']);
    for (const h of r.results) expect(Object.keys(h)).toEqual(expect.arrayContaining(['id', 'path', 'score', 'ambientDb', 'speech', 'licence']));
  });

  it('retrieves for a video span (AV-Sim video → clip audio), and low-ambient re-ranks by level', async () => {
    const video = ffmpegVideo(path.join(dir, 'shot.mp4'), 3);
    const r = await engine.call('library:retrieve', { video, start: 0.5, end: 2.5, k: 4 });
    expect(r.bundleId).toBe('tiny-foleyworld-v1');
    expect(r.results).toHaveLength(4);
    for (let i = 1; i < 4; i++) expect(r.results[i - 1]!.score).toBeGreaterThanOrEqual(r.results[i]!.score);
    expect(r.results[0]!.why).toContain('AV-Sim cosine');
    const low = await engine.call('library:retrieve', { video, start: 0.5, end: 2.5, k: 3, lowAmbient: true });
    expect(low.results).toHaveLength(3);
    const levels = (h: { ambientDb: number; peakDb?: number | null }) => ({ ambientDb: h.ambientDb, peakDb: h.peakDb ?? null });
    for (let i = 1; i < 3; i++) expect(cleanOrder(levels(low.results[i - 1]!), levels(low.results[i]!))).toBeLessThanOrEqual(0);
    // With 6 clips the relevant pool (max(3k, 20)) is the whole library, so its cleanest clip comes first.
    const all = (await engine.call('library:search', {})).results;
    const cleanest = [...all].sort((a, b) => cleanOrder(levels(a), levels(b)))[0]!;
    expect(levels(low.results[0]!)).toEqual(levels(cleanest));
    expect(low.results[0]!.why).toContain('cleanest');
    // Described by its own sound instead (the pink-noise track of the shot): audio ↔ audio.
    const byAudio = await engine.call('library:retrieve', { video, start: 0.5, end: 2.5, k: 2, from: 'audio' });
    expect(byAudio.results).toHaveLength(2);
    const both = await engine.call('library:retrieve', { video, start: 0.5, end: 2.5, k: 2, from: 'both' });
    expect(both.results).toHaveLength(2);
  });

  it('gives a clip record, similar clips, and clear errors for bad input', async () => {
    const id = (await engine.call('library:search', { text: 'hum' })).results[0]!.id;
    const clip = await engine.call('library:clip', { id });
    expect(clip).toMatchObject({ name: 'hum', sampleRate: 22050, channels: 1 });
    expect(clip.bundles).toContain('tiny-foleyworld-v1');
    expect(clip.sha256).toMatch(/^[0-9a-f]{64}$/);
    const sim = await engine.call('library:similar', { clipId: id, k: 2 });
    expect(sim.results).toHaveLength(2);
    expect(await engine.handle('library:clip', { id: 999_999 }, ctx)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await engine.handle('library:retrieve', { video: 'x.mp4', start: 2, end: 1 }, ctx)).toMatchObject({ ok: false, error: { code: 'validation', field: 'payload.end' } });
    const missing = await engine.handle('library:retrieve', { video: path.join(dir, 'nope.mp4'), start: 0, end: 1 }, ctx);
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(JSON.stringify(missing)).toContain('nope.mp4');
    expect(await engine.handle('library:relink', { folder: path.join(dir, 'media', 'hum.wav') }, ctx)).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(await engine.handle('library:import', { paths: [] }, ctx)).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('a bundle installed while the engine runs joins the library: its clips are embedded by a background job', async () => {
    const copy = path.join(dir, 'data', 'bundles', 'tiny-copy');
    cpSync(TINY_BUNDLE, copy, { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(copy, 'manifest.json'), 'utf8')) as { id: string };
    writeFileSync(path.join(copy, 'manifest.json'), JSON.stringify({ ...manifest, id: 'tiny-copy-v1' }));
    const clips = (await engine.call('library:stats', {})).clips;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 11_000); // past the 10 s between bundle checks
      const seen = new Promise<string>((resolve) => {
        const off = engine.events.subscribe((event, payload) => {
          if (event === 'job:done' && (payload as { kind: string }).kind === 'embed') {
            off();
            resolve((payload as { jobId: string }).jobId);
          }
        });
      });
      await engine.call('library:stats', {});
      await seen;
    } finally {
      vi.useRealTimers();
    }
    const stats = await engine.call('library:stats', {});
    expect(stats.bundles).toEqual(expect.arrayContaining([{ bundleId: 'tiny-copy-v1', vectors: clips }]));
  });
});
