/**
 * The timing head's per-window onset probabilities → the span's predicted onsets and the denoiser's envelopes
 * (docs/ARCHITECTURE.md "Timing head"). The head is the motion timing graph where the bundle has one (issue 16),
 * else the video encoder's `onsets` output.
 *
 * Envelope rule when the request gives no onsets:
 * - motion timing graph: the envelope is RENDERED FROM THE PREDICTED ONSETS (an impulse at each, exactly as for
 *   given onsets). The v3.1 denoiser's envelope path was trained on impulse envelopes and obeys them (given-onset F1
 *   0.97 on real clips), while the motion net's probabilities are shaped unlike anything it trained on; thresholding
 *   them first also puts the sound's hits where the app draws its predicted markers: accepting those markers as
 *   onsets gives the same envelope, and the same take.
 * - encoder head (bundles without motion): its raw probabilities, as those bundles were trained and verified
 *   (models/fixtures/parity*: envelope = videoEncoder onsets).
 */
import { envelopePeaks, renderEnvelope } from './windows';

/** A predicted onset: its time as stored, the window whose probabilities gave it, and its latent frame there. */
export interface PickedOnset {
  readonly time: number;
  readonly window: number;
  readonly index: number;
}

/**
 * Frame `index` of a window starting at `start`, in seconds rounded to 0.1 ms (as the app stores markers), moved up
 * 0.1 ms where rounding down would put it in the frame before: drawn back as a given onset (floor), it lands on its
 * own frame. Plain rounding lost a frame (16 ms early) for about 4 in 10 predicted onsets given back as markers.
 */
function storedTime(start: number, index: number, rate: number, hop: number): number {
  const near = Number((start + (index * hop) / rate).toFixed(4));
  return Math.floor(((near - start) * rate) / hop) === index ? near : Number((near + 1e-4).toFixed(4));
}

/**
 * One window's predicted onsets, each peak's time as stored and its frame: THE envelope → times rule. The app's
 * spans (pickOnsets) and `a2s eval`'s timing-head rows (envelopeToOnsets) both read it, so eval scores the times
 * the app ships.
 */
export function windowOnsets(probs: Float32Array, start: number, rate: number, hop: number): { time: number; index: number }[] {
  return envelopePeaks(probs).map((index) => ({ time: storedTime(start, index, rate, hop), index }));
}

/** A single window's predicted onset times (seconds from `start`'s origin, stored as the app stores them). */
export function envelopeToOnsets(probs: Float32Array, start: number, rate: number, hop: number): number[] {
  return windowOnsets(probs, start, rate, hop).map((p) => p.time);
}

/**
 * Peaks of each window's probabilities; each window reports only its own part of the span (overlaps split at their
 * midpoints) so an event is not listed twice.
 */
export function pickOnsets(probs: readonly (Float32Array | null)[], starts: readonly number[], spanStart: number, spanEnd: number, rate: number, hop: number): PickedOnset[] {
  const out: PickedOnset[] = [];
  probs.forEach((e, k) => {
    if (!e) return;
    const clip = (e.length * hop) / rate;
    const from = k === 0 ? spanStart : (starts[k]! + starts[k - 1]! + clip) / 2;
    const to = k + 1 === starts.length ? spanEnd : (starts[k + 1]! + starts[k]! + clip) / 2;
    for (const p of windowOnsets(e, starts[k]!, rate, hop)) {
      const exact = starts[k]! + (p.index * hop) / rate;
      if (exact >= from && exact < to) out.push({ ...p, window: k });
    }
  });
  return out;
}

/** The span's predicted onset times as the app stores them (0.1 ms). */
export function onsetTimes(picked: readonly PickedOnset[]): number[] {
  return picked.map((p) => p.time);
}

/** One window's impulse envelope from its own probabilities (every peak): `a2s eval`'s single-window rows. */
export function impulseEnvelope(probs: Float32Array): Float32Array {
  const env = new Float32Array(probs.length);
  for (const i of envelopePeaks(probs)) env[i] = 1;
  return env;
}

export interface SpanTiming {
  /** The denoiser's envelope per window (null: none, the denoiser gets zeros). */
  readonly envelopes: (Float32Array | null)[];
  /** The span's onsets: the given ones sorted, else the predicted ones. */
  readonly onsets: number[];
}

/** Envelopes and onsets of a span: given onsets win; else the rule at the top of this file. */
export function spanTiming(o: {
  userOnsets: readonly number[] | undefined;
  probs: readonly (Float32Array | null)[];
  motion: boolean;
  starts: readonly number[];
  spanStart: number;
  spanEnd: number;
  frames: number;
  rate: number;
  hop: number;
}): SpanTiming {
  if (o.userOnsets) {
    return { envelopes: o.starts.map((s) => renderEnvelope(o.userOnsets!, s, o.frames, o.rate, o.hop)), onsets: [...o.userOnsets].sort((a, b) => a - b) };
  }
  const onsets = onsetTimes(pickOnsets(o.probs, o.starts, o.spanStart, o.spanEnd, o.rate, o.hop));
  // motion graph: exactly the given-onset path (each window's own onsets land on their own frame: storedTime)
  const envelopes = o.motion ? o.starts.map((s) => renderEnvelope(onsets, s, o.frames, o.rate, o.hop)) : [...o.probs];
  return { envelopes, onsets };
}
