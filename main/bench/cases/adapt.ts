/**
 * Issue 22's acceptance figure: adapting on the clips of one source video of ../shared/data/real-dev and testing
 * on a different clip of it (r02→r03, r06→r07: the one allowed use of real-dev clips as training input, for
 * throw-away adapters deleted after the run) raises the timing head's onset F1 against the clip's labelled onsets.
 * The timing head is the one generation uses: the default bundle's motion timing graph where it has one (then that
 * is the graph adapted and scored), else its video encoder's.
 * Figures: F1 gain (baseline: the base bundle's F1) and the adaptation's CPU seconds (node + the trainer; baseline:
 * 5 minutes of a 2-core machine). The trainer runs a fixed number of steps (A2S_BENCH_ADAPT_STEPS, default 400;
 * early stopping may end it sooner) under a wall-clock cap (A2S_BENCH_ADAPT_MINUTES, default 20), so the figure does
 * not depend on how loaded the machine is; the CPU figure says what it cost.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { AdaptResult } from '../../contract/domains/adapt';
import { Engine } from '../../engine/host';
import { readEvalSet } from '../../engine/eval/dataset';
import { onsetTimesFromProbs } from '../../engine/eval/generate';
import { encodeMotion, encodeVideo, hasMotionTiming, openRuntime, runOnsets, windowInputs, type Runtime } from '../../engine/inference';
import { probe } from '../../engine/media';
import { addCounts, f1, matchOnsets, type MatchCounts } from '../../engine/onsets';
import { result, type BenchCase, type BenchResult } from '../harness';

const REAL_DEV = process.env.A2S_REAL_DEV ?? path.resolve(__dirname, '..', '..', 'shared', 'data', 'real-dev');
const MINUTES = Number(process.env.A2S_BENCH_ADAPT_MINUTES ?? 20);
const STEPS = Number(process.env.A2S_BENCH_ADAPT_STEPS ?? 400);
const PAIRS: [string, string][] = [['r02', 'r03'], ['r06', 'r07']];
/** The base bundle folder (copied first): the repository's default unless A2S_BENCH_ADAPT_BASE names another. */
const BASE = process.env.A2S_BENCH_ADAPT_BASE ?? path.resolve(__dirname, '..', 'models', 'bundles', 'default');
const FOLEY_WORLD = path.resolve(__dirname, '..', 'assets', 'eval', 'foleyworld');
/** Foley World test clips for "the adapter is not worse than its base there" (A2S_BENCH_ADAPT_FW_CLIPS). */
const FW_CLIPS = Number(process.env.A2S_BENCH_ADAPT_FW_CLIPS ?? 50);
const Entry = z.looseObject({ id: z.string(), file: z.string(), onsets: z.array(z.number()) });

async function adapt(engine: Engine, input: string, name: string, base: string): Promise<AdaptResult> {
  return new Promise((resolve, reject) => {
    let id = '';
    const Finished = z.object({ jobId: z.string(), result: z.unknown().optional(), error: z.object({ message: z.string() }).optional() });
    const off = engine.events.subscribe((event, payload) => {
      if (event !== 'job:done' && event !== 'job:failed') return;
      const p = Finished.parse(payload);
      if (p.jobId !== id) return;
      off();
      if (event === 'job:done') resolve(AdaptResult.parse(p.result));
      else reject(new Error(p.error?.message));
    });
    engine.call('adapt:start', { inputs: [input], name, minutes: MINUTES, maxSteps: STEPS, base }).then((r) => (id = r.jobId), reject);
  });
}

async function headF1(bundleDir: string, file: string, truth: number[]): Promise<number> {
  const info = await probe(file);
  const r = await runOnsets(file, 0, info.duration, { bundleDir });
  return f1(matchOnsets(r.onsets, truth));
}

/** One window's onset probabilities from the timing head the bundle uses: its motion graph where it has one. */
async function headProbs(rt: Runtime, inputs: { frames: Float32Array; luma: Float32Array | null }): Promise<Float32Array> {
  if (hasMotionTiming(rt.bundle)) return encodeMotion(rt, inputs.luma!, 1);
  return (await encodeVideo(rt, inputs.frames, 1)).onsets!;
}

