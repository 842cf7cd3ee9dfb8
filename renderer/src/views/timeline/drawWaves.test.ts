import { describe, expect, it } from 'vitest';
import { drawWaves, inkOf } from './drawWaves';

const square = { perSecond: 10, min: Float32Array.from({ length: 10 }, (_, i) => (i < 5 ? -0.5 : 0)), max: Float32Array.from({ length: 10 }, (_, i) => (i < 5 ? 0.5 : 0)) };

describe('lane waveform drawing', () => {
  it('draws a clip only inside its extent, peak-normalised to the full row height', () => {
    const w = 40;
    const px = new Uint32Array(w * 20);
    drawWaves(px, w, 0, 20, 0, 10, [{ start: 1, end: 2, offset: 0, loopHop: null, peaks: square, ink: 1 }]);
    const col = (x: number) => Array.from({ length: 20 }, (_, y) => px[y * w + x]).filter(Boolean).length;
    expect(col(5)).toBe(0); // before the clip
    expect(col(12)).toBeGreaterThanOrEqual(18); // loud half: full height after normalisation
    expect(col(17)).toBeLessThanOrEqual(2); // silent half: the centre line
    expect(col(25)).toBe(0); // after the clip
  });

  it('a looped bed repeats its source every hop', () => {
    const w = 60;
    const px = new Uint32Array(w * 10);
    drawWaves(px, w, 0, 10, 0, 10, [{ start: 0, end: 6, offset: 0, loopHop: 0.8, peaks: square, ink: 1 }]);
    const loud = (x: number) => Array.from({ length: 10 }, (_, y) => px[y * w + x]).filter(Boolean).length > 5;
    expect([2, 10, 18].map(loud)).toEqual([true, true, true]); // each repeat starts loud
    expect([6, 14].map(loud)).toEqual([false, false]);
  });

  it('packs colours as little-endian RGBA', () => {
    expect(inkOf('#ff8000')).toBe(0xff0080ff);
  });
});
