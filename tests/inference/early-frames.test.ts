import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { GenerateRequest } from '../../main/contract/domains/inference';
import { closeRuntimes } from '../../main/engine/inference';
import { spanInputs } from '../../main/engine/inference/frames';
import { runGenerate } from '../../main/engine/inference/pipeline';
import { openForSpan } from '../../main/engine/inference/video-stage';
import { TINY_BUNDLE } from './fixtures';
import { makeVideo, tempDir } from './media';

// Cold start (issue 20): the request that opens a runtime decodes its span's first frames while the graphs open;
// those frames are the ones a warm runtime decodes, and the takes come out the same either way.
const dir = tempDir('a2s-early-');
const video = makeVideo(dir, 6);
afterAll(async () => {
  await closeRuntimes();
  rmSync(dir, { recursive: true, force: true });
});

describe('early frames', () => {
  it('only the call that opens the runtime starts them; they equal a plain decode of the first batch', async () => {
    await closeRuntimes();
    const span = { video, start: 0.5, end: 5.5, duration: 6, maxRows: 2 };
    const cold = await openForSpan(TINY_BUNDLE, { threads: 1 }, span);
    expect(cold.early).not.toBeNull();
    expect(cold.early!.starts).toEqual(cold.plan.starts.slice(0, 2));
    const { inputs, sec } = await cold.early!.first;
    expect(sec).toBeGreaterThan(0);
    expect(inputs).toEqual(await spanInputs(cold.rt.bundle, video, cold.plan.starts.slice(0, 2)));
    const warm = await openForSpan(TINY_BUNDLE, { threads: 1 }, span);
    expect(warm.rt).toBe(cold.rt);
    expect(warm.early).toBeNull();
    // a request that decodes nothing (embedSpan without AV-Sim) starts nothing
    await closeRuntimes();
    expect((await openForSpan(TINY_BUNDLE, { threads: 1 }, span, () => false)).early).toBeNull();
  });

  it('a generation on a cold runtime (early frames) writes the same takes as on a warm one', async () => {
    await closeRuntimes();
    const req = GenerateRequest.parse({ video, start: 0.5, end: 5.5, ambient: { mode: 'none' as const }, takes: 2, seed: 7, steps: 3, outDir: dir, threads: 1 });
    const cold = await runGenerate(req, { bundleDir: TINY_BUNDLE, maxRows: 2 });
    expect(cold.timings.sessionsOpened).toBeGreaterThan(0); // this run opened the runtime
    const coldBytes = cold.takes.map((t) => readFileSync(t.path));
    const warm = await runGenerate(req, { bundleDir: TINY_BUNDLE, maxRows: 2 });
    expect(warm.timings.sessionsOpened).toBe(0);
    expect(warm.takes.map((t) => t.path)).toEqual(cold.takes.map((t) => t.path));
    expect(warm.takes.map((t) => readFileSync(t.path))).toEqual(coldBytes);
    expect(warm.level).toEqual(cold.level);
    expect(warm.onsets).toEqual(cold.onsets);
  });
});