/**
 * Timing-head onset F1 on Foley World test windows (their true contact times), pooled, per bundle; frames decoded
 * once (an adapter and its base read the same frames: the adapter changes a graph, never the frame spec).
 */
async function foleyWorldHeadF1(bundleDirs: string[]): Promise<number[]> {
  const rts = await Promise.all(bundleDirs.map((d) => openRuntime(d)));
  const counts: MatchCounts[] = rts.map(() => ({ tp: 0, fp: 0, fn: 0 }));
  for (const clip of readEvalSet(FOLEY_WORLD, 'test', FW_CLIPS)) {
    const inputs = await windowInputs(rts[0]!.bundle, clip.video, clip.start);
    for (const [k, rt] of rts.entries()) {
      counts[k] = addCounts(counts[k]!, matchOnsets(onsetTimesFromProbs(rt, await headProbs(rt, inputs)), clip.onsets));
    }
  }
  return counts.map((c) => f1(c));
}

export const adaptCases: BenchCase[] = [
  {
    name: 'adapt-real-dev',
    description: `a2s adapt on one real-dev clip, timing-head onset F1 on another clip of the same video (${PAIRS.map((p) => p.join('→')).join(', ')}), ${STEPS} steps at most`,
    async run() {
      const manifest = path.join(REAL_DEV, 'manifest.json');
      if (!existsSync(manifest)) return [];
      const entries = new Map(z.array(Entry).parse(JSON.parse(readFileSync(manifest, 'utf8'))).map((e) => [e.id, e]));
      const out: BenchResult[] = [];
      for (const [train, test] of PAIRS) {
        const dataDir = mkdtempSync(path.join(os.tmpdir(), 'a2s-bench-adapt-'));
        try {
          // a private copy of the default bundle: an adapter is bound to its base's exact manifest, and the
          // repository's default may be re-exported while the bench runs
          const base = path.join(dataDir, 'base');
          cpSync(BASE, base, { recursive: true });
          const engine = new Engine({ dataDir });
          const t = entries.get(test)!;
          const cpu0 = process.cpuUsage();
          const t0 = performance.now();
          const r = await adapt(engine, path.join(REAL_DEV, entries.get(train)!.file), `bench-${train}`, base);
          const wall = (performance.now() - t0) / 1000;
          const cpu = process.cpuUsage(cpu0);
          const cpuSeconds = (cpu.user + cpu.system) / 1e6 + (r.training.cpuSeconds ?? 0);
          const before = await headF1(r.base.dir, path.join(REAL_DEV, t.file), t.onsets);
          const after = await headF1(r.dir, path.join(REAL_DEV, t.file), t.onsets);
          const head = hasMotionTiming((await openRuntime(base)).bundle) ? 'motion graph' : 'video encoder';
          const notes = `${head}, ${train}→${test}: F1 ${before.toFixed(3)} → ${after.toFixed(3)}; held-back part of ${train}: ${r.before.f1.toFixed(3)} → ${r.after.f1.toFixed(3)}; ${r.training.steps} steps (best ${r.training.bestStep}), wall ${wall.toFixed(0)} s`;
          out.push(result(`adapt-f1-gain-${train}-${test}`, 'F1', after - before, { name: 'base F1', value: before }, notes));
          if (existsSync(FOLEY_WORLD)) {
            const [fwBase, fwAdapter] = await foleyWorldHeadF1([r.base.dir, r.dir]);
            out.push(result(`adapt-foleyworld-${train}`, 'F1', fwAdapter!, { name: 'base F1', value: fwBase! }, `timing head on ${FW_CLIPS} Foley World test windows: ratio ≥ 1 = not worse than the base`));
          }
          out.push(result(`adapt-cpu-${train}`, 's', cpuSeconds, { name: '5 min of 2 cores', value: 600 }, `node + trainer CPU; wall ${wall.toFixed(0)} s`));
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
      return out;
    },
  },
];
