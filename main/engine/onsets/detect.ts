import { fft } from './fft';

/**
 * The evaluation's onset detector, with FIXED parameters (DESIGN §8: the same detector scores ground truth and
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

export function detectOnsets(wave: Float32Array, rate: number): number[] {
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
    const threshold = local / n + ONSET_PARAMS.k * Math.max(mad, 1e-6);
    const loudEnough = Math.max(energyDb[f]!, energyDb[Math.min(nFrames - 1, f + 2)]!) > maxDb + ONSET_PARAMS.floorDb;
    if (flux[f]! > threshold && loudEnough && f - last >= minGap) {
      onsets.push((f * hop + frame / 2) / rate);
      last = f;
    }
  }
  return onsets;
}
