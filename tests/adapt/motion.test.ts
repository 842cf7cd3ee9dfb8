import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AdaptResult } from '../../main/contract/domains/adapt';
import { GenerateRequest } from '../../main/contract/domains/inference';
import { Engine } from '../../main/engine/host';
import { Backend, closeRuntimes, loadBundle, openRuntime, readManifest } from '../../main/engine/inference';
import { sha256File } from '../../main/engine/inference/bundle/load';
import { spanInputs } from '../../main/engine/inference/frames';
import { runGenerate, runOnsets } from '../../main/engine/inference/pipeline';
import { encodeMotion } from '../../main/engine/inference/stages';
import { onsetTimes, pickOnsets } from '../../main/engine/inference/timing';
import { planWindows } from '../../main/engine/inference/windows';
import { tempDir } from '../helpers/media-fixtures';
import { motionBundle } from '../inference/motion-bundle';
import { makeStopsVideo, runAdaptJob } from './fixtures';

// A base whose timing head is the motion timing graph (issue 16: bundles/tiny plus the untrained graph of
// models/fixtures/motion-random): adapting changes THAT graph, the overlay holds it with its hash, and the
// adapter's onsets, before/after score and generation all come from it. Few steps: behaviour, not quality.
describe('adapt: a base with a motion timing graph', { timeout: 900_000 }, () => {
  const { dir, cleanup } = tempDir('a2s-adapt-motion-');
  const backend = new Backend({ threads: 1, provider: 'cpu' });
  afterAll(async () => {
    await closeRuntimes();
    await backend.dispose();
    cleanup();
  });
  const data = path.join(dir, 'data');
  const shoot = path.join(dir, 'shoot');
  const base = motionBundle();
  const baseGraph = path.join(base, 'motion_timing.onnx');
  const engine = new Engine({ dataDir: data });
  const target = path.join(data, 'bundles', 'stops');
  const clips = [
    { name: 'a.mp4', period: 0.6, first: 0.5, pitch: 880 },
    { name: 'b.mp4', period: 0.7, first: 0.55, pitch: 660 },
    { name: 'c.mp4', period: 0.5, first: 0.4, pitch: 990 },
  ];
  const held = path.join(shoot, 'b.mp4');
  let result: AdaptResult | undefined;

  it('adapts the motion graph: the overlay holds a changed motion_timing.onnx, listed with its hash', async () => {
    mkdirSync(shoot, { recursive: true });
    for (const c of clips) makeStopsVideo(path.join(shoot, c.name), { seconds: 5, period: c.period, first: c.first, move: 0.3, pitch: c.pitch });
    const r = await runAdaptJob(engine, { inputs: [shoot], name: 'stops', base, maxSteps: 30, minutes: 10 });
    if (!r.ok) throw new Error(r.error.message);
    result = r.result;
    expect(r.result.used.map((u) => [path.basename(u.file), u.role])).toEqual([['a.mp4', 'train'], ['b.mp4', 'held-back'], ['c.mp4', 'train']]);
    expect(r.result.training.steps).toBe(30);
    const raw = JSON.parse(readFileSync(path.join(target, 'manifest.json'), 'utf8')) as { graphs: Record<string, unknown>; sha256: Record<string, string> };
    expect(Object.keys(raw.graphs)).toEqual(['motionTiming']);
    const mine = await sha256File(path.join(target, 'motion_timing.onnx'));
    expect(raw.sha256).toEqual({ 'motion_timing.onnx': mine });
    expect(mine).not.toBe(await sha256File(baseGraph));
    expect(readManifest(target).baseBundle).toMatchObject({ dir: base, graphs: ['motionTiming'] });
    expect(readFileSync(path.join(target, 'CARD.md'), 'utf8')).toContain('`motion_timing.onnx` (motionTiming)');
  });

  it('loads: the motion graph from the adapter, every other graph from the base', async () => {
    const b = await loadBundle(target, backend);
    expect(b.id).toBe('stops');
    expect(b.graphPath('motionTiming')).toBe(path.join(target, 'motion_timing.onnx'));
    expect(b.graphPath('videoEncoder')).toBe(path.join(base, readManifest(base).graphs.videoEncoder!.file));
    expect([...b.io.motionTiming!.inputs]).toEqual(['frames']);
  });

  it("onsets, the before/after score and generation come from the adapter's motion graph", async () => {
    const part = result!.heldBack[0]!;
    expect(part.file).toBe(held);
    const [start, end] = [part.start, part.end];
    const starts = planWindows(start, end, 2.048, end).starts;
    const probsOf = async (bundleDir: string): Promise<Float32Array[]> => {
      const rt = await openRuntime(bundleDir, { threads: 1, provider: 'cpu' });
      const inputs = await spanInputs(rt.bundle, held, starts);
      return Promise.all(inputs.luma!.map((l) => encodeMotion(rt, l, 1)));
    };
    const mine = await probsOf(target);
    const theirs = await probsOf(base);
    // the same luma frames through two different graphs
    expect(mine.some((p, k) => p.some((v, i) => v !== theirs[k]![i]))).toBe(true);
    const want = onsetTimes(pickOnsets(mine, starts, start, end, 16000, 256));
    const got = await runOnsets(held, start, end, { bundleDir: target, provider: 'cpu' });
    expect(got).toEqual({ bundle: 'stops', available: true, onsets: want });
    // the job's before/after scores counted these graphs' onsets on the held-back clip (each bundle's own head)
    expect(result!.after.predicted).toBe(want.length);
    expect(result!.before.predicted).toBe((await runOnsets(held, start, end, { bundleDir: base, provider: 'cpu' })).onsets.length);
    const g = await runGenerate(GenerateRequest.parse({ video: held, start: 0.3, end: 3.9, ambient: { mode: 'none' }, takes: 1, seed: 3, steps: 2, threads: 1, outDir: path.join(dir, 'gen') }), { bundleDir: target, provider: 'cpu' });
    const span = await runOnsets(held, 0.3, 3.9, { bundleDir: target, provider: 'cpu' });
    expect(g.onsets).toEqual(span.onsets);
  });
});
