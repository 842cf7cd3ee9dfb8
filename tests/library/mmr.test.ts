import { describe, expect, it } from 'vitest';
import { mmr } from '../../main/engine/library/mmr';
import { normalise } from '../../main/engine/library/vectors';

const v = (...x: number[]): Float32Array => normalise(Float32Array.from(x));

describe('maximal marginal relevance (diverse retrieval)', () => {
  // a and a2 are near-duplicates (both very relevant); b is a little less relevant but sounds different.
  const vecs = new Map([
    [1, v(1, 0, 0)],
    [2, v(0.999, 0.045, 0)],
    [3, v(0.2, 0, 0.98)],
  ]);
  const cands = [
    { id: 1, score: 0.9 },
    { id: 2, score: 0.89 },
    { id: 3, score: 0.7 },
  ];

  it('keeps the most relevant first and skips its near-duplicate for a different clip', () => {
    expect(mmr(cands, (id) => vecs.get(id)!, 2).map((c) => c.id)).toEqual([1, 3]);
  });

  it('returns every candidate when k covers them, and keeps scores', () => {
    const all = mmr(cands, (id) => vecs.get(id)!, 5);
    expect(all.map((c) => c.id).sort()).toEqual([1, 2, 3]);
    expect(all.find((c) => c.id === 3)!.score).toBe(0.7);
  });
});
