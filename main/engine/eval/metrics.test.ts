import { describe, expect, it } from 'vitest';
import { detectOnsets, f1, matchOnsets } from '../onsets';
import { ambientDb, bedLevelDb, pearson } from './levels';
import { frechetDistance, symmetricEigen } from './frechet';

const RATE = 16000;

/** Deterministic noise so tests are repeatable. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

function clip(seconds: number, events: number[], bedAmp: number, seed = 1): Float32Array {
  const r = rng(seed);
  const w = new Float32Array(Math.round(seconds * RATE));
  for (let i = 0; i < w.length; i++) w[i] = bedAmp * r();
  for (const t of events) {
    const s0 = Math.round(t * RATE);
    for (let i = 0; i < 0.12 * RATE && s0 + i < w.length; i++) w[s0 + i]! += 0.8 * Math.exp(-i / (0.02 * RATE)) * r();
  }
  return w;
}

describe('onset detector (fixed parameters)', () => {
  it('finds decaying noise bursts within 20 ms over a quiet bed', () => {
    const truth = [0.3, 0.9, 1.25, 1.7];
    const found = detectOnsets(clip(2.048, truth, 0.003), RATE);
    const counts = matchOnsets(found, truth, 0.02);
    expect(counts.tp).toBe(4);
    expect(counts.fp).toBeLessThanOrEqual(1);
  });

  it('reports almost nothing on a stationary bed', () => {
    expect(detectOnsets(clip(2.048, [], 0.05, 7), RATE).length).toBeLessThanOrEqual(1);
  });

  it('scores F1 with one-to-one matching inside ±50 ms', () => {
    const c = matchOnsets([0.1, 0.12, 0.5, 1.0], [0.11, 0.56, 0.9]);
    expect(c).toEqual({ tp: 1, fp: 3, fn: 2 });
    expect(f1(c)).toBeCloseTo(2 / 7, 6);
  });
});

describe('ambience levels', () => {
  it('bed level follows the bed, not the events', () => {
    const quiet = bedLevelDb(clip(2, [0.5, 1.5], 0.001), RATE);
    const loud = bedLevelDb(clip(2, [0.5, 1.5], 0.1), RATE);
    expect(loud - quiet).toBeGreaterThan(35);
    expect(ambientDb(clip(2, [0.5, 1.5], 0.001), RATE)).toBeLessThan(-35);
  });

  it('pearson is 1 for a linear relation and -1 for its mirror', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 9);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 9);
  });
});

describe('Fréchet distance', () => {
  it('diagonalises a symmetric matrix', () => {
    const { values } = symmetricEigen([Float64Array.from([2, 1]), Float64Array.from([1, 2])]);
    expect(Array.from(values).sort()).toEqual([expect.closeTo(1, 9), expect.closeTo(3, 9)]);
  });

  it('is ~0 for the same set and grows with a mean shift (|Δμ|² for equal covariances)', () => {
    const r = rng(3);
    const x = Array.from({ length: 400 }, () => Float32Array.from({ length: 4 }, () => r()));
    const shifted = x.map((v) => v.map((e) => e + 0.5));
    expect(frechetDistance(x, x)).toBeLessThan(1e-6);
    expect(frechetDistance(x, shifted)).toBeCloseTo(4 * 0.25, 3);
  });
});
