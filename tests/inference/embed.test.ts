import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeRuntimes, embedAudio, embedVideoSpan, loadConditionWave, makeBundle, openAudioEmbedder, readManifest } from '../../main/engine/inference';
import { embedPool } from '../../main/engine/inference/pool-embed';
import { TINY_BUNDLE } from './fixtures';
import { makeAudioOnly, makeVideo, makeWav, tempDir } from './media';

describe('AV-Sim embeddings for the library', () => {
  afterAll(closeRuntimes);
  const dir = tempDir();
  const video = makeVideo(dir, 3);

  it('embedAudio: one L2-normalised vector per wave, deterministic', async () => {
    const a = new Float32Array(32768).map((_, i) => Math.sin(i / 10) * 0.1);
    const short = new Float32Array(1000).fill(0.05); // zero-padded to the clip
    const [e1, e2] = await embedAudio(TINY_BUNDLE, [a, short]);
    expect(e1.length).toBe(128);
    expect(Math.hypot(...e1)).toBeCloseTo(1, 4);
    expect(Array.from(e1)).not.toEqual(Array.from(e2));
    const [again] = await embedAudio(TINY_BUNDLE, [a]); // batch of 1 vs 2: same up to float rounding
    for (let i = 0; i < e1.length; i++) expect(again[i]).toBeCloseTo(e1[i], 5);
  });

  it('the library import embedder (avsimAudio alone, own backend) gives the generation runtime\'s vectors', async () => {
    const waves = [0.1, 0.3].map((f) => new Float32Array(32768).map((_, i) => Math.sin(i * f) * 0.2));
    const viaRuntime = await embedAudio(TINY_BUNDLE, waves);
    const alone = (await openAudioEmbedder(TINY_BUNDLE))!;
    try {
      const got = await alone.embed(waves);
      got.forEach((v, r) => v.forEach((x, k) => expect(x).toBeCloseTo(viaRuntime[r]![k]!, 5)));
    } finally {
      await alone.dispose();
    }
  });

  it('embedPool stores, per pool clip, the unit vector of the condition wave a generation feeds (1e-5), other fields kept', async () => {
    const bundle = path.join(dir, 'bundle');
    cpSync(TINY_BUNDLE, bundle, { recursive: true });
    const m = JSON.parse(readFileSync(path.join(bundle, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(bundle, 'manifest.json'), JSON.stringify({ ...m, conditions: { pool: 'conditions/pool.json' } }));
    const cond = path.join(bundle, 'conditions');
    mkdirSync(cond);
    const clips = [makeWav(cond, 1, 'a.wav'), makeWav(cond, 3, 'b.wav')]; // 1 s loops to the 2.048 s clip, 3 s is cut
    writeFileSync(path.join(cond, 'pool.json'), JSON.stringify(clips.map((f, i) => ({ file: path.basename(f), ambientDb: -40 - i, tag: `t${i}` }))));
    const r = await embedPool(bundle);
    expect(r).toMatchObject({ clips: 2, dims: 128 });
    const stored = JSON.parse(readFileSync(path.join(cond, 'pool.json'), 'utf8')) as { file: string; ambientDb: number; tag: string; embedding: number[] }[];
    expect(stored.map((e) => [e.file, e.ambientDb, e.tag])).toEqual([['a.wav', -40, 't0'], ['b.wav', -41, 't1']]);
    const b = makeBundle(bundle, readManifest(bundle));
    const want = await embedAudio(bundle, await Promise.all(clips.map((f) => loadConditionWave(b, f))));
    stored.forEach((e, i) => {
      const n = Math.hypot(...want[i]!);
      e.embedding.forEach((x, k) => expect(Math.abs(x - want[i]![k]! / n)).toBeLessThanOrEqual(6e-6));
    });
  });

  it('embedVideoSpan: a span of a real mp4 → unit vector; different spans differ', async () => {
    const e1 = await embedVideoSpan(TINY_BUNDLE, video, 0, 1);
    const e2 = await embedVideoSpan(TINY_BUNDLE, video, 0.5, 2.9);
    expect(e1.length).toBe(128);
    expect(Math.hypot(...e1)).toBeCloseTo(1, 4);
    expect(Math.hypot(...e2)).toBeCloseTo(1, 4);
    expect(Array.from(e1)).not.toEqual(Array.from(e2));
  });

  it('embedVideoSpan on an audio-only file says it has no video', async () => {
    await expect(embedVideoSpan(TINY_BUNDLE, makeAudioOnly(dir), 0, 1)).rejects.toThrow(/no video stream/);
  });
});
