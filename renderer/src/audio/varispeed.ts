import type { Piece } from './pieces';

/** One piece of a voice as it plays at a shuttle rate: a plain Player started at a real time, off the mix clock. */
export interface VarispeedStart {
  /** Index into the voice's pieces. */
  piece: number;
  /** Real seconds after the shuttle starts. */
  delay: number;
  /** Seconds into the piece's buffer (a looped piece: inside one repeat). */
  offset: number;
  /** Buffer seconds still to play (the player plays them in duration / rate real seconds). */
  duration: number;
}

/**
 * Where each piece of a voice (pieces.ts: the export mix's fades baked in) plays when the timeline runs at `rate`×
 * from timeline time `from`: a piece ahead starts after (its start − from) / rate real seconds; one already under
 * way starts at once, from the point the playhead has reached in it. Pieces that ended before `from` are left out.
 * Pure, so the arithmetic is unit-tested; Web Audio plays each buffer at `rate` (tape-like: pitch follows speed).
 */
export function varispeedStarts(pieces: readonly Piece[], voiceStart: number, sampleRate: number, from: number, rate: number): VarispeedStart[] {
  const out: VarispeedStart[] = [];
  pieces.forEach((p, i) => {
    const start = voiceStart + p.from / sampleRate;
    const length = p.length / sampleRate;
    if (start + length <= from) return;
    const skip = Math.max(0, from - start);
    const base = p.source.kind === 'shared' ? p.source.offset / sampleRate : 0;
    const repeat = p.loop && p.source.kind === 'baked' ? (p.source.channels[0]?.length ?? 0) / sampleRate : 0;
    out.push({ piece: i, delay: Math.max(0, start - from) / rate, offset: base + (repeat > 0 ? skip % repeat : skip), duration: length - skip });
  });
  return out;
}
