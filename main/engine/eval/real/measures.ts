/**
 * What is measured on one take (or on the clip's own recording): onset F1 against the reference onsets, peak,
 * integrated loudness and the event-to-bed ratio. Levels are read at the take's own rate (48 kHz as written);
 * onsets at the rate the fixed detector was set for (16 kHz: 512-sample frames, 8 ms hop).
 *
 * Event-to-bed ratio (dB): how far the hits stand out of the background. Short frames (20 ms RMS, 10 ms hop); the
 * bed is their 10th percentile (as `levels.ts`' bed level, on shorter frames so a dense take still has gaps);
 * an event's level is the loudest frame in [onset − 20 ms, onset + 60 ms] around each onset the detector finds in
 * this take; the ratio is the mean event level minus the bed. With no detected onset the loudest frame of the take
 * stands in, so a bed-only take scores its own peak-to-bed spread (small) rather than nothing.
 */
import { loudness } from '../../media';
import { resample } from '../../inference';
import { detectOnsets, f1, matchOnsets } from '../../onsets';

export const DETECT_RATE = 16_000;
const FRAME_SEC = 0.02;
const HOP_SEC = 0.01;
const EVENT_BEFORE = 0.02;
const EVENT_AFTER = 0.06;
/** Level reported for digital silence (dBFS / LUFS), so means stay finite. */
export const SILENCE_DB = -120;

export interface OnsetScore {
  onsetF1: number;
  onsetPrecision: number;
  onsetRecall: number;
}

export interface TakeMeasures extends OnsetScore {
  peakDb: number;
  lufs: number;
  eventToBedDb: number;
}

export function scoreOnsets(detected: number[], truth: number[]): OnsetScore {
  const c = matchOnsets(detected, truth);
  return {
    onsetF1: f1(c),
    onsetPrecision: c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0,
    onsetRecall: c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0,
  };
}

export function peakDb(wave: Float32Array): number {
  let m = 0;
  for (const x of wave) m = Math.max(m, Math.abs(x));
  return m > 0 ? Math.max(SILENCE_DB, 20 * Math.log10(m)) : SILENCE_DB;
}

function shortFrameDb(wave: Float32Array, rate: number): Float64Array {
  const n = Math.max(1, Math.round(FRAME_SEC * rate));
  const hop = Math.max(1, Math.round(HOP_SEC * rate));
  const count = Math.max(1, Math.floor((wave.length - n) / hop) + 1);
  const out = new Float64Array(count);
  for (let f = 0; f < count; f++) {
    let e = 0;
    for (let i = f * hop; i < Math.min(wave.length, f * hop + n); i++) e += wave[i]! * wave[i]!;
    out[f] = Math.max(SILENCE_DB, 10 * Math.log10(e / n + 1e-12));
  }
  return out;
}

export function eventToBedDb(wave: Float32Array, rate: number, events: number[]): number {
  const db = shortFrameDb(wave, rate);
  const sorted = Array.from(db).sort((a, b) => a - b);
  const bed = sorted[Math.floor(0.1 * (sorted.length - 1))]!;
  const hop = HOP_SEC * rate;
  const levels = events.map((t) => {
    const lo = Math.max(0, Math.floor(((t - EVENT_BEFORE) * rate) / hop));
    const hi = Math.min(db.length - 1, Math.ceil(((t + EVENT_AFTER) * rate) / hop));
    let m = SILENCE_DB;
    for (let f = lo; f <= hi; f++) m = Math.max(m, db[f]!);
    return m;
  });
  const event = levels.length ? levels.reduce((a, b) => a + b, 0) / levels.length : sorted.at(-1)!;
  return event - bed;
}

/** Every measure of one mono wave at `rate` against the reference onsets (seconds from the wave's start). */
export async function measureTake(wave: Float32Array, rate: number, truth: number[]): Promise<TakeMeasures> {
  const detected = detectOnsets(rate === DETECT_RATE ? wave : resample(wave, rate, DETECT_RATE), DETECT_RATE);
  const l = await loudness({ rate, channels: [wave] });
  return {
    ...scoreOnsets(detected, truth),
    peakDb: peakDb(wave),
    lufs: Number.isFinite(l.integratedLufs) ? l.integratedLufs : SILENCE_DB,
    eventToBedDb: eventToBedDb(wave, rate, detected),
  };
}
