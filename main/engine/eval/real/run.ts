/**
 * `a2s eval --set real`: the bundle on real clips with their own recorded sound (issue 15). Every generated row goes
 * through the app's own generation (`inference/pipeline.ts` runGenerate: windows of clipSeconds over the whole
 * clip, crossfaded, 48 kHz takes as the editor gets them), the timing head through the app's onset path
 * (runOnsets), and the sound is measured as written, so whatever the pipeline does to a take is what is scored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Ambient } from '../../../contract/domains/inference';
import { decodeAudio, readWav } from '../../media';
import { hasMotionTiming, openRuntime, resample, runGenerate, runOnsets } from '../../inference';
import { writeSpectrogramSheet } from '../pictures';
import { randomOnsetFloor } from '../score';
import { checkClassCond, formatClassCond, runClassCond, type ClassCondReport } from './classcond';
import { readRealSet, type RealClip } from './manifest';
import { DETECT_RATE, measureTake, scoreOnsets } from './measures';
import { greyFrames, motionOnsets, MOTION_PARAMS } from './motion';
import { detectorRow, formatRealTable, mean, meanOverClips, meanRow, realTargets, TAKE_METHODS, type RealClipReport, type RealEvalReport, type RealRow } from './report';

/** The table, then the condition-class agreement where it was measured. */
export function formatRealReport(r: RealEvalReport): string {
  return r.classCondition ? `${formatRealTable(r)}\n\n${formatClassCond(r.classCondition)}` : formatRealTable(r);
}

/** The rate the takes are written at and the reference is read at (the timeline's). */
const LEVEL_RATE = 48_000;

export interface RealEvalOptions {
  dataDir: string;
  limit?: number;
  bundleDir: string;
  steps?: number;
  guidance?: number;
  takes: number;
  seed: number;
  picturesDir?: string;
  /**
   * Condition-class agreement (issue 16 item 4, classcond.ts): every clip generated again per condition class, with a
   * Foley World test window of that class as its ambient file condition. Costs takes × classes generations per clip.
   */
  classCond?: { foleyDir: string; classes?: string[] };
  onProgress?(done: number, total: number, label: string): void;
}

/** What each generated row asks the pipeline for: the ambience, and the reference onsets as markers or not. */
const TAKE_REQUESTS: Record<(typeof TAKE_METHODS)[number], { ambient: Ambient; givenOnsets: boolean }> = {
  'av-ldm-low': { ambient: { mode: 'low' }, givenOnsets: false },
  'av-ldm-auto': { ambient: { mode: 'auto' }, givenOnsets: false },
  'av-ldm-given-onsets': { ambient: { mode: 'low' }, givenOnsets: true },
};

interface TakeRow {
  row: RealRow;
  /** The first take at DETECT_RATE, for the picture. */
  first: Float32Array;
}

async function generatedRow(clip: RealClip, method: (typeof TAKE_METHODS)[number], o: RealEvalOptions, seed: number, outDir: string): Promise<TakeRow> {
  const spec = TAKE_REQUESTS[method];
  const res = await runGenerate(
    {
      video: clip.video,
      start: 0,
      end: clip.seconds,
      ambient: spec.ambient,
      takes: o.takes,
      seed,
      steps: o.steps,
      guidance: o.guidance,
      ...(spec.givenOnsets ? { onsets: clip.onsets } : {}),
      outDir: path.join(outDir, method),
    },
    { bundleDir: o.bundleDir },
  );
  const waves = await Promise.all(res.takes.map(async (t) => (await readWav(t.path)).channels[0]!));
  const rate = res.sampleRate;
  const measured = [];
  for (const w of waves) measured.push(await measureTake(w, rate, clip.onsets));
  const rtf = res.timings.totalSec / (clip.seconds * res.takes.length);
  return { row: meanRow(measured, rtf), first: resample(waves[0]!, rate, DETECT_RATE) };
}

