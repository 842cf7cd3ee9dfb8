import { afterAll, describe, expect, it } from 'vitest';
import { closeRuntimes, openRuntime } from '../../main/engine/inference/runtime';
import { makeSampler } from '../../main/engine/inference/samplers';
import { concatContext, decodeLatents, encodeCondition, encodeVideo, sampleLatents } from '../../main/engine/inference/stages';
import { TINY_BUNDLE, absMax, f32, maxAbsDiff, parityIndex, relDiff } from './fixtures';

// Acceptance: the TS pipeline on the tiny bundle reproduces the Python reference (models/a2s_models/export/parity.py),
// within the fixture's relative tolerances (each difference over the reference array's own scale).
describe('parity with the Python pipeline (tiny bundle)', () => {
  afterAll(closeRuntimes);
  const idx = parityIndex();
  const tol = idx.tolerance;
  const rel = (got: ArrayLike<number>, name: string): number => relDiff(got, name, idx);

  it('every stage, the sampling loop and the wave match', async () => {
    const rt = await openRuntime(TINY_BUNDLE, { threads: 1, provider: 'cpu' });
    expect(rt.bundle.id).toBe(idx.bundle);
    const video = await encodeVideo(rt, f32('frames'), 1);
    expect(rel(video.tokens, 'videoTokens')).toBeLessThan(tol.perGraph);
    expect(video.onsets).not.toBeNull();
    expect(rel(video.onsets!, 'onsets')).toBeLessThan(tol.perGraph);
    const audio = await encodeCondition(rt, f32('condWave'), 1);
    expect(rel(audio, 'audioTokens')).toBeLessThan(tol.perGraph);
    const context = concatContext(video.tokens, audio, 1);
    expect(rel(context, 'context')).toBeLessThan(tol.perGraph);

    const seen: number[] = [];
    const stepDiffs: number[] = [];
    const final = await sampleLatents(rt, {
      context,
      envelope: video.onsets,
      latents: f32('initialLatent'),
      rows: 1,
      steps: idx.diffusion.steps,
      guidance: idx.diffusion.guidance,
      onStep: (info, latent) => {
        seen.push(info.t);
        const ref = idx.steps[info.index];
        if (ref) stepDiffs.push(rel(latent, ref.latent));
      },
    });
    expect(seen).toEqual(idx.timesteps);
    expect(stepDiffs.length).toBe(idx.steps.length);
    for (const d of stepDiffs) expect(d).toBeLessThan(tol.stepLatent);
    expect(rel(final, 'finalLatent')).toBeLessThan(tol.final);

    const { mel, wave } = await decodeLatents(rt, final, 1);
    expect(rel(mel, 'mel')).toBeLessThan(tol.final);
    expect(rel(wave, 'wave')).toBeLessThan(tol.wave);
  });

  it('guidance 1 runs only the conditional rows and equals the conditional step', async () => {
    const rt = await openRuntime(TINY_BUNDLE, { threads: 1, provider: 'cpu' });
    const d = rt.bundle.manifest.diffusion;
    const sampler = makeSampler(d.sampler, d);
    sampler.setTimesteps(idx.diffusion.steps);
    const want = sampler.step(f32('step0_cond'), idx.timesteps[0], f32('initialLatent'));
    let first: Float32Array | null = null;
    await sampleLatents(rt, {
      context: f32('context'),
      envelope: f32('onsets'),
      latents: f32('initialLatent'),
      rows: 1,
      steps: idx.diffusion.steps, // same schedule as the fixture: the first step depends on the next timestep
      guidance: 1,
      onStep: (info, latent) => {
        if (info.index === 0) first = latent.slice();
      },
    });
    expect(maxAbsDiff(first!, want) / (absMax(want) || 1)).toBeLessThan(tol.stepLatent);
  });
});
