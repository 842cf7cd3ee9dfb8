import { afterAll, describe, expect, it } from 'vitest';
import { closeRuntimes, embedAudio, embedVideoSpan } from '../../main/engine/inference';
import { TINY_BUNDLE } from './fixtures';
import { makeAudioOnly, makeVideo, tempDir } from './media';

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
