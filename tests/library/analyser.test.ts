import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleAudioEmbedder, type Embedder } from '../../main/engine/library/embedder';
import { createAnalyser, type Analysed, type AnalyserOptions } from '../../main/engine/library/analyser';
import { SileroVad } from '../../main/engine/library/vad';
import { TINY_BUNDLE, ffmpegAudio, sox, tempDir } from './fixtures';

// The built worker (npm test builds first; in a dev loop run `npm run build`).
const built = path.resolve('dist/library-worker.cjs');

/** Every file through one analyser: measurements, then VAD + embeddings of all the good ones in one `infer`. */
async function run(opts: AnalyserOptions, files: string[]): Promise<{ analysed: Analysed[]; inferred: unknown[] }> {
  const analyser = createAnalyser(opts);
  try {
    const analysed = await Promise.all(files.map((f) => analyser.analyse(f, 1024)));
    const refs = analysed.flatMap((a) => (a.ok ? [a.ref] : []));
    const inferred = await analyser.infer(refs);
    // Where the work ran is not part of the result.
    return { analysed: analysed.map((a) => (a.ok ? { ...a, ref: null } : a)) as Analysed[], inferred };
  } finally {
    await analyser.close();
  }
}

describe.skipIf(!existsSync(built))('import threads: this one + worker threads (built dist/library-worker.cjs)', () => {
  const dir = tempDir();
  const files: string[] = [];
  let vad: SileroVad;
  let embedder: Embedder;

  beforeAll(async () => {
    files.push(
      sox(path.join(dir, 'rain.wav'), ['3', 'pinknoise', 'vol', '0.3'], { channels: 2, bits: 16 }),
      sox(path.join(dir, 'room.wav'), ['2', 'brownnoise', 'vol', '0.003'], { rate: 44100, bits: 24 }),
      sox(path.join(dir, 'hum.wav'), ['1.5', 'sine', '60', 'vol', '0.05'], { rate: 16000, bits: 32 }),
      sox(path.join(dir, 'tone.wav'), ['9', 'sine', '440', 'vol', '0.2'], { channels: 2, bits: 16 }),
      ffmpegAudio(path.join(dir, 'creek.ogg'), 'anoisesrc=c=white:a=0.2', 2),
      path.join(dir, 'missing.wav'),
    );
    vad = await SileroVad.open();
    embedder = (await bundleAudioEmbedder(TINY_BUNDLE))!;
  });
  afterAll(async () => {
    await vad.dispose();
    await embedder.dispose?.();
  });

  it('this thread + 2 workers give exactly what this thread alone gives (measurements, speech, embeddings), in order', async () => {
    const models = { vad, embedders: [embedder] };
    const serial = await run({ ...models, workerFile: path.join(dir, 'no-such-worker.cjs') }, files);
    const threaded = await run({ ...models, workerFile: built, workers: 3 }, files);
    const one = await run({ ...models, workerFile: built, workers: 2 }, files);
    expect(serial.analysed.filter((a) => a.ok)).toHaveLength(5);
    expect(serial.analysed.at(-1)).toMatchObject({ ok: false, error: expect.stringContaining('missing.wav') as string });
    expect(serial.inferred).toHaveLength(5);
    expect(threaded).toEqual(serial);
    expect(one).toEqual(serial);
  });

  it('spreads files over this thread and a worker, and infers each clip where it was analysed', async () => {
    const analyser = createAnalyser({ vad: null, embedders: [embedder], workerFile: built, workers: 2 });
    try {
      const analysed = await Promise.all(files.slice(0, 4).map((f) => analyser.analyse(f, 1024)));
      const refs = analysed.map((a) => (a.ok ? a.ref : null)).filter((r) => r !== null);
      expect(new Set(refs.map((r) => r.thread))).toEqual(new Set([0, 1]));
      analyser.release(refs.slice(0, 1)); // a duplicate: its inputs are dropped
      await expect(analyser.infer(refs.slice(0, 1))).rejects.toThrow(/no analysed clip/);
      const res = await analyser.infer(refs.slice(1));
      expect(res.map((r) => r.speech)).toEqual([null, null, null]); // VAD off
      for (const r of res) expect(r.vectors.get(embedder.bundleId)!.length).toBeGreaterThan(0);
    } finally {
      await analyser.close();
    }
  });
});
