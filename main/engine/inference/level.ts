/**
 * The take level rule (issue 15): the model's raw output peaks near −30 dBFS, too quiet to audition. A span whose
 * takes carry hits has all its takes scaled by ONE gain so the loudest take's sample peak is TARGET_PEAK_DB: takes of
 * a span stay comparable (a quieter take stays quieter) and none clips. A bed-only span (no hits) keeps the model's
 * level (gain 0 dB), so a bed stays a bed under the action takes beside it, unless its loudest take would pass
 * BED_CEILING_DB: then it is turned down to it (a retrieved loud bed came out at +0.1 dBFS on real footage).
 */
export const TARGET_PEAK_DB = -6;
/** The most a bed-only span may peak at (dBFS): never turned up, only down to this. */
export const BED_CEILING_DB = -1;
/** Never lift more than this: a near-silent span is not blown up into loud noise. */
export const MAX_GAIN_DB = 40;

export type LevelRule = 'span-peak' | 'bed';

export interface SpanLevel {
  rule: LevelRule;
  /** Gain applied to every take of the span (dB). */
  gainDb: number;
  /** The loudest take's sample peak before the gain (dBFS; -Infinity for silence, reported as null). */
  peakDb: number | null;
  targetPeakDb: number;
}

export function peakDb(wave: Float32Array): number {
  let peak = 0;
  for (let i = 0; i < wave.length; i++) peak = Math.max(peak, Math.abs(wave[i]));
  return 20 * Math.log10(peak);
}

/** The span's one gain from its takes' raw sample peaks (dBFS) and whether the span carries hits. */
export function spanLevel(peaks: number[], hasHits: boolean): SpanLevel {
  const loudest = Math.max(...peaks);
  const peak = Number.isFinite(loudest) ? loudest : null;
  if (peak === null) return { rule: 'bed', gainDb: 0, peakDb: peak, targetPeakDb: TARGET_PEAK_DB };
  if (!hasHits) return { rule: 'bed', gainDb: Math.min(0, BED_CEILING_DB - peak), peakDb: peak, targetPeakDb: TARGET_PEAK_DB };
  return { rule: 'span-peak', gainDb: Math.min(MAX_GAIN_DB, TARGET_PEAK_DB - peak), peakDb: peak, targetPeakDb: TARGET_PEAK_DB };
}

export function applyGain(wave: Float32Array, gainDb: number): Float32Array {
  if (gainDb === 0) return wave;
  const g = 10 ** (gainDb / 20);
  for (let i = 0; i < wave.length; i++) wave[i] *= g;
  return wave;
}
