import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AdaptResult } from '../../main/contract/domains/adapt';
import { GenerateRequest } from '../../main/contract/domains/inference';
import { Engine } from '../../main/engine/host';
import { Backend, closeRuntimes, loadBundle, manifestHash, openRuntime, readManifest } from '../../main/engine/inference';
import { sha256File } from '../../main/engine/inference/bundle/load';
import { spanInputs } from '../../main/engine/inference/frames';
import { runGenerate, runOnsets } from '../../main/engine/inference/pipeline';
import { encodeMotion } from '../../main/engine/inference/stages';
import { onsetTimes, pickOnsets } from '../../main/engine/inference/timing';
import { planWindows } from '../../main/engine/inference/windows';
import { tempDir } from '../helpers/media-fixtures';
import { TINY_BUNDLE } from '../inference/fixtures';
import { MOTION_RANDOM, motionBundle } from '../inference/motion-bundle';
import { makeStopsVideo, runAdaptJob } from './fixtures';

// A base whose timing head is the motion timing graph (issue 16: bundles/tiny plus the untrained graph of
// models/fixtures/motion-random): adapting changes THAT graph, the overlay holds it with its hash, and the
// adapter's onsets, before/after score and generation all come from it. Few steps: behaviour, not quality.
describe('adapt: a base with a motion timing graph', { timeout: 900_000 }, () => {
  const { dir, cleanup } = tempDir('a2s-adapt-motion-');
  const backend = new Backend({ threads: 1, provider: 'cpu' });
  // no Foley World rehearsal or guard (rehearsal.test.ts covers them): the guard could keep the untrained base's own
  // weights (α = 0), and these tests need the graph to change
  const savedRehearsal = process.env.A2S_ADAPT_REHEARSAL;
  process.env.A2S_ADAPT_REHEARSAL = 'off';
  afterAll(async () => {
    if (savedRehearsal === undefined) delete process.env.A2S_ADAPT_REHEARSAL;
    else process.env.A2S_ADAPT_REHEARSAL = savedRehearsal;
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
    const r = await runAdaptJob(engine, { inputs: [shoot], name: 'stops', base, maxSteps: 30, minutes: 10, worldWindows: 0 });
    expect(r.ok && r.result.world).toBeNull();
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

  it('adapts a shipped overlay (as foleyworld-v4-motion: a full bundle + an overlay holding the motion graph) as the bundle it is: the adapter overlays the full bundle, with the motion spec carried; Foley World before/after in the result and CARD', async () => {
    // tiny and, beside it, an overlay of it holding the motion graph: the overlay finds its base by hash among its siblings
    const bundles = path.join(dir, 'shipped');
    const full = path.join(bundles, 'tiny');
    cpSync(TINY_BUNDLE, full, { recursive: true });
    const overlay = path.join(bundles, 'tiny-motion-overlay');
    mkdirSync(overlay, { recursive: true });
    const frag = JSON.parse(readFileSync(path.join(MOTION_RANDOM, 'manifest-fragment.json'), 'utf8')) as { motion: unknown; graphs: unknown; sha256: Record<string, string> };
    for (const f of Object.keys(frag.sha256)) copyFileSync(path.join(MOTION_RANDOM, f), path.join(overlay, f));
    const tinyId = readManifest(full).id;
    writeFileSync(path.join(overlay, 'manifest.json'), JSON.stringify({
      format: 'a2s-bundle/1', id: 'tiny-motion-overlay', license: 'test', description: 'tiny + a motion timing graph',
      baseBundle: { id: tinyId, sha256: manifestHash(full) }, graphs: frag.graphs, sha256: frag.sha256, motion: frag.motion,
    }));
    const r = await runAdaptJob(engine, { inputs: [shoot], name: 'stops-overlay', base: overlay, maxSteps: 5, minutes: 10, worldWindows: 2 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.result.base).toMatchObject({ id: 'tiny-motion-overlay', dir: overlay, sha256: manifestHash(overlay) });
    const out = path.join(data, 'bundles', 'stops-overlay');
    const raw = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Record<string, unknown> & { graphs: Record<string, unknown>; sha256: Record<string, string> };
    // overlays do not stack: the adapter names the full bundle, and carries what the overlay adds (its motion spec)
    expect(raw.baseBundle).toEqual({ id: tinyId, sha256: manifestHash(full), dir: full });
    expect(raw.motion).toEqual(frag.motion);
    expect(Object.keys(raw.graphs)).toEqual(['motionTiming']);
    expect(raw.sha256).toEqual({ 'motion_timing.onnx': await sha256File(path.join(out, 'motion_timing.onnx')) });
    expect(raw.sha256['motion_timing.onnx']).not.toBe(frag.sha256['motion_timing.onnx']);
    const b = await loadBundle(out, backend);
    expect(b.graphPath('motionTiming')).toBe(path.join(out, 'motion_timing.onnx'));
    expect(b.graphPath('videoEncoder')).toBe(path.join(full, readManifest(full).graphs.videoEncoder!.file));
    // the Foley World check: both timing heads on the same 2 test windows of the default eval set
    expect(r.result.world).toMatchObject({ windows: 2 });
    expect(r.result.world!.base).toBeGreaterThanOrEqual(0);
    const card = readFileSync(path.join(out, 'CARD.md'), 'utf8');
    expect(card).toContain('is itself an overlay of `' + tinyId + '`');
    expect(card).toContain('on 2 Foley World test windows');
  });
});
