import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GenerateRequest } from '../../main/contract/domains/inference';
import { Backend, closeRuntimes, hasMotionTiming, hasTimingHead, loadBundle, openRuntime, readManifest } from '../../main/engine/inference';
import { spanInputs } from '../../main/engine/inference/frames';
import { runGenerate, runOnsets, type RunOptions } from '../../main/engine/inference/pipeline';
import { describeRuntime } from '../../main/engine/inference/tasks';
import { encodeMotion } from '../../main/engine/inference/stages';
import { onsetTimes, pickOnsets } from '../../main/engine/inference/timing';
import { planWindows } from '../../main/engine/inference/windows';
import { readWav } from '../../main/engine/media';
import { TINY_BUNDLE } from './fixtures';
import { makeVideo, tempDir } from './media';
import { motionBundle } from './motion-bundle';

// A bundle with graphs.motionTiming (issue 16): the tiny bundle plus an untrained motion graph. Its onsets replace
// the video encoder's (timing head), and a span without given onsets is generated from impulses at them.
describe('motion timing graph in a bundle', () => {
  afterAll(closeRuntimes);
  const dir = tempDir('a2s-motion-test-');
  const video = makeVideo(dir, 4);
  const bundle = motionBundle();
  const opts: RunOptions = { bundleDir: bundle, provider: 'cpu' };

  it('loads: hashed, opened and I/O-checked at load with the generation graphs; it is the timing head', async () => {
    const rt = await openRuntime(bundle, { threads: 1, provider: 'cpu' });
    expect(rt.startup.opened).toContain('motionTiming');
    expect([...rt.bundle.io.motionTiming!.inputs]).toEqual(['frames']);
    expect(hasMotionTiming(rt.bundle)).toBe(true);
    expect(hasTimingHead(rt.bundle)).toBe(true);
    expect(describeRuntime(rt)).toMatchObject({ id: 'tiny-motion', hasTimingHead: true });
    expect(rt.bundle.manifest.motion).toMatchObject({ frames: 64, width: 128, height: 128, sampling: 'left', resize: 'area' });
  });

  it('runs through ONNX Runtime on ffmpeg-decoded luma frames of the span (128×128, gray/255)', async () => {
    const rt = await openRuntime(bundle, { threads: 1, provider: 'cpu' });
    const starts = planWindows(0.3, 3.9, 2.048, 4).starts;
    const inputs = await spanInputs(rt.bundle, video, starts);
    expect(starts.length).toBeGreaterThan(1);
    expect(inputs.frames).toHaveLength(starts.length);
    expect(inputs.luma).toHaveLength(starts.length);
    const luma = inputs.luma![0]!;
    expect(luma.length).toBe(64 * 128 * 128);
    let lo = 1;
    let hi = 0;
    for (const v of luma) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
    expect(hi - lo).toBeGreaterThan(0.5); // testsrc: black to white bars
    // consecutive frames differ (the clock and the moving gradient): motion for the graph to read
    expect(luma.subarray(0, 128 * 128).some((v, i) => v !== luma[10 * 128 * 128 + i])).toBe(true);
    const probs = await encodeMotion(rt, luma, 1);
    expect(probs.length).toBe(128);
    expect(probs.every((p) => Number.isFinite(p) && p > 0 && p < 1)).toBe(true);
    // RGB-only bundles decode no luma
    const plain = await openRuntime(TINY_BUNDLE, { threads: 1, provider: 'cpu' });
    expect((await spanInputs(plain.bundle, video, starts)).luma).toBeNull();
  });

  it('generate:onsets and generation report the motion graph\'s onsets, not the video encoder\'s', async () => {
    const rt = await openRuntime(bundle, { threads: 1, provider: 'cpu' });
    const [start, end] = [0.3, 3.9];
    const starts = planWindows(start, end, 2.048, 4).starts;
    const inputs = await spanInputs(rt.bundle, video, starts);
    const probs = await Promise.all(inputs.luma!.map((l) => encodeMotion(rt, l, 1)));
    const want = onsetTimes(pickOnsets(probs, starts, start, end, 16000, 256));
    expect(want.length).toBeGreaterThan(0);
    const r = await runOnsets(video, start, end, opts);
    expect(r).toEqual({ bundle: 'tiny-motion', available: true, onsets: want });
    const encoderHead = await runOnsets(video, start, end, { bundleDir: TINY_BUNDLE, provider: 'cpu' });
    expect(encoderHead.available).toBe(true);
    expect(encoderHead.onsets).not.toEqual(want);
    const g = await runGenerate(GenerateRequest.parse({ video, start, end, ambient: { mode: 'none' }, takes: 1, seed: 3, steps: 2, threads: 1, outDir: path.join(dir, 'gen') }), opts);
    expect(g.onsets).toEqual(want);
  });

  it('no given onsets: the envelope is impulses at the predicted onsets, the same take as those onsets given', async () => {
    const gen = async (b: string, out: string, onsets?: number[]): Promise<{ wave: Float32Array; onsets: number[] }> => {
      // three overlapping windows from an arbitrary start: neighbours' onsets and 0.1 ms storage both matter
      const req = GenerateRequest.parse({ video, start: 0.37, end: 3.83, ambient: { mode: 'none' }, takes: 1, seed: 5, steps: 3, threads: 1, outDir: path.join(dir, out), ...(onsets ? { onsets } : {}) });
      const r = await runGenerate(req, { bundleDir: b, provider: 'cpu' });
      return { wave: (await readWav(r.takes[0]!.path)).channels[0]!, onsets: r.onsets };
    };
    const predicted = await gen(bundle, 'pred');
    expect(predicted.onsets.length).toBeGreaterThan(0);
    const given = await gen(bundle, 'given', predicted.onsets);
    expect(Array.from(predicted.wave)).toEqual(Array.from(given.wave));
    // The rule is the motion graph's: a bundle whose head is the encoder feeds its raw probabilities (not impulses),
    // so there its predicted onsets given back make a different take.
    const enc = await gen(TINY_BUNDLE, 'enc-pred');
    expect(enc.onsets.length).toBeGreaterThan(0);
    const encGiven = await gen(TINY_BUNDLE, 'enc-given', enc.onsets);
    expect(Array.from(enc.wave)).not.toEqual(Array.from(encGiven.wave));
  });
});

