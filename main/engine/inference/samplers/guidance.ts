import type { Vec } from './prediction';

/**
 * Classifier-free guidance: out = w·c + (1 - w)·u (== u + w (c - u)), with u the output for the all-zero context
 * and zero onset envelope. The model runs conditional and unconditional rows in one batch of 2B:
 * rows [0, B) conditional, rows [B, 2B) unconditional, each `size` values long.
 */
export function cfgCombine(batched: Float32Array, rows: number, size: number, w: number): Float32Array {
  if (batched.length !== 2 * rows * size) {
    throw new Error(`guidance: expected ${2 * rows * size} values (2×${rows} rows of ${size}), got ${batched.length}`);
  }
  const out = new Float32Array(rows * size);
  const off = rows * size;
  for (let k = 0; k < out.length; k++) out[k] = w * batched[k] + (1 - w) * batched[off + k];
  return out;
}

/** Same combination on separate arrays (fixtures, tests). */
export function cfgPair(cond: Vec, uncond: Vec, w: number): Float64Array {
  const out = new Float64Array(cond.length);
  for (let k = 0; k < out.length; k++) out[k] = w * cond[k] + (1 - w) * uncond[k];
  return out;
}

/** [x; x] — the latent batch duplicated for the conditional and unconditional rows. */
export function duplicateBatch(x: Float32Array): Float32Array {
  const out = new Float32Array(x.length * 2);
  out.set(x, 0);
  out.set(x, x.length);
  return out;
}
