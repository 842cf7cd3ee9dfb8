/**
 * `motion-baseline`: the video-only floor any model must beat. A strike is a moving hand or stick that stops at the
 * contact, so an onset is placed where frame-difference energy drops sharply.
 *
 * Derivation (parameters fixed from first principles, never fitted to an evaluation set):
 *   - frames decoded at every source frame, longest side MOTION_PARAMS.size px (a hand or stick spans many pixels),
 *     grey (BT.601 luma), normalised per clip to zero mean and unit variance (exposure and contrast drop out);
 *   - e_t = mean over pixels of (g_t − g_{t−1})²: the motion arriving at frame t;
 *   - an object moving at constant speed that stops inside the interval before frame t makes e_t large and e_{t+1}
 *     small, so the drop D_t = e_t − e_{t+1} peaks at the frame nearest the contact (error ≤ half a frame);
 *   - an onset at frame t when D_t is a local maximum, the motion at least halves (e_{t+1} ≤ (1 − minDrop)·e_t: a
 *     stop, not a slowdown), something was moving (e_t ≥ the clip's median e: the upper half of its motion), and at
 *     least minGapSec after the previous onset (10 strikes/s is faster than a hand plays; the larger drop wins).
 */
import { decodeFrames } from '../../media';

export const MOTION_PARAMS = {
  size: 128,
  minDrop: 0.5,
  minGapSec: 0.1,
} as const;

export interface GreyFrames {
  /** [count, width·height] luma, 0–255. */
  pixels: Float32Array;
  count: number;
  /** Media time of each frame (s). */
  times: number[];
}

/** Per-clip normalisation, then e_t for t = 1..count−1 (index t−1). */
export function motionEnergy(f: GreyFrames): Float64Array {
  const n = f.pixels.length;
  const plane = n / f.count;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += f.pixels[i]!;
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (f.pixels[i]! - mean) ** 2;
  const std = Math.sqrt(v / n) || 1;
  const e = new Float64Array(Math.max(0, f.count - 1));
  for (let t = 1; t < f.count; t++) {
    let s = 0;
    for (let p = 0; p < plane; p++) s += ((f.pixels[t * plane + p]! - f.pixels[(t - 1) * plane + p]!) / std) ** 2;
    e[t - 1] = s / plane;
  }
  return e;
}

/** Onset times (media seconds) from grey frames: see the header for the rule. */
export function motionOnsets(f: GreyFrames): number[] {
  const e = motionEnergy(f); // e[k] = motion into frame k+1
  if (e.length < 2) return [];
  const median = Array.from(e).sort((a, b) => a - b)[Math.floor(e.length / 2)]!;
  // D at frame t = e_t − e_{t+1} = e[t−1] − e[t], for frames t = 1..count−2
  const drop = (t: number): number => (t >= 1 && t + 1 < f.count ? e[t - 1]! - e[t]! : -Infinity);
  const picked: { t: number; d: number }[] = [];
  for (let t = 1; t + 1 < f.count; t++) {
    const d = drop(t);
    const into = e[t - 1]!;
    const isStop = e[t]! <= (1 - MOTION_PARAMS.minDrop) * into && into >= median && into > 0;
    if (!isStop || d < drop(t - 1) || d < drop(t + 1)) continue;
    const last = picked.at(-1);
    if (last && f.times[t]! - f.times[last.t]! < MOTION_PARAMS.minGapSec) {
      if (d > last.d) picked[picked.length - 1] = { t, d };
      continue;
    }
    picked.push({ t, d });
  }
  return picked.map((p) => f.times[p.t]!);
}

/** Every source frame of [0, seconds) as per-pixel luma at MOTION_PARAMS.size px on the longest side. */
export async function greyFrames(clip: { video: string; seconds: number; fps: number; width: number; height: number }): Promise<GreyFrames> {
  const { video, seconds, fps, width, height } = clip;
  const scale = MOTION_PARAMS.size / Math.max(width, height);
  const even = (x: number): number => Math.max(2, 2 * Math.round((x * scale) / 2));
  const [w, h] = [even(width), even(height)];
  // floor: sample times never fall behind the frames' pts, so no frame is shown twice (duplicates are dropped anyway)
  const count = Math.max(2, Math.floor(seconds * fps + 1e-6));
  const d = await decodeFrames(video, { start: 0, end: seconds, count, width: w, height: h, sampling: 'left', resize: 'area' });
  const plane = w * h;
  const keep = d.timestamps.map((t, i) => i === 0 || t > d.timestamps[i - 1]!);
  const kept = keep.filter(Boolean).length;
  const pixels = new Float32Array(kept * plane);
  const times: number[] = [];
  let k = 0;
  for (let i = 0; i < d.count; i++) {
    if (!keep[i]) continue;
    for (let p = 0; p < plane; p++) {
      const o = (i * plane + p) * 3;
      pixels[k * plane + p] = 0.299 * d.data[o]! + 0.587 * d.data[o + 1]! + 0.114 * d.data[o + 2]!;
    }
    times.push(d.timestamps[i]!);
    k++;
  }
  return { pixels, count: kept, times };
}
