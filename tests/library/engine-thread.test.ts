import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../main/engine/host';
import { sessionsCreated, useRunner, workerRunner } from '../../main/engine/inference';
import { getLibrary } from '../../main/engine/library';
import { TINY_BUNDLE, tempDir } from './fixtures';
import { makeVideo } from '../inference/media';

// Issue 19: the engine's clip library runs no ONNX session on the engine thread (the one that answers requests):
// an import's Silero VAD and AV-Sim audio embeddings, and a span's AV-Sim video vector, go to the engine's inference
// worker thread (the built dist/inference-worker.cjs; npm test builds first, in a dev loop run `npm run build`).
const file = path.resolve('dist/inference-worker.cjs');
describe.skipIf(!existsSync(file))('the engine library on the inference worker', () => {
  const dir = tempDir();
  const saved = { ...process.env };
  Object.assign(process.env, { A2S_BUNDLE: path.resolve(TINY_BUNDLE), A2S_LIBRARY_STARTER: '0', A2S_LIBRARY_WORKER: '0' });
  delete process.env.A2S_LIBRARY_DB;
  const engine = new Engine({ dataDir: path.join(dir, 'data') });
  const runner = workerRunner(file);
  useRunner(engine.services, runner);
  afterAll(async () => {
    process.env = saved;
    await runner.close();
  });

  it('imports (speech verdict + vectors) and retrieves for a span with no session created on this thread', async () => {
    const before = sessionsCreated();
    const lib = await getLibrary(engine.services, { starter: false });
    const crowd = path.join('assets', 'library', 'town_0ad_amb_trade_10.ogg');
    const wind = path.join('assets', 'library', 'wind_re_wind.ogg');
    const r = await lib.import([crowd, wind]);
    expect(r.added).toBe(2);
    const [a, b] = r.addedIds.map((id) => lib.clip(id)!);
    // Silero ran (on the worker): the crowd speaks, the wind does not.
    expect(a!.speech).toBe(true);
    expect(b!.speech).toBe(false);
    // AV-Sim audio ran (on the worker): each clip has a unit vector for the bundle.
    for (const id of r.addedIds) {
      const v = lib.embeddingOf(id)!.vector;
      expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    }
    const video = makeVideo(dir, 2);
    const sugg = await engine.call('library:retrieve', { video, start: 0, end: 1.5, k: 2 });
    expect(sugg.results).toHaveLength(2);
    expect(sessionsCreated()).toEqual(before);
  }, 180_000);
});
