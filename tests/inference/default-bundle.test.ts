import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GenerateRequest } from '../../main/contract/domains/inference';
import { closeRuntimes, openRuntime, runGenerate } from '../../main/engine/inference';
import { peakDb, TARGET_PEAK_DB } from '../../main/engine/inference/level';
import { readWav } from '../../main/engine/media';
import { ablationRuntime } from '../../main/engine/eval/generate';
import { encodeVideo } from '../../main/engine/inference/stages';
import { makeVideo, tempDir } from './media';

// The shipped bundle (arrives once trained) through the same code: nothing in TypeScript is specific to the tiny one.
const DEFAULT = 'models/bundles/default';
describe.skipIf(!existsSync(path.join(DEFAULT, 'manifest.json')))('the default bundle', () => {
  afterAll(closeRuntimes);

  it('validates (hashes, graph I/O) and generates a take of the exact span length', async () => {
    const rt = await openRuntime(DEFAULT, { threads: 1 });
    expect(rt.bundle.id).toMatch(/default/);
    const dir = tempDir('a2s-default-');
    const video = makeVideo(dir, 3);
    const r = await runGenerate(GenerateRequest.parse({ video, start: 0.2, end: 2.7, ambient: { mode: 'low' }, steps: 3, threads: 1, outDir: dir }), { bundleDir: DEFAULT });
    const w = await readWav(r.takes[0].path);
    expect(w.rate).toBe(48000);
    expect(w.channels[0].length).toBe(Math.round(2.5 * 48000));
    expect(w.channels[0].every(Number.isFinite)).toBe(true);
  });

  it('takes with hits come out at an audible level: the span\'s loudest take peaks at −6 dBFS (issue 15)', async () => {
    const dir = tempDir('a2s-default-level-');
    const video = makeVideo(dir, 3);
    const r = await runGenerate(GenerateRequest.parse({ video, start: 0.2, end: 2.7, onsets: [0.8, 1.9], takes: 2, ambient: { mode: 'low' }, steps: 3, threads: 1, outDir: dir }), { bundleDir: DEFAULT });
    expect(r.level.rule).toBe('span-peak');
    const peaks = await Promise.all(r.takes.map(async (t) => peakDb((await readWav(t.path)).channels[0])));
    expect(Math.max(...peaks)).toBeCloseTo(TARGET_PEAK_DB, 3);
    // The raw model output is much quieter (~−30 dBFS): the recorded gain is what lifted it.
    expect(r.level.peakDb! + r.level.gainDb).toBeCloseTo(TARGET_PEAK_DB, 3);
    expect(r.level.gainDb).toBeGreaterThan(6);
  });
});

describe.skipIf(!existsSync(path.join(DEFAULT, 'manifest.json')))('the default bundle\'s no-audio ablation', () => {
  afterAll(closeRuntimes);

  it('ships the ablation graphs, and the eval runtime swaps in its own video encoder and denoiser', async () => {
    const rt = await openRuntime(DEFAULT, { threads: 1 });
    const ab = ablationRuntime(rt);
    expect(ab).not.toBeNull();
    const frames = new Float32Array(rt.bundle.manifest.video.frames * 3 * rt.bundle.manifest.video.height * rt.bundle.manifest.video.width).map((_, i) => Math.sin(i / 97));
    const main = await encodeVideo(rt, frames, 1);
    const other = await encodeVideo(ab!, frames, 1);
    expect(other.tokens.length).toBe(main.tokens.length);
    let diff = 0;
    for (let i = 0; i < main.tokens.length; i++) diff = Math.max(diff, Math.abs(main.tokens[i]! - other.tokens[i]!));
    expect(diff).toBeGreaterThan(1e-3); // a different, separately trained network
  });

  it('is absent from a bundle without those graphs', async () => {
    expect(ablationRuntime(await openRuntime('models/bundles/tiny', { threads: 1 }))).toBeNull();
  });
});
