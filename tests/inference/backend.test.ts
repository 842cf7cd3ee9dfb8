import { afterEach, describe, expect, it } from 'vitest';
import { Backend, candidateProviders, wrapRunError } from '../../main/engine/inference/backend';
import { TINY_BUNDLE } from './fixtures';

describe('ONNX Runtime backend', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('provider order: cuda → dml → coreml → cpu where installed; cpu always last; env and option override', () => {
    const c = candidateProviders();
    expect(c.at(-1)).toBe('cpu');
    expect(c).not.toContain('cuda'); // this install has no CUDA provider library
    process.env.A2S_PROVIDER = 'coreml';
    expect(candidateProviders()).toEqual(['coreml']);
    expect(candidateProviders('cpu')).toEqual(['cpu']);
  });

  it('reports the provider actually used and the real I/O metadata; caches sessions; disposes', async () => {
    const b = new Backend({ threads: 1 });
    const s = await b.open(`${TINY_BUNDLE}/decoder.onnx`);
    expect(s.provider).toBe('cpu');
    expect(s.inputs.map((i) => i.name)).toEqual(['latent']);
    expect(s.inputs[0].shape?.length).toBe(3);
    expect(await b.open(`${TINY_BUNDLE}/decoder.onnx`)).toBe(s);
    const out = await s.run({ latent: { data: new Float32Array(64 * 128), dims: [1, 64, 128] } });
    expect(out.mel.dims).toEqual([1, 64, 128]);
    await b.dispose();
  });

  it('a forced provider that is not installed fails naming the graph', async () => {
    const b = new Backend({ provider: 'cuda', threads: 1 });
    await expect(b.open(`${TINY_BUNDLE}/decoder.onnx`)).rejects.toThrow(/cannot open ONNX graph .*decoder\.onnx: cuda:/);
  });

  it('out of memory becomes advice: fewer takes or threads', () => {
    const e = wrapRunError(new Error('Failed to allocate memory for requested buffer of size 8589934592'), 'denoiser.onnx', 64);
    expect(e.code).toBe('unavailable');
    expect(e.message).toMatch(/out of memory running denoiser\.onnx with batch 64: try fewer takes .* fewer threads/);
    expect(wrapRunError(new Error('Got invalid dimensions for input: latent'), 'denoiser.onnx', 2).message).toMatch(/denoiser\.onnx: inference failed: Got invalid dimensions/);
  });
});
