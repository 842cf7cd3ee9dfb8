/**
 * `a2s eval` (contract, docs/DESIGN.md §8): the shipped ONNX pipeline on a Foley World split, five methods (+ the oracle-
 * onset upper bound), the paper's metrics, and a pass/fail line per target of issue 7.
 */
import path from 'node:path';
import { decodeAudio } from '../media';
import { hasMotionTiming, windowInputs, openRuntime, type Runtime } from '../inference';
import { loadConditions, nearest } from './conditions';
import { readEvalSet, type EvalClip } from './dataset';
import { ablationRuntime, generateWindow, LDM_ROWS, onsetTimesFromProbs, STATIC_ROW } from './generate';
import { bedLevelDb } from './levels';
import { classify } from './classify';
import { addCounts, f1, matchOnsets, type MatchCounts } from '../onsets';
import { writeSpectrogramSheet } from './pictures';
import { MethodScore, randomOnsetFloor, type MethodMetrics } from './score';
import { evaluateTargets, type TargetCheck } from './targets';

export interface EvalOptions {
  dataDir: string;
  set: string;
  limit: number;
  bundleDir: string;
  steps?: number;
  guidance?: number;
  seed: number;
  picturesDir?: string;
  pictures?: number;
  /** Add the av-ldm-oracle-static row (generate.ts): the true onsets given with a picture that shows no contact. */
  staticPicture?: boolean;
  onProgress?(done: number, total: number, clipId: string): void;
}

export interface EvalReport {
  set: string;
  clips: number;
  bundle: string;
  provider: string;
  steps: number;
  guidance: number;
  floorOnsetF1: number;
  timingHeadOnsetF1: number | null;
  methods: Record<string, MethodMetrics>;
  targets: TargetCheck[];
  notes: string[];
}

const BASE_METHODS = ['ground-truth', 'retrieval', ...LDM_ROWS] as const;
type Method = (typeof BASE_METHODS)[number] | typeof STATIC_ROW;

function unit(v: Float32Array): Float32Array {
  const n = Math.sqrt(v.reduce((a, x) => a + x * x, 0)) || 1;
  return v.map((x) => x / n);
}

async function clipAudio(rt: Runtime, file: string, start: number): Promise<Float32Array> {
  const a = rt.bundle.manifest.audio;
  const out = new Float32Array(rt.bundle.clipSamples);
  const dec = await decodeAudio(file, { start, end: start + a.clipSeconds, rate: a.sampleRate, channels: 1 });
  out.set(dec.channels[0]!.subarray(0, out.length));
  return out;
}

export async function runEval(o: EvalOptions): Promise<EvalReport> {
  const rt = await openRuntime(o.bundleDir);
  const m = rt.bundle.manifest;
  const rate = m.audio.sampleRate;
  const steps = o.steps ?? m.diffusion.steps;
  const guidance = o.guidance ?? m.diffusion.guidance;
  const clips = readEvalSet(o.dataDir, o.set, o.limit);
  const conditions = await loadConditions(rt);
  const methodNames: readonly Method[] = o.staticPicture ? [...BASE_METHODS, STATIC_ROW] : BASE_METHODS;
  const scores = new Map(methodNames.map((k) => [k, new MethodScore(rate)]));
  const real: Float32Array[] = [];
  let headCounts: MatchCounts = { tp: 0, fp: 0, fn: 0 };
  let hasHead = false;

  for (const [i, clip] of clips.entries()) {
    o.onProgress?.(i, clips.length, clip.id);
    await evalClip(rt, clip, i);
  }

  async function evalClip(rtm: Runtime, clip: EvalClip, i: number): Promise<void> {
    const input = await windowInputs(rtm.bundle, clip.video, clip.start);
    const frames = input.frames;
    const gt = await clipAudio(rtm, clip.video, clip.start);
    const neighbour = clip.neighbourStart === null ? null : await clipAudio(rtm, clip.video, clip.neighbourStart);
    const t0 = performance.now();
    const v = await rtm.run('avsimVideo', { frames: { data: frames, dims: [1, m.video.frames, 3, m.video.height, m.video.width] } });
    const hit = nearest(conditions.pool, unit(v.embedding!.data));
    const retrievalSec = (performance.now() - t0) / 1000;
    const rag = conditions.pool[hit.index]!;
    const gen = await generateWindow(rtm, input, rag.wave, conditions.low.wave, clip.onsets, { seed: o.seed + i, steps, guidance, staticPicture: o.staticPicture });
    if (gen.onsetProbs) {
      hasHead = true;
      headCounts = addCounts(headCounts, matchOnsets(onsetTimesFromProbs(rtm, gen.onsetProbs), clip.onsets));
    }
    const waves = [gt, rag.wave, ...gen.waves];
    const { classes, embeddings } = await classify(rtm, waves);
    real.push(embeddings[0]!);
    const refs = [neighbour ? bedLevelDb(neighbour, rate) : null, rag.bedDb, rag.bedDb, conditions.low.bedDb, rag.bedDb, rag.bedDb, rag.bedDb];
    const compute = [0, retrievalSec, ...gen.rowSeconds.map((s) => s + retrievalSec)];
    methodNames.forEach((name, k) =>
      scores.get(name)!.add({ wave: waves[k]!, referenceBedDb: refs[k]!, trueOnsets: clip.onsets, trueClass: clip.classId, predictedClass: classes[k]!, embedding: embeddings[k]!, computeSec: compute[k]! }),
    );
    if (o.picturesDir && i < (o.pictures ?? 6)) {
      writeSpectrogramSheet(path.join(o.picturesDir, `${clip.id.replace(/[^\w-]/g, '_')}.png`), methodNames.map((name, k) => ({ name, wave: waves[k]! })), clip.onsets, rate);
    }
  }

  const methods: Record<string, MethodMetrics> = Object.fromEntries(methodNames.map((k) => [k, scores.get(k)!.metrics(real)]));
  const floorOnsetF1 = randomOnsetFloor(clips.map((c) => ({ trueOnsets: c.onsets, seconds: m.audio.clipSeconds })));
  const report: EvalReport = {
    set: o.set,
    clips: clips.length,
    bundle: rt.bundle.id,
    provider: rt.provider,
    steps,
    guidance,
    floorOnsetF1,
    timingHeadOnsetF1: hasHead ? f1(headCounts) : null,
    methods,
    targets: [],
    notes: [
      'AV-LDM rows are sampled with the same initial noise; a row\'s rtf = (its share of its batch\'s compute + retrieval) / clip seconds.',
      ablationRuntime(rt)
        ? 'av-ldm-nocond is the ablation LDM trained without an audio condition (the bundle\'s ablation* graphs), sampled apart from the other three rows.'
        : 'av-ldm-nocond is the main LDM with all-zero audio tokens: this bundle has no ablation graphs.',
      'ground-truth fad is 0 by construction (its embeddings are the reference set).',
      ...(hasMotionTiming(rt.bundle) ? ['timing head = the bundle\'s motion timing graph; rag, low and nocond get impulses at its predicted onsets as their envelope (inference/timing.ts).'] : []),
      'ambientErrDb/ambientCorr compare the bed level (10th percentile of 50 ms RMS) with the condition given: the neighbour clip for ground truth, the retrieved clip for rag/nocond/oracle/retrieval, the low-ambient clip for low.',
    ],
  };
  report.targets = evaluateTargets(report);
  return report;
}
