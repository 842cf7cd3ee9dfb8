/**
 * Windows for spans longer than one model clip (docs/DESIGN.md §4.5): overlapping windows of clipSeconds, evenly spread so
 * the first starts at the span start and the last ends at the span end (every window inside the span, so inside the
 * video), joined with equal-power crossfades over each overlap. Spans shorter than a clip use one window that starts
 * at the span start, moved earlier only if it would run past the video end.
 */
export interface WindowPlan {
  /** Window starts in media seconds. */
  readonly starts: number[];
  readonly clipSeconds: number;
  /** Offset (s) of the span start inside the first window (non-zero only for a short span moved back). */
  readonly lead: number;
}

export const DEFAULT_OVERLAP = 0.5;

export function planWindows(start: number, end: number, clipSeconds: number, videoDuration: number, overlap = DEFAULT_OVERLAP): WindowPlan {
  const length = end - start;
  if (length <= clipSeconds + 1e-9) {
    const latest = Math.max(0, videoDuration - clipSeconds);
    const ws = Math.min(start, latest);
    return { starts: [ws], clipSeconds, lead: start - ws };
  }
  const ov = Math.min(overlap, clipSeconds / 2);
  const count = Math.ceil((length - ov) / (clipSeconds - ov));
  const stride = (length - clipSeconds) / (count - 1);
  return { starts: Array.from({ length: count }, (_, k) => start + k * stride), clipSeconds, lead: 0 };
}

/**
 * Overlap-adds window k's wave (each window `clipLength` samples at `rate`) into `out`, which holds the span from
 * `spanStart`. In each overlap the outgoing window fades with cos and the incoming with sin (equal power:
 * cos² + sin² = 1, right for uncorrelated signals, which separately generated windows are). Windows can be added
 * in any order, one at a time, so a long span never holds every window's audio at once.
 */
export function addWindow(out: Float32Array, wave: Float32Array, k: number, plan: WindowPlan, spanStart: number, rate: number): void {
  const n = wave.length;
  const offset = (i: number): number => Math.round((plan.starts[i] - spanStart) * rate);
  const off = offset(k);
  const fadeIn = k > 0 ? Math.max(0, offset(k - 1) + n - off) : 0;
  const fadeOut = k + 1 < plan.starts.length ? Math.max(0, off + n - offset(k + 1)) : 0;
  for (let i = Math.max(0, -off); i < n && off + i < out.length; i++) {
    let g = 1;
    if (i < fadeIn) g *= Math.sin(((i + 0.5) / fadeIn) * (Math.PI / 2));
    const fromEnd = n - i;
    if (fromEnd <= fadeOut) g *= Math.cos(((fadeOut - fromEnd + 0.5) / fadeOut) * (Math.PI / 2));
    out[off + i] += g * wave[i];
  }
}

/** All windows at once (tests, short spans): `length` samples from `spanStart`. */
export function joinWindows(waves: Float32Array[], plan: WindowPlan, spanStart: number, rate: number, length: number): Float32Array {
  const out = new Float32Array(length);
  waves.forEach((w, k) => addWindow(out, w, k, plan, spanStart, rate));
  return out;
}

/** Onset envelope for one window from onset times in media seconds: 1 at floor((t − windowStart)·rate/hop). */
export function renderEnvelope(onsets: readonly number[], windowStart: number, frames: number, rate: number, hop: number): Float32Array {
  const env = new Float32Array(frames);
  for (const t of onsets) {
    const i = Math.floor(((t - windowStart) * rate) / hop);
    if (i >= 0 && i < frames) env[i] = 1;
  }
  return env;
}

/** The timing head's decision threshold: a latent frame is an onset where its probability peaks at or above it. */
export const ONSET_THRESHOLD = 0.5;

/** Latent frames where a predicted envelope (per-frame probability) peaks: local maxima at or above ONSET_THRESHOLD. */
export function envelopePeaks(env: Float32Array): number[] {
  const peaks: number[] = [];
  for (let i = 0; i < env.length; i++) {
    const v = env[i];
    if (v < ONSET_THRESHOLD) continue;
    if ((i > 0 && env[i - 1] > v) || (i + 1 < env.length && env[i + 1] >= v)) continue;
    peaks.push(i);
  }
  return peaks;
}