describe('motion timing graph: bad bundles say what is wrong', () => {
  afterAll(closeRuntimes);
  const backend = new Backend({ provider: 'cpu', threads: 1 });
  afterAll(() => backend.dispose());

  it('graphs.motionTiming without a motion section', () => {
    const b = motionBundle((m) => delete m.motion);
    expect(() => readManifest(b)).toThrow(/manifest\.json: invalid manifest at motion: graphs\.motionTiming needs a "motion" section/);
  });

  it('a motion section with another sampling, or no size', () => {
    const center = motionBundle((m) => ((m.motion as Record<string, unknown>).sampling = 'center'));
    expect(() => readManifest(center)).toThrow(/invalid manifest at motion\.sampling/);
    const noSize = motionBundle((m) => delete (m.motion as Record<string, unknown>).width);
    expect(() => readManifest(noSize)).toThrow(/invalid manifest at motion\.width/);
  });

  it('a motion size the graph does not take → the dimension is named at load', async () => {
    const b = motionBundle((m) => ((m.motion as Record<string, unknown>).width = 96));
    await expect(loadBundle(b, backend)).rejects.toThrow(/motion_timing\.onnx: input "frames" dimension 3 is 128, the manifest expects 96/);
  });

  it('a missing or replaced motion graph fails the load, naming the file', async () => {
    const gone = motionBundle();
    renameSync(path.join(gone, 'motion_timing.onnx'), path.join(gone, 'moved.onnx'));
    await expect(loadBundle(gone, backend)).rejects.toThrow(/motion_timing\.onnx: graph motionTiming is missing from the bundle/);
    const swapped = motionBundle();
    writeFileSync(path.join(swapped, 'motion_timing.onnx'), 'not a graph');
    await expect(loadBundle(swapped, backend)).rejects.toThrow(/motion_timing\.onnx: sha256 mismatch/);
  });

  it('a bundle without the graph is unchanged: no motion section needed, the encoder is the head', async () => {
    expect(readManifest(TINY_BUNDLE).motion).toBeUndefined();
    const b = await loadBundle(TINY_BUNDLE, backend);
    expect(hasMotionTiming(b)).toBe(false);
    expect(hasTimingHead(b)).toBe(true);
  });
});
