/**
 * "On Foley World the adapter is not worse than its base" (issue 22): the timing head's onset F1 of the base and
 * of the adapter on Foley World test windows (their true contact times; the eval set `a2s eval` reads, by default
 * assets/eval/foleyworld), pooled over the windows. Each window's frames are decoded once and fed to both bundles
 * (an adapter changes a graph, never the frame spec); each bundle is read through the head it generates with (its
 * motion timing graph where it has one), with the app's own peak picking. Used by the adaptation job (result + CARD)
 * and by the bench (`adapt-real-dev`).
 */
import type { WorldScore } from '../../contract/domains/adapt';
import { readEvalSet } from '../eval/dataset';
import { encodeMotion, encodeVideo, envelopeHop, envelopeToOnsets, hasMotionTiming, openRuntime, windowInputs, type Runtime } from '../inference';
import { addCounts, f1, matchOnsets, type MatchCounts } from '../onsets';

/** One window's onset probabilities from the timing head the bundle uses: its motion graph where it has one. */
async function headProbs(rt: Runtime, inputs: { frames: Float32Array; luma: Float32Array | null }): Promise<Float32Array> {
  if (hasMotionTiming(rt.bundle)) return encodeMotion(rt, inputs.luma!, 1);
  return (await encodeVideo(rt, inputs.frames, 1)).onsets!;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Pooled timing-head F1 of each bundle on `windows` test windows of the Foley World set in `dataDir`. */
export async function worldHeadF1(dataDir: string, bundleDirs: readonly string[], windows: number, signal?: AbortSignal): Promise<number[]> {
  const rts = await Promise.all(bundleDirs.map((d) => openRuntime(d)));
  const counts: MatchCounts[] = rts.map(() => ({ tp: 0, fp: 0, fn: 0 }));
  for (const clip of readEvalSet(dataDir, 'test', windows)) {
    signal?.throwIfAborted();
    const inputs = await windowInputs(rts[0]!.bundle, clip.video, clip.start, signal);
    for (const [k, rt] of rts.entries()) {
      const probs = await headProbs(rt, inputs);
      const predicted = envelopeToOnsets(probs, 0, rt.bundle.manifest.audio.sampleRate, envelopeHop(rt));
      counts[k] = addCounts(counts[k]!, matchOnsets(predicted, clip.onsets));
    }
  }
  return counts.map((c) => round(f1(c)));
}

/** The job's check: base vs adapter on `windows` Foley World test windows (null: no eval set installed, or 0 windows). */
export async function worldCheck(dataDir: string | null, baseDir: string, adapterDir: string, windows: number, signal?: AbortSignal): Promise<WorldScore | null> {
  if (!dataDir || windows <= 0) return null;
  const n = readEvalSet(dataDir, 'test', windows).length;
  if (n === 0) return null;
  const [base, adapter] = await worldHeadF1(dataDir, [baseDir, adapterDir], windows, signal);
  return { base: base!, adapter: adapter!, windows: n, data: dataDir };
}