export async function runRealEval(o: RealEvalOptions): Promise<RealEvalReport> {
  // Clips first: a bad manifest or clip fails before any model loads.
  const clips = await readRealSet(o.dataDir, o.limit);
  const rt = await openRuntime(o.bundleDir);
  if (o.classCond) checkClassCond(rt, o.classCond); // before any generation: a bad --classes fails in seconds
  const m = rt.bundle.manifest;
  const steps = o.steps ?? m.diffusion.steps;
  const guidance = o.guidance ?? m.diffusion.guidance;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'a2s-eval-real-'));
  const perClip: RealClipReport[] = [];
  let headAvailable = true;
  let classCondition: ClassCondReport | undefined;
  try {
    for (const [i, clip] of clips.entries()) {
      o.onProgress?.(i, clips.length, clip.id);
      const methods: RealClipReport['methods'] = {};
      const ref = (await decodeAudio(clip.video, { start: 0, end: clip.seconds, rate: LEVEL_RATE, channels: 1 })).channels[0]!;
      methods.reference = meanRow([await measureTake(ref, LEVEL_RATE, clip.onsets)]);
      methods['motion-baseline'] = detectorRow(scoreOnsets(motionOnsets(await greyFrames(clip)), clip.onsets));
      const head = await runOnsets(clip.video, 0, clip.seconds, { bundleDir: o.bundleDir });
      headAvailable = head.available;
      if (head.available) methods['timing-head'] = detectorRow(scoreOnsets(head.onsets, clip.onsets));
      const firsts: { name: string; wave: Float32Array }[] = [{ name: 'reference', wave: resample(ref, LEVEL_RATE, DETECT_RATE) }];
      for (const method of TAKE_METHODS) {
        o.onProgress?.(i, clips.length, `${clip.id} ${method}`);
        // the same seed for every row of a clip: rows differ by their request, not their noise
        const g = await generatedRow(clip, method, { ...o, steps, guidance }, o.seed + 16 * i, path.join(scratch, clip.id));
        methods[method] = g.row;
        firsts.push({ name: `${method} (take 1)`, wave: g.first });
      }
      if (o.picturesDir) writeSpectrogramSheet(path.join(o.picturesDir, `${clip.id.replace(/[^\w-]/g, '_')}.png`), firsts, clip.onsets, DETECT_RATE);
      const floorOnsetF1 = randomOnsetFloor([{ trueOnsets: clip.onsets, seconds: clip.seconds }]);
      perClip.push({ id: clip.id, seconds: clip.seconds, referenceOnsets: clip.onsets.length, floorOnsetF1, methods });
    }
    if (o.classCond) {
      const cc = o.classCond;
      classCondition = await runClassCond(rt, clips, {
        ...cc, bundleDir: o.bundleDir, steps, guidance, takes: o.takes, seed: o.seed, scratch: path.join(scratch, 'class-cond'),
        onProgress: (label) => o.onProgress?.(clips.length - 1, clips.length, label),
      });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const methods = meanOverClips(perClip);
  return {
    set: 'real',
    data: path.resolve(o.dataDir),
    clips: clips.length,
    bundle: rt.bundle.id,
    provider: rt.provider,
    steps,
    guidance,
    takes: o.takes,
    floorOnsetF1: mean(perClip.map((c) => c.floorOnsetF1)),
    timingHeadOnsetF1: methods['timing-head']?.onsetF1 ?? null,
    methods,
    perClip,
    targets: realTargets(methods, perClip, classCondition),
    notes: notes(headAvailable, hasMotionTiming(rt.bundle), classCondition),
    ...(classCondition ? { classCondition } : {}),
  };
}

function notes(headAvailable: boolean, motion: boolean, cc: ClassCondReport | undefined): string[] {
  return [
    'Scores are means over clips of per-clip means over takes; onsetF1 matches the engine detector (main/engine/onsets) to the reference onsets within ±50 ms.',
    'floorOnsetF1: as many uniformly random onsets per clip as the reference has (20 draws), per clip then averaged: dense clips (~6 strokes/s) put chance near 0.5.',
    'reference: the detector on the clip\'s own recording (the ceiling). motion-baseline: onsets where frame-difference energy drops by half or more (eval/real/motion.ts, fixed parameters ' +
      `size ${MOTION_PARAMS.size} px, minDrop ${MOTION_PARAMS.minDrop}, minGap ${MOTION_PARAMS.minGapSec} s; never fitted to an evaluation set).`,
    headAvailable ? 'timing-head: the bundle\'s predicted onsets over the clip, picked as the app does (inference/timing.ts windowOnsets via runOnsets).' : 'timing-head: this bundle has no timing head (no row).',
    ...(motion ? ['timing head = the bundle\'s motion timing graph (luma frames at the manifest\'s motion size); av-ldm-low/auto get impulses at its predicted onsets as their envelope (inference/timing.ts).'] : []),
    'av-ldm-*: takes of the app\'s generation over the whole clip (windows + crossfades, 48 kHz as written). low: the bundle\'s low-ambient condition; auto: the bundle pool\'s AV-Sim match (no clip library here); given-onsets: low condition with the reference onsets as markers.',
    'peakDb: sample peak (dBFS); lufs: integrated loudness (ffmpeg ebur128); eventToBedDb: mean level of the loudest 20 ms frame in [−20, +60] ms around each detected onset minus the 10th percentile of 20 ms frames (no onset: the loudest frame).',
    ...(cc
      ? [
          `classCondition: each clip generated per condition class (the picture's own onsets from the timing head, as av-ldm-low) with the sound of one Foley World test window of that class as its ambient file condition (eval/real/classcond.ts: pure single-class windows of ≥ 2 on-screen hits, most hits wins); ` +
            'each take classified by the bundle classifier (mean softmax over its 2.048 s windows); agreement = share of takes classified as the condition\'s class, per (clip, class), then averaged. ' +
            'agreementWithConditionCall: the same against the classifier\'s call on the condition window itself (where the classifier misreads the condition, agreement measures the classifier).',
        ]
      : []),
  ];
}
