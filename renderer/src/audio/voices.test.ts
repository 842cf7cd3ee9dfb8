import { describe, expect, it } from 'vitest';
import { segmentsOf, type Voice } from './voices';
import { ShortTermWindow, lufsFromMeanSquare } from './loudness';

const bed: Voice = { key: 'c', trackId: 'a', path: '/rain.wav', start: 10, duration: 20, offset: 0, gainDb: 0, fadeIn: 0, fadeOut: 0, loop: true, loopCrossfade: 0.5 };

describe('ambient beds loop with crossfades to the span length', () => {
  it('repeats overlap by the crossfade and the last repeat is cut at the clip end', () => {
    const segs = segmentsOf(bed, 6);
    expect(segs.map((s) => s.at)).toEqual([10, 15.5, 21, 26.5]);
    const last = segs.at(-1)!;
    expect(last.at + last.duration).toBeCloseTo(30, 9);
    for (let i = 1; i < segs.length; i++) expect(segs[i - 1]!.at + segs[i - 1]!.duration - segs[i]!.at).toBeCloseTo(0.5, 9);
  });

  it('a non-looped clip plays once from its offset and never past the source end', () => {
    expect(segmentsOf({ ...bed, loop: false, offset: 2 }, 6)).toEqual([{ at: 10, offset: 2, duration: 4 }]);
  });
});

describe('short-term loudness', () => {
  it('a full-scale 1 kHz-like sine (mean square 0.5) reads −3.70 LUFS before K-weighting', () => {
    expect(lufsFromMeanSquare(0.5)).toBeCloseTo(-3.701, 3);
  });

  it('forgets blocks older than 3 s', () => {
    const w = new ShortTermWindow();
    w.push(0, new Float32Array(100).fill(1));
    w.push(3.5, new Float32Array(100).fill(0.1));
    expect(w.lufs()).toBeCloseTo(lufsFromMeanSquare(0.01), 4);
  });

  it('a looped bed repeats from its offset to the source end, as the export mix does', () => {
    const segs = segmentsOf({ ...bed, offset: 1, duration: 8 }, 4);
    expect(segs[0]).toEqual({ at: 10, offset: 1, duration: 3 });
    expect(segs[1]).toEqual({ at: 12.5, offset: 1, duration: 3 });
  });
});
