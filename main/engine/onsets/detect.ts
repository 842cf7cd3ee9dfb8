import { DEFAULT_ONSET_SENSITIVITY } from '../../contract/domains/inference';
import { fft } from './fft';

/**
 * The evaluation's onset detector, with FIXED parameters (docs/DESIGN.md §8: the same detector scores ground truth and
 * every method, so its ceiling is measured, not assumed). Log-magnitude spectral flux, half-wave rectified,
 * adaptive threshold (local mean + k × global median absolute deviation), peaks at least `minGapSec` apart.
 */
export const ONSET_PARAMS = {
  frame: 512,
  hop: 128, // 8 ms at 16 kHz
  localSec: 0.1,
  k: 4,
  minGapSec: 0.07,
  /** Ignore peaks whose frame energy is this far below the clip's loudest frame: background flicker. */
  floorDb: -30,
} as const;

/** The default sensitivity (0.5): exactly ONSET_PARAMS, the parameters eval scores every method with. */
export const DEFAULT_SENSITIVITY = DEFAULT_ONSET_SENSITIVITY;

/**
 * Sensitivity 0..1 → the two thresholds that decide what counts as a hit. 0.5 is ONSET_PARAMS exactly; each 0.5
 * step toward 1 halves the flux threshold k and lowers the energy floor by 15 dB (more, quieter hits), toward 0
 * the reverse (only strong, loud hits).
 */
export function thresholdsFor(sensitivity: number): { k: number; floorDb: number } {
  const s = Math.min(1, Math.max(0, sensitivity));
  return { k: ONSET_PARAMS.k * 4 ** (DEFAULT_SENSITIVITY - s), floorDb: ONSET_PARAMS.floorDb - 30 * (s - DEFAULT_SENSITIVITY) };
}

export function detectOnsets(wave: Float32Array, rate: number, sensitivity = DEFAULT_SENSITIVITY): number[] {
  const { k, floorDb } = thresholdsFor(sensitivity);
  const { frame, hop } = ONSET_PARAMS;
  const nFrames = Math.max(0, Math.floor((wave.length - frame) / hop) + 1);
  if (nFrames < 3) return [];
  const bins = frame / 2 + 1;
  const window = new Float64Array(frame).map((_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / frame));
  const re = new Float64Array(frame);
  const im = new Float64Array(frame);
  let prev = new Float64Array(bins);
  const flux = new Float64Array(nFrames);
  const energyDb = new Float64Array(nFrames);
  for (let f = 0; f < nFrames; f++) {
    let energy = 0;
    for (let i = 0; i < frame; i++) {
      const x = wave[f * hop + i]!;
      energy += x * x;
      re[i] = x * window[i]!;
      im[i] = 0;
    }
    energyDb[f] = 10 * Math.log10(energy / frame + 1e-12);
    fft(re, im);
    const cur = new Float64Array(bins);
    let s = 0;
    for (let b = 0; b < bins; b++) {
      cur[b] = Math.log1p(1000 * Math.hypot(re[b]!, im[b]!));
      if (f > 0) s += Math.max(0, cur[b]! - prev[b]!);
    }
    flux[f] = s;
    prev = cur;
  }
  const sorted = Array.from(flux).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const mad = Array.from(flux, (v) => Math.abs(v - median)).sort((a, b) => a - b)[Math.floor(flux.length / 2)]!;
  const maxDb = Math.max(...energyDb);
  const half = Math.max(1, Math.round((ONSET_PARAMS.localSec * rate) / hop));
  const minGap = Math.round((ONSET_PARAMS.minGapSec * rate) / hop);
  const onsets: number[] = [];
  let last = -Infinity;
  for (let f = 1; f < nFrames - 1; f++) {
    if (flux[f]! < flux[f - 1]! || flux[f]! < flux[f + 1]!) continue;
    let local = 0;
    let n = 0;
    for (let g = Math.max(0, f - half); g <= Math.min(nFrames - 1, f + half); g++, n++) local += flux[g]!;
    const threshold = local / n + k * Math.max(mad, 1e-6);
    const loudEnough = Math.max(energyDb[f]!, energyDb[Math.min(nFrames - 1, f + 2)]!) > maxDb + floorDb;
    if (flux[f]! > threshold && loudEnough && f - last >= minGap) {
      onsets.push((f * hop + frame / 2) / rate);
      last = f;
    }
  }
  return onsets;
}
