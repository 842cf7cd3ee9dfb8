import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GenerateRequest, GenerateResult } from '../../main/contract/domains/inference';
import { workerRunner } from '../../main/engine/inference/runner';
import { TINY_BUNDLE } from './fixtures';
import { makeVideo, tempDir } from './media';

// The built worker thread (npm test builds first; in a dev loop run `npm run build`): generation runs off this
// thread's event loop, reports progress, and stops on cancel.
const file = path.resolve('dist/inference-worker.cjs');
describe.skipIf(!existsSync(file))('inference worker thread', () => {
  const runner = workerRunner(file);
  afterAll(() => runner.close());
  const dir = tempDir('a2s-worker-');
  const video = makeVideo(dir, 3);
  const target = { bundleDir: path.resolve(TINY_BUNDLE), threads: 1 };
  const req = (extra: Partial<GenerateRequest> = {}): GenerateRequest => GenerateRequest.parse({ video, start: 0, end: 2.5, ambient: { mode: 'none' }, steps: 6, outDir: path.join(dir, 'out'), ...extra });

  it('load → ready with the provider; run → result on the worker thread while this event loop keeps turning', async () => {
    expect(runner.mode).toBe('worker');
    expect(await runner.load(target)).toMatchObject({ id: 'tiny-foleyworld-v1', provider: 'cpu' });
    // How long this loop stalls is a speed figure (bench `inference-worker`); here: it is not blocked for the whole run.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const stages: string[] = [];
    const result: GenerateResult = await runner.run(target, { kind: 'generate', request: req({ takes: 2 }) }, { progress: (_f, s) => stages.push(s) });
    clearInterval(timer);
    expect(result.takes).toHaveLength(2);
    expect(stages.some((s) => /step 6\/6/.test(s))).toBe(true);
    expect(ticks).toBeGreaterThan(0);
  }, 180_000);

  it('cancel reaches the worker and the run rejects with code cancelled', async () => {
    const ac = new AbortController();
    const p = runner.run(target, { kind: 'generate', request: req({ steps: 300, outDir: path.join(dir, 'c') }) }, { signal: ac.signal, progress: (_f, s) => /step 2\//.test(s) && ac.abort() });
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('every ONNX task runs on the worker thread, its result parsed by its schema (vectors cross as Float32Array)', async () => {
    const span = await runner.run(target, { kind: 'embedSpan', video, start: 0, end: 1 });
    expect(span).toMatchObject({ bundle: 'tiny-foleyworld-v1', windows: 1 });
    expect(span.vector).toBeInstanceOf(Float32Array);
    expect(Math.hypot(...span.vector!)).toBeCloseTo(1, 4);
    const wave = new Float32Array(32768).map((_, i) => Math.sin(i / 9) * 0.1);
    const audio = await runner.run(target, { kind: 'embedAudio', waves: [wave, wave.map((x) => x / 2)] });
    expect(audio.vectors).toHaveLength(2);
    expect(audio.vectors[0]).toBeInstanceOf(Float32Array);
    const segments = [new Float32Array(8192), new Float32Array(8192).map((_, i) => Math.sin(i / 5) * 0.3)];
    const vad = await runner.run(null, { kind: 'vad', segments });
    expect(vad.speechFrames).toHaveLength(2);
    for (const n of vad.speechFrames) expect(n).toBeGreaterThanOrEqual(0);
    expect(vad.speechFrames[0]).toBe(0); // silence is no speech
    const onsets = await runner.run(target, { kind: 'onsets', video, start: 0, end: 1 });
    expect(onsets).toMatchObject({ bundle: 'tiny-foleyworld-v1' });
  }, 180_000);

  it('errors cross the thread as EngineErrors with their code and message', async () => {
    await expect(runner.run(target, { kind: 'generate', request: req({ end: 30 }) })).rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/outside the video/) });
  });
});
