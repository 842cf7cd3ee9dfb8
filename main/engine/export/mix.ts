/**
 * The offline mix: the SAME maths as playback in the editor. Editor engineer: the timeline player must do exactly
 * this (the export tests pin it sample by sample against an independent reference), so what a user hears in the
 * app is what the stems contain.
 *
 *  - Positions: an item starts at sample round(start·rate) and lasts round(duration·rate) samples; source sample
 *    round(offset·rate) plays at the item's first sample. Past the end of a non-looping source: silence.
 *    A span's active take is an item at span.start, min(span length, take.seconds) long, offset 0.
 *  - Gain: linear = 10^(dB/20); item gain (clip gainDb, or span gainDb for a take) × track gainDb.
 *  - Clip / span fades: LINEAR ramps (Tone.js Player's default fade curve, Web Audio linearRamp), evaluated at
 *    t = j/rate inside the item of length D = n/rate: g(t) = min(1, t/fadeIn) · min(1, (D − t)/fadeOut).
 *    They apply to looping clips too, over the whole clip (on top of the loop crossfades).
 *  - Loop crossfades (ambient beds, `loop: true`): EQUAL-POWER, because successive repeats of a bed are
 *    uncorrelated (a linear crossfade dips by 3 dB in its middle). Source segment of L samples from the clip's
 *    offset to the source's end, crossfade X = min(round(loopCrossfade·rate), ⌊L/2⌋); repeat k starts at k·(L − X);
 *    in its first X samples it is weighted sin(π/2 · u/X) and the previous repeat's last X samples cos(π/2 · u/X)
 *    (u = 0..X−1), so sin² + cos² = 1. The first repeat does not fade in, the last is cut at the clip's end (the
 *    clip fades above shape both ends).
 *    Editor playback (renderer/src/audio/pieces.ts) plays exactly this: the faded and crossfaded parts baked into
 *    small buffers with these same formulas, the rest from the shared source (a unit test compares them).
 *  - Channels: stereo out; a mono source feeds both channels at unity (Web Audio's "speakers" up-mix), sources
 *    with more than two channels are down-mixed to stereo by ffmpeg when decoded.
 *  - Mute / solo (same rule as the editor's `audible`): any solo → exactly the soloed tracks sound (solo wins over
 *    mute); else the unmuted ones. Stems are post-fader and ignore mute/solo (a mixer wants every track; the
 *    .rpp/.otio carry the state); the mix is the sum of the audible tracks.
 * Pure module: no I/O, so the renderer can mirror it line by line.
 */

import { fadeGain, loopSample } from '../../contract/fades';

export { fadeGain };

export const dbToGain = (db: number): number => Math.pow(10, db / 20);

/** An item resolved to samples at the export rate, with its decoded source (stereo, starting at the item's offset). */
export interface PreparedItem {
  id?: string;
  start: number;
  length: number;
  gain: number;
  fadeIn: number;
  fadeOut: number;
  loop: boolean;
  /** Crossfade in samples (loops only). */
  crossfade: number;
  source: [Float32Array, Float32Array];
}

export interface ItemTimes {
  id?: string;
  start: number;
  duration: number;
  gainDb: number;
  fadeIn: number;
  fadeOut: number;
  loop: boolean;
  loopCrossfade: number;
}

export function prepareItem(item: ItemTimes, rate: number, trackGainDb: number, source: [Float32Array, Float32Array]): PreparedItem {
  const srcLen = source[0].length;
  return {
    id: item.id,
    start: Math.round(item.start * rate),
    length: Math.round(item.duration * rate),
    gain: dbToGain(item.gainDb) * dbToGain(trackGainDb),
    fadeIn: item.fadeIn,
    fadeOut: item.fadeOut,
    loop: item.loop && srcLen > 0,
    crossfade: item.loop ? Math.min(Math.round(item.loopCrossfade * rate), Math.floor(srcLen / 2)) : 0,
    source,
  };
}

/**
 * Add `item` into `out` (stereo), where out[·][0] is timeline sample `blockStart`. Only the overlap is touched,
 * so a long timeline is rendered block by block without holding whole stems in memory.
 */
export function mixItemInto(out: [Float32Array, Float32Array], blockStart: number, item: PreparedItem, rate: number): void {
  const n = out[0].length;
  const from = Math.max(item.start, blockStart);
  const to = Math.min(item.start + item.length, blockStart + n);
  for (let c = 0; c < 2; c++) {
    const src = item.source[c as 0 | 1];
    const dst = out[c as 0 | 1];
    for (let s = from; s < to; s++) {
      const j = s - item.start;
      const v = item.loop ? loopSample(src, j, item.crossfade) : j < src.length ? src[j]! : 0;
      if (v === 0) continue;
      dst[s - blockStart]! += v * item.gain * fadeGain(j, item.length, rate, item.fadeIn, item.fadeOut);
    }
  }
}
