import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeRuntimes, openRuntime } from '../../main/engine/inference/runtime';
import { makeSampler } from '../../main/engine/inference/samplers';
import { sampleLatents } from '../../main/engine/inference/stages';
import { GenerateRequest } from '../../main/contract/domains/inference';
import { runGenerate } from '../../main/engine/inference';
import { makeVideo, tempDir } from './media';
import { TINY_BUNDLE, absMax, f32, maxAbsDiff, parityIndex, relDiff } from './fixtures';

// diffusion.guidanceInterval (issue 20): guidance only at timesteps inside [from, to]; elsewhere the conditional
// output alone. Checked on the tiny bundle's real graphs against the Python parity fixture.
describe('guidance interval', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await closeRuntimes();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const idx = parityIndex();

  /** The tiny bundle copied with `guidanceInterval` set in its manifest. */
  function tinyWith(interval: [number, number]): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'a2s-gi-'));
    dirs.push(dir);
    cpSync(TINY_BUNDLE, dir, { recursive: true });
    const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { diffusion: Record<string, unknown> };
    m.diffusion.guidanceInterval = interval;
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
    return dir;
  }

  async function sample(dir: string): Promise<{ first: Float32Array; final: Float32Array }> {
    const rt = await openRuntime(dir, { threads: 1, provider: 'cpu' });
    let first: Float32Array | null = null;
    const final = await sampleLatents(rt, {
      context: f32('context'),
      envelope: f32('onsets'),
      latents: f32('initialLatent'),
      rows: 1,
      steps: idx.diffusion.steps,
      guidance: idx.diffusion.guidance,
      onStep: (info, latent) => {
        if (info.index === 0) first = latent.slice();
      },
    });
    return { first: first!, final };
  }

  it('an interval holding every timestep is plain guidance (the fixture)', async () => {
    const { final } = await sample(tinyWith([0, 999]));
    expect(relDiff(final, 'finalLatent', idx)).toBeLessThan(idx.tolerance.final);
  });

  it('outside the interval the step is the conditional one; inside, guidance still acts', async () => {
    const [t0, t1] = idx.timesteps;
    const { first, final } = await sample(tinyWith([0, t1!])); // every timestep but the first
    const rt = await openRuntime(TINY_BUNDLE, { threads: 1, provider: 'cpu' });
    const d = rt.bundle.manifest.diffusion;
    const sampler = makeSampler(d.sampler, d);
    sampler.setTimesteps(idx.diffusion.steps);
    const cond = sampler.step(f32('step0_cond'), t0!, f32('initialLatent'));
    const guided = f32(idx.steps[0]!.latent);
    expect(maxAbsDiff(first, cond) / (absMax(cond) || 1)).toBeLessThan(idx.tolerance.stepLatent);
    expect(maxAbsDiff(first, guided) / (absMax(guided) || 1)).toBeGreaterThan(idx.tolerance.stepLatent);
    // The later steps are guided: the result differs from an unguided run started the same way.
    const unguided = await sample(tinyWith([1000, 1000]));
    expect(maxAbsDiff(final, unguided.final) / (absMax(unguided.final) || 1)).toBeGreaterThan(idx.tolerance.final);
  });

  it('a generation says where guidance ran, in the result and the sidecar, and its takes do not overwrite plain-guidance takes', async () => {
    const out = tempDir('a2s-gi-gen-');
    const video = makeVideo(out, 3);
    const req = GenerateRequest.parse({ video, start: 0.2, end: 2.2, ambient: { mode: 'low' }, steps: 4, threads: 1, outDir: out });
    const limited = await runGenerate(req, { bundleDir: tinyWith([250, 999]) });
    const plain = await runGenerate(req, { bundleDir: TINY_BUNDLE });
    expect(limited.guidanceInterval).toEqual([250, 999]);
    expect(plain.guidanceInterval).toBeNull();
    expect(JSON.parse(readFileSync(limited.takes[0]!.metadata, 'utf8'))).toMatchObject({ guidanceInterval: [250, 999] });
    expect(limited.takes[0]!.path).not.toBe(plain.takes[0]!.path);
  });

  it('a reversed interval is refused when the bundle is read', async () => {
    await expect(openRuntime(tinyWith([500, 100]), { threads: 1, provider: 'cpu' })).rejects.toThrow(/guidanceInterval/);
  });
});
