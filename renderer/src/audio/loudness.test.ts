import { describe, expect, it } from 'vitest';
import { ShortTermWindow, dbfs, lufsFromMeanSquare, meterText } from './loudness';

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

describe('meter reading (issue 18: "−449.1 / −728.2 LUFS-S" when stopped)', () => {
  it('reads silence as −∞, not the filter residue left after a stop', () => {
    expect(meterText(dbfs(3.5e-23), lufsFromMeanSquare(1e-73))).toBe('−∞ dBFS · −∞ LUFS-S');
    expect(meterText(-Infinity, -Infinity)).toBe('−∞ dBFS · −∞ LUFS-S');
  });

  it('shows programme levels to a tenth of a dB', () => {
    expect(meterText(-12.34, -20.06)).toBe('-12.3 dBFS · -20.1 LUFS-S');
  });
});
