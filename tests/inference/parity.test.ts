import { afterAll, describe, expect, it } from 'vitest';
import { closeRuntimes, openRuntime } from '../../main/engine/inference/runtime';
import { makeSampler } from '../../main/engine/inference/samplers';
import { concatContext, decodeLatents, encodeCondition, encodeVideo, sampleLatents } from '../../main/engine/inference/stages';
import { TINY_BUNDLE, f32, maxAbsDiff, parityIndex } from './fixtures';

// Acceptance: the TS pipeline on the tiny bundle reproduces the Python reference (models/a2s_models/export/parity.py).
describe('parity with the Python pipeline (tiny bundle)', () => {
  afterAll(closeRuntimes);
  const idx = parityIndex();

  it('every stage, the sampling loop and the wave match', async () => {
    const rt = await openRuntime(TINY_BUNDLE, { threads: 1, provider: 'cpu' });
    expect(rt.bundle.id).toBe(idx.bundle);
    const video = await encodeVideo(rt, f32('frames'), 1);
    expect(maxAbsDiff(video.tokens, f32('videoTokens'))).toBeLessThan(1e-4);
    expect(video.onsets).not.toBeNull();
    expect(maxAbsDiff(video.onsets!, f32('onsets'))).toBeLessThan(1e-4);
    const audio = await encodeCondition(rt, f32('condWave'), 1);
    expect(maxAbsDiff(audio, f32('audioTokens'))).toBeLessThan(1e-4);
    const context = concatContext(video.tokens, audio, 1);
    expect(maxAbsDiff(context, f32('context'))).toBeLessThan(1e-4);

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
        if (ref) stepDiffs.push(maxAbsDiff(latent, f32(ref.latent)));
      },
    });
    expect(seen).toEqual(idx.timesteps);
    expect(stepDiffs.length).toBe(idx.steps.length);
    for (const d of stepDiffs) expect(d).toBeLessThan(1e-3);
    const latentDiff = maxAbsDiff(final, f32('finalLatent'));
    expect(latentDiff).toBeLessThan(1e-3);

    const { mel, wave } = await decodeLatents(rt, final, 1);
    expect(maxAbsDiff(mel, f32('mel'))).toBeLessThan(1e-2);
    const waveDiff = maxAbsDiff(wave, f32('wave'));
    expect(waveDiff).toBeLessThan(1e-2);
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
    expect(maxAbsDiff(first!, want)).toBeLessThan(1e-4);
  });
});
