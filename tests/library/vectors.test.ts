import { describe, expect, it } from 'vitest';
import { VectorIndex } from '../../main/engine/library/vectors';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5);
}

describe('VectorIndex (WASM SIMD top-k over a float32 block)', () => {
  const dim = 20; // not a multiple of 8: exercises the zero padding
  const rand = lcg(3);
  const rows = Array.from({ length: 3000 }, () => Float32Array.from({ length: dim }, rand));

  it('runs the SIMD kernel and agrees with the JS loop and with brute force', () => {
    const simd = new VectorIndex(dim, 16); // small start: grows 8 times while filling
    const js = new VectorIndex(dim, 16, { simd: false });
    expect(simd.simd).toBe(true);
    rows.forEach((r, i) => (simd.set(i + 1, r), js.set(i + 1, r)));
    const q = Float32Array.from({ length: dim }, rand);
    const norm = (v: Float32Array): number => Math.hypot(...v);
    const brute = rows.map((r, i) => ({ id: i + 1, s: r.reduce((a, x, j) => a + x * q[j]!, 0) / norm(r) / norm(q) })).sort((a, b) => b.s - a.s);
    const a = simd.topK(q, 5);
    expect(a.map((h) => h.id)).toEqual(brute.slice(0, 5).map((b) => b.id));
    expect(js.topK(q, 5).map((h) => h.id)).toEqual(a.map((h) => h.id));
    a.forEach((h, i) => expect(h.score).toBeCloseTo(brute[i]!.s, 5));
  });

  it('deletes (swap-remove), replaces, filters, and handles k larger than the index', () => {
    const idx = new VectorIndex(dim);
    rows.slice(0, 50).forEach((r, i) => idx.set(i + 1, r));
    const best = idx.topK(rows[9]!, 1)[0]!;
    expect(best.id).toBe(10);
    expect(best.score).toBeCloseTo(1, 5);
    idx.delete(10);
    expect(idx.size).toBe(49);
    expect(idx.topK(rows[9]!, 1)[0]!.id).not.toBe(10);
    expect(idx.topK(rows[49]!, 1)[0]!.id).toBe(50); // the row moved into the freed slot is still found
    idx.set(1, rows[9]!); // replace clip 1's vector
    expect(idx.topK(rows[9]!, 1)[0]!.id).toBe(1);
    expect(idx.topK(rows[9]!, 3, (id) => id !== 1).map((h) => h.id)).not.toContain(1);
    expect(idx.topK(rows[0]!, 500)).toHaveLength(49);
    expect(new VectorIndex(dim).topK(rows[0]!, 3)).toEqual([]);
  });
});
