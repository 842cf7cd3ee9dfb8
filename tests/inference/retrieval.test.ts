import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GenerateResult } from '../../main/contract/domains/inference';
import { inferenceRunner } from '../../main/engine/handlers/inference';
import { Engine } from '../../main/engine/host';
import { getLibrary } from '../../main/engine/library';
import { TINY_BUNDLE } from './fixtures';
import { makeVideo, makeWav, tempDir } from './media';

// `auto`/`low` through the real clip library (SQLite file, AV-Sim vectors of the tiny bundle).
describe('ambient auto/low via the clip library', () => {
  const dir = tempDir('a2s-retrieval-');
  const saved = { ...process.env };
  process.env.A2S_BUNDLE = path.resolve(TINY_BUNDLE);
  process.env.A2S_LIBRARY_STARTER = '0';
  const engine = new Engine({ dataDir: path.join(dir, 'data') });
  const video = makeVideo(dir, 3);
  afterAll(async () => {
    process.env = saved;
    await inferenceRunner(engine.services).close();
  });

  async function generate(mode: 'auto' | 'low'): Promise<GenerateResult> {
    const { jobId } = await engine.call('generate:start', { video, start: 0, end: 1, steps: 2, threads: 1, ambient: { mode }, bundle: TINY_BUNDLE, outDir: path.join(dir, mode) });
    return new Promise((resolve, reject) => {
      engine.events.subscribe((event, payload) => {
        const p = payload as { jobId: string; result?: unknown; error?: { message: string } };
        if (p.jobId !== jobId) return;
        if (event === 'job:done') resolve(GenerateResult.parse(p.result));
        if (event === 'job:failed') reject(new Error(p.error?.message));
      });
    });
  }

  it('an empty library: auto falls back and the note says why', async () => {
    const r = await generate('auto');
    expect(r.condition.mode).toBe('low-fallback');
    expect(r.condition.note).toMatch(/clip library: .*no clip embeddings/);
  });

  it('with clips: auto retrieves one (id, score, path); low picks the quietest relevant one', async () => {
    const lib = await getLibrary(engine.services, { starter: false });
    const loud = makeWav(dir, 2, 'loud.wav');
    const quiet = path.join(dir, 'quiet.wav');
    const { execFileSync } = await import('node:child_process');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'anoisesrc=d=2:c=brown:a=0.002:r=16000', quiet]);
    const rep = await lib.import([loud, quiet]);
    expect(rep.added).toBe(2);
    const auto = await generate('auto');
    expect(auto.condition.mode).toBe('auto');
    expect(auto.condition.clip).toMatch(/^\d+$/);
    expect(typeof auto.condition.score).toBe('number');
    expect([loud, quiet]).toContain(auto.condition.path);
    const low = await generate('low');
    expect(low.condition).toMatchObject({ mode: 'low', path: quiet });
  });
});
