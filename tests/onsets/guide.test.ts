import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../main/engine/host';
import { guideOnsets, matchOnsets } from '../../main/engine/onsets';
import { makeHitsVideo, makeIndexedVideo, tempDir } from '../helpers/media-fixtures';

// Guide-track onsets (issue 15): the engine's detector on a real encoded clip (AAC through ffmpeg) whose sound has
// hits at known times over a noise bed, as a shot's production sound would.
// Generous timeouts: ffmpeg on a shared, loaded 2-core machine (no timing is asserted).
describe('onsets from the guide track', { timeout: 180_000 }, () => {
  const { dir, cleanup } = tempDir('a2s-guide-');
  afterAll(cleanup);
  const hitsAt = [0.3, 0.9, 1.55, 2.2, 3.1];
  const video = path.join(dir, 'hits.mp4');
  makeHitsVideo(video, { seconds: 4, hitsAt, quietAt: [2.6] });
  const silent = path.join(dir, 'silent.mp4');
  makeIndexedVideo(silent, { frames: 50 });
  // ±30 ms: the tolerance for a take's hit; the detector reports frame centres a few ms early.
  const exact = (found: number[], truth: number[]): void => expect(matchOnsets(found, truth, 0.03)).toEqual({ tp: truth.length, fp: 0, fn: 0 });

  it('finds every hit at the default sensitivity, and the quiet one (−32 dB) only when more sensitive', async () => {
    const r = await guideOnsets(video, 0, 4);
    expect(r).toMatchObject({ hasAudio: true, sensitivity: 0.5 });
    exact(r.onsets, hitsAt);
    exact((await guideOnsets(video, 0, 4, 0.8)).onsets, [...hitsAt, 2.6].sort((a, b) => a - b));
    exact((await guideOnsets(video, 0, 4, 0)).onsets, hitsAt);
  });

  it('a span keeps the hits inside it, one right on its start included', async () => {
    const r = await guideOnsets(video, 0.9, 2.5);
    exact(r.onsets, [0.9, 1.55, 2.2]);
    expect(r.onsets.every((t) => t >= 0.9 && t < 2.5)).toBe(true);
  });

  it('a video without an audio track is a notice, not an error', async () => {
    const r = await guideOnsets(silent, 0, 1);
    expect(r).toMatchObject({ hasAudio: false, onsets: [] });
    expect(r.note).toMatch(/silent\.mp4 has no audio track/);
  });

  it('generate:guideOnsets answers the same through the engine, and names bad fields', async () => {
    const engine = new Engine({ dataDir: path.join(dir, 'data') });
    const r = await engine.call('generate:guideOnsets', { video, start: 0, end: 4, sensitivity: 0.5 });
    expect(r.onsets).toEqual((await guideOnsets(video, 0, 4)).onsets);
    const ctx = { transport: 'in-process' as const, clientId: 't' };
    expect(await engine.handle('generate:guideOnsets', { video, start: 0, end: 4, sensitivity: 2 }, ctx)).toMatchObject({ ok: false, error: { code: 'validation', field: 'payload.sensitivity' } });
    expect(await engine.handle('generate:guideOnsets', { video, start: 2, end: 1 }, ctx)).toMatchObject({ ok: false, error: { field: 'payload.end' } });
    expect(await engine.handle('generate:guideOnsets', { video, start: 3, end: 9 }, ctx)).toMatchObject({ ok: false, error: { code: 'bad-input', field: 'end' } });
  });
});
