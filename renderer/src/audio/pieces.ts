import { fadeGain, loopSample } from '../../../main/contract/fades';
import type { Voice } from './voices';

/**
 * How the editor plays a voice so that it sounds exactly like the export mix (main/engine/export/mix.ts): linear
 * clip fades over the whole item, equal-power crossfades between loop repeats. Web Audio players cannot shape a
 * fade that way themselves (Tone.Player fades are linear per start and run past the stop time), so the shaped parts
 * are baked into small buffers and the rest plays the shared decoded source untouched:
 *  - plain clip: baked fade-in head, the source itself in the middle, baked fade-out tail;
 *  - looped bed: baked head (the first repeat, plus the fade-in), then one baked steady repeat (its first samples
 *    already crossfaded with the previous repeat's tail) looped natively, then a baked tail with the fade-out.
 * A repeat's sample depends only on its position inside the repeat, so one baked repeat serves the whole middle.
 * Pure: no Web Audio, so a unit test (tests/export/playback-pieces.test.ts) renders pieces and compares them with
 * the export mix sample by sample.
 */
export interface Piece {
  /** Item-local first sample and sample count, at the source's rate. */
  from: number;
  length: number;
  /** What plays: the source's own channels from `offset`, or baked channels from 0. */
  source: { kind: 'shared'; offset: number } | { kind: 'baked'; channels: Float32Array[] };
  /** A baked buffer that repeats (the steady loop repeat) rather than playing once. */
  loop: boolean;
}

/** The item-local sample j of a voice before gain (`src` from the voice's offset): the export mix's formula. */
function sampleAt(src: Float32Array, j: number, crossfade: number | null): number {
  if (crossfade === null) return j < src.length ? src[j]! : 0;
  return loopSample(src, j, crossfade);
}

function bake(channels: Float32Array[], off: number, from: number, length: number, fades: (j: number) => number, crossfade: number | null): Float32Array[] {
  return channels.map((full) => {
    const src = full.subarray(off);
    const out = new Float32Array(length);
    for (let i = 0; i < length; i++) out[i] = sampleAt(src, from + i, crossfade) * fades(from + i);
    return out;
  });
}

export function voicePieces(v: Voice, channels: Float32Array[], rate: number): Piece[] {
  const off = Math.round(v.offset * rate);
  const length = Math.round(v.duration * rate);
  const srcLen = channels[0]?.length ?? 0;
  if (length <= 0 || off >= srcLen) return [];
  const fades = (j: number) => fadeGain(j, length, rate, v.fadeIn, v.fadeOut);
  // Samples at and past `headEnd` have no fade-in; samples before `tailStart` have no fade-out (fadeGain is 1).
  const headEnd = Math.min(length, Math.ceil(v.fadeIn * rate));
  const tailStart = Math.max(0, length - Math.ceil(v.fadeOut * rate));
  const pieces: Piece[] = [];
  const baked = (from: number, to: number, crossfade: number | null) => {
    if (to > from) pieces.push({ from, length: to - from, source: { kind: 'baked', channels: bake(channels, off, from, to - from, fades, crossfade) }, loop: false });
  };

  if (!v.loop) {
    const audibleEnd = Math.min(length, srcLen - off); // past the source end: silence, nothing to play
    const a = Math.min(headEnd, audibleEnd);
    const b = Math.max(a, Math.min(tailStart, audibleEnd));
    baked(0, a, null);
    if (b > a) pieces.push({ from: a, length: b - a, source: { kind: 'shared', offset: off + a }, loop: false });
    baked(b, audibleEnd, null);
    return pieces;
  }

  const span = srcLen - off;
  const crossfade = Math.min(Math.round(v.loopCrossfade * rate), Math.floor(span / 2));
  const P = span - crossfade; // samples per repeat
  // Head and tail end on repeat boundaries, so the looped steady repeat always starts at its phase 0.
  const h = Math.min(length, Math.max(P, Math.ceil(headEnd / P) * P));
  const t = tailStart >= length ? length : Math.max(h, Math.floor(tailStart / P) * P);
  // Without a fade-in the first repeat is the source itself (it has no incoming crossfade).
  if (headEnd === 0 && h <= tailStart) pieces.push({ from: 0, length: h, source: { kind: 'shared', offset: off }, loop: false });
  else baked(0, h, crossfade);
  if (t > h) {
    const steady = bake(channels, off, P, P, () => 1, crossfade); // repeat 1: crossfaded head, plain body
    pieces.push({ from: h, length: t - h, source: { kind: 'baked', channels: steady }, loop: true });
  }
  baked(t, length, crossfade);
  return pieces;
}
