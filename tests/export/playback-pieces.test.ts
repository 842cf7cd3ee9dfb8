import { describe, expect, it } from 'vitest';
import { mixItemInto, prepareItem } from '../../main/engine/export/mix';
import { voicePieces, type Piece } from '../../renderer/src/audio/pieces';
import type { Voice } from '../../renderer/src/audio/voices';

const RATE = 1000;

function noise(n: number, seed: number): Float32Array {
  let x = seed;
  return Float32Array.from({ length: n }, () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1);
}

/** The export mix of one item alone at unity gain, item-local (the reference the editor must match). */
function exported(v: Voice, src: [Float32Array, Float32Array]): Float32Array[] {
  const off = Math.round(v.offset * RATE);
  const item = prepareItem({ ...v, start: 0 }, RATE, 0, [src[0].subarray(off), src[1].subarray(off)]);
  const out: [Float32Array, Float32Array] = [new Float32Array(item.length), new Float32Array(item.length)];
  mixItemInto(out, 0, item, RATE);
  return out;
}

/** Renders pieces back to item-local samples: what the players will sum to. */
function renderPieces(pieces: Piece[], channels: Float32Array[], length: number): Float32Array[] {
  const out = channels.map(() => new Float32Array(length));
  for (const p of pieces) {
    out.forEach((dst, c) => {
      for (let i = 0; i < p.length; i++) {
        const s = p.source;
        let v: number;
        if (s.kind === 'shared') v = channels[c]![s.offset + i] ?? 0;
        else v = p.loop ? s.channels[c]![i % s.channels[c]!.length]! : s.channels[c]![i]!;
        dst[p.from + i]! += v;
      }
    });
  }
  return out;
}

const base: Voice = { key: 'k', trackId: 't', path: '/a.wav', start: 3, duration: 5, offset: 0, gainDb: 0, fadeIn: 0, fadeOut: 0, loop: false, loopCrossfade: 0 };
const cases: [string, Partial<Voice>][] = [
  ['plain, no fades', {}],
  ['plain with fades and offset', { offset: 0.4, fadeIn: 0.3, fadeOut: 1.2 }],
  ['plain, fades overlapping', { duration: 1, fadeIn: 0.8, fadeOut: 0.9 }],
  ['plain, past the source end', { offset: 1.5, duration: 2.5, fadeOut: 0.2 }],
  ['looped bed, crossfade only', { loop: true, duration: 9.3, loopCrossfade: 0.25 }],
  ['looped bed with fades and offset', { loop: true, duration: 9.3, offset: 0.35, loopCrossfade: 0.4, fadeIn: 0.5, fadeOut: 2.7 }],
  ['looped bed, fade longer than a repeat', { loop: true, duration: 12, loopCrossfade: 0.1, fadeIn: 4.1, fadeOut: 3.3 }],
  ['looped bed shorter than one repeat', { loop: true, duration: 1.2, loopCrossfade: 0.3, fadeIn: 0.2 }],
  ['looped bed, crossfade over half the source', { loop: true, duration: 7, loopCrossfade: 5 }],
];

describe('editor playback pieces equal the export mix', () => {
  const src: [Float32Array, Float32Array] = [noise(2000, 7), noise(2000, 9)]; // a 2 s source at 1 kHz
  for (const [name, patch] of cases) {
    it(name, () => {
      const v = { ...base, ...patch };
      const want = exported(v, src);
      const got = renderPieces(voicePieces(v, src, RATE), src, want[0]!.length);
      for (let c = 0; c < 2; c++) {
        let worst = 0;
        for (let j = 0; j < want[c]!.length; j++) worst = Math.max(worst, Math.abs(got[c]![j]! - want[c]![j]!));
        expect(worst).toBeLessThan(1e-6);
      }
    });
  }

  it('a long looped bed bakes about one repeat for its middle, not its whole length', () => {
    const v = { ...base, loop: true, duration: 600, loopCrossfade: 0.5, fadeOut: 1 };
    const baked = voicePieces(v, src, RATE).reduce((n, p) => n + (p.source.kind === 'baked' ? p.source.channels[0]!.length : 0), 0);
    expect(baked).toBeLessThan(3 * 2000);
    expect(voicePieces(v, src, RATE).some((p) => p.loop)).toBe(true);
  });

  it('a plain clip without fades plays the shared source as one piece', () => {
    const pieces = voicePieces({ ...base, offset: 0.5 }, src, RATE);
    expect(pieces).toHaveLength(1);
    expect(pieces[0]!.source).toEqual({ kind: 'shared', offset: 500 });
  });
});
