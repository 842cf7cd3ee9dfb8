/**
 * Before/after: the timing head's onsets (inference's own runOnsets: windows, graph, peak picking as generation
 * uses them) on the held-back footage, scored against the onsets of that footage's own sound with the engine's one
 * matcher (±50 ms), pooled over the parts.
 */
import type { TimingScore } from '../../contract/domains/adapt';
import { runOnsets } from '../inference';
import { addCounts, f1, matchOnsets, type MatchCounts } from '../onsets';
import type { Part } from './split';

export async function timingScore(bundleDir: string, parts: readonly Part[], reference: ReadonlyMap<string, readonly number[]>, signal?: AbortSignal): Promise<TimingScore> {
  let counts: MatchCounts = { tp: 0, fp: 0, fn: 0 };
  for (const p of parts) {
    const predicted = await runOnsets(p.file, p.start, p.end, { bundleDir, signal });
    const truth = (reference.get(p.file) ?? []).filter((t) => t >= p.start && t < p.end);
    counts = addCounts(counts, matchOnsets(predicted.onsets, truth));
  }
  const predicted = counts.tp + counts.fp;
  const ref = counts.tp + counts.fn;
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    f1: round(ref === 0 && predicted === 0 ? 1 : f1(counts)),
    precision: round(predicted ? counts.tp / predicted : 0),
    recall: round(ref ? counts.tp / ref : 0),
    predicted,
    reference: ref,
  };
}
