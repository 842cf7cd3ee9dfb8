import { describe, expect, it } from 'vitest';
import type { Piece } from './pieces';
import { varispeedStarts } from './varispeed';

const SR = 1000;
const shared = (from: number, length: number, offset: number): Piece => ({ from, length, source: { kind: 'shared', offset }, loop: false });
const baked = (from: number, length: number, bufferLength: number, loop: boolean): Piece => ({ from, length, source: { kind: 'baked', channels: [new Float32Array(bufferLength)] }, loop });

/** Issue 18 defect 9: at 2× shuttle the mix went silent; each piece must sound where the playhead crosses it. */
describe('varispeed starts', () => {
  it('a piece ahead of the playhead starts after its distance divided by the rate', () => {
    // Voice at 3 s, one shared piece of 2 s from source offset 0.5 s; shuttle at 2× from 1 s.
    expect(varispeedStarts([shared(0, 2000, 500)], 3, SR, 1, 2)).toEqual([{ piece: 0, delay: 1, offset: 0.5, duration: 2 }]);
  });

  it('a piece under way starts at once from where the playhead is in it; ended pieces are left out', () => {
    const pieces = [baked(0, 200, 200, false), shared(200, 1600, 200), baked(1800, 200, 200, false)];
    const starts = varispeedStarts(pieces, 0, SR, 1.2, 4);
    expect(starts).toHaveLength(2);
    expect(starts[0]).toMatchObject({ piece: 1, delay: 0 });
    expect(starts[0]!.offset).toBeCloseTo(1.2, 12); // source offset 0.2 s + 1.0 s into the piece
    expect(starts[0]!.duration).toBeCloseTo(0.6, 12); // the piece ends at 1.8 s
    expect(starts[1]).toMatchObject({ piece: 2, offset: 0, duration: 0.2 });
    expect(starts[1]!.delay).toBeCloseTo(0.6 / 4, 12);
  });

  it('a looped repeat starts at the phase the playhead has reached inside one repeat', () => {
    // A steady repeat of 0.3 s looped over 3 s; the playhead 1 s into it: 1.0 mod 0.3 = 0.1 s into a repeat.
    const [s] = varispeedStarts([baked(500, 3000, 300, true)], 0, SR, 1.5, 2);
    expect(s!.delay).toBe(0);
    expect(s!.offset).toBeCloseTo(0.1, 12);
    expect(s!.duration).toBeCloseTo(2, 12);
  });
});
