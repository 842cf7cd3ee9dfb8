import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GenerateRequest } from '../../main/contract/domains/inference';
import { closeRuntimes } from '../../main/engine/inference';
import { runGenerate, runOnsets, type RunOptions } from '../../main/engine/inference/pipeline';
import { peakDb, TARGET_PEAK_DB } from '../../main/engine/inference/level';
import { readWav } from '../../main/engine/media';
import { TINY_BUNDLE } from './fixtures';
import { makeAudioOnly, makeVideo, makeWav, tempDir } from './media';

// The whole pipeline in-process (the worker runs the same function) on the tiny bundle and real ffmpeg media.
describe('generation pipeline (tiny bundle, in-process)', () => {
  afterAll(closeRuntimes);
  const dir = tempDir();
  const video = makeVideo(dir, 4);
  const opts: RunOptions = { bundleDir: TINY_BUNDLE, provider: 'cpu' };
  const req = (extra: Partial<GenerateRequest> = {}): GenerateRequest =>
    GenerateRequest.parse({ video, start: 0.5, end: 3.7, ambient: { mode: 'none' }, takes: 2, seed: 7, steps: 3, threads: 1, outDir: path.join(dir, 'out'), ...extra });

  it('writes one 48 kHz float WAV per take of exactly the span, with a sidecar; same seed → same audio', async () => {
    const stages: string[] = [];
    const r = await runGenerate(req(), { ...opts, progress: (_f, s) => stages.push(s) });
    expect(r.windows).toBe(2); // 3.2 s span over 2.048 s windows
    expect(r.takes.map((t) => t.seed)).toEqual([7, 8]);
    const want = Math.round(3.2 * 48000);
    const waves = [];
    for (const t of r.takes) {
      const w = await readWav(t.path);
      expect(w.rate).toBe(48000);
      expect(w.channels.length).toBe(1);
      expect(w.channels[0].length).toBe(want);
      expect(Math.abs(t.seconds - 3.2)).toBeLessThan(0.001);
      const side = JSON.parse(readFileSync(t.metadata, 'utf8')) as { bundle: string; seed: number; steps: number; provider: string };
      expect(side).toMatchObject({ bundle: 'tiny-foleyworld-v1', seed: t.seed, steps: 3, provider: 'cpu' });
      waves.push(w.channels[0]);
    }
    expect(waves[0].some((v) => v !== 0)).toBe(true);
    expect(Array.from(waves[0].subarray(0, 2000))).not.toEqual(Array.from(waves[1].subarray(0, 2000)));
    expect(stages.some((s) => /window 1–2\/2 · take 1–2\/2 · step 3\/3/.test(s))).toBe(true);
    expect(r.condition).toMatchObject({ mode: 'none', clip: null });
    expect(r.timings.totalSec).toBeGreaterThan(0);

    const again = await runGenerate(req({ outDir: path.join(dir, 'again') }), opts);
    const w2 = await readWav(again.takes[0].path);
    expect(Array.from(w2.channels[0])).toEqual(Array.from(waves[0]));
    expect(path.basename(again.takes[0].path)).toBe(path.basename(r.takes[0].path)); // same request, same name
    const other = await runGenerate(req({ takes: 1, steps: 2, outDir: path.join(dir, 'again') }), opts);
    expect(path.basename(other.takes[0].path)).not.toBe(path.basename(r.takes[0].path)); // never overwrites a different take
  });

  it('levels (issue 15): a span with hits gets one gain, its loudest take peaks at −6 dBFS; a bed keeps its level', async () => {
    const peakOf = async (file: string): Promise<{ wave: Float32Array; db: number }> => {
      const wave = (await readWav(file)).channels[0];
      return { wave, db: peakDb(wave) };
    };
    const hits = await runGenerate(req({ onsets: [1, 2], outDir: path.join(dir, 'level') }), opts);
    expect(hits.level.rule).toBe('span-peak');
    const peaks = await Promise.all(hits.takes.map((t) => peakOf(t.path)));
    expect(Math.max(...peaks.map((p) => p.db))).toBeCloseTo(TARGET_PEAK_DB, 3);
    for (const t of hits.takes) {
      expect(t.gainDb).toBe(hits.level.gainDb);
      expect((JSON.parse(readFileSync(t.metadata, 'utf8')) as { gainDb: number }).gainDb).toBe(hits.level.gainDb);
    }
    // The recorded gains are the measured change: take 1 alone is the same raw audio with its own gain.
    const alone = await runGenerate(req({ onsets: [1, 2], takes: 1, outDir: path.join(dir, 'level-alone') }), opts);
    const one = await peakOf(alone.takes[0].path);
    expect(one.db).toBeCloseTo(TARGET_PEAK_DB, 3);
    const ratio = 10 ** ((hits.takes[0].gainDb - alone.takes[0].gainDb) / 20);
    const scale = 10 ** (TARGET_PEAK_DB / 20);
    expect(one.wave.reduce((worst, v, i) => Math.max(worst, Math.abs(v * ratio - peaks[0].wave[i])), 0)).toBeLessThan(1e-5 * scale);
    // Explicitly no onsets: a bed, written at the model's level.
    const bed = await runGenerate(req({ onsets: [], outDir: path.join(dir, 'level-bed') }), opts);
    expect(bed.level).toMatchObject({ rule: 'bed', gainDb: 0 });
    const bedPeaks = await Promise.all(bed.takes.map((t) => peakOf(t.path)));
    expect(Math.max(...bedPeaks.map((p) => p.db))).toBeCloseTo(bed.level.peakDb!, 3);
    expect(bed.takes.every((t) => t.gainDb === 0)).toBe(true);
  });

  it('passes user onsets through and reports them; a short span uses one window', async () => {
    const r = await runGenerate(req({ start: 3.5, end: 3.95, takes: 1, onsets: [3.6, 3.8] }), opts);
    expect(r.windows).toBe(1);
    expect(r.onsets).toEqual([3.6, 3.8]);
    expect((await readWav(r.takes[0].path)).channels[0].length).toBe(Math.round(0.45 * 48000));
  });

  it('a long span in small batches (frames and sampling chunked) keeps its exact length and is continuous', async () => {
    const long = makeVideo(dir, 12, 'long.mp4');
    const stages: string[] = [];
    const r = await runGenerate(req({ video: long, start: 0.25, end: 11.9, takes: 1, steps: 1 }), { ...opts, maxRows: 3, progress: (_f, s) => stages.push(s) });
    expect(r.windows).toBe(8);
    expect(stages.some((s) => /window 6\/8 · frames/.test(s))).toBe(true);
    const w = (await readWav(r.takes[0].path)).channels[0];
    expect(w.length).toBe(Math.round(11.65 * 48000));
    expect(w.every(Number.isFinite)).toBe(true);
  });

  it('auto without a library falls back to the low-ambient condition and says so', async () => {
    const r = await runGenerate(req({ takes: 1, ambient: { mode: 'auto' }, start: 0, end: 1 }), opts);
    expect(r.condition.mode).toBe('low-fallback');
    expect(r.condition.note).toMatch(/not available/);
  });

  it('a condition file is decoded, looped and named in the result', async () => {
    const bed = makeWav(dir, 0.5);
    const r = await runGenerate(req({ takes: 1, ambient: { mode: 'file', path: bed }, start: 0, end: 1 }), opts);
    expect(r.condition).toMatchObject({ mode: 'file', clip: bed });
  });

  it('predicts onsets for a span (timing head)', async () => {
    const r = await runOnsets(video, 0, 3, opts);
    expect(r.available).toBe(true);
    for (const t of r.onsets) expect(t >= 0 && t < 3).toBe(true);
  });

  describe('bad input', () => {
    it('span shorter than 0.1 s', async () => {
      await expect(runGenerate(req({ start: 1, end: 1.05 }), opts)).rejects.toThrow(/50 ms: shorter than 100 ms/);
    });
    it('span outside the video', async () => {
      await expect(runGenerate(req({ start: 2, end: 9 }), opts)).rejects.toThrow(/outside the video \(0–4\.0/);
    });
    it('video without frames', async () => {
      const audio = makeAudioOnly(dir);
      await expect(runGenerate(req({ video: audio, start: 0, end: 1 }), opts)).rejects.toThrow(/sound\.m4a: has no video stream/);
    });
    it('condition file unreadable', async () => {
      const junk = path.join(dir, 'junk.wav');
      writeFileSync(junk, 'not audio at all');
      await expect(runGenerate(req({ ambient: { mode: 'file', path: junk }, start: 0, end: 1 }), opts)).rejects.toThrow(/condition clip unusable: .*junk\.wav/);
      await expect(runGenerate(req({ ambient: { mode: 'file', path: path.join(dir, 'gone.wav') }, start: 0, end: 1 }), opts)).rejects.toThrow(/gone\.wav: file not found/);
    });
    it('cancelled within one step, nothing written', async () => {
      const ac = new AbortController();
      const out = path.join(dir, 'cancelled');
      const p = runGenerate(req({ outDir: out, steps: 50 }), { ...opts, signal: ac.signal, progress: (_f, s) => /step 2\//.test(s) && ac.abort() });
      await expect(p).rejects.toMatchObject({ code: 'cancelled' });
      expect(existsSync(out)).toBe(false);
    });
  });
});
