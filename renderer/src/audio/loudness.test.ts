import { describe, expect, it } from 'vitest';
import { ShortTermWindow, lufsFromMeanSquare } from './loudness';

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
});
