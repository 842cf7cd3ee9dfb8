import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Python reference arrays from models/fixtures/parity (raw little-endian float32 + index.json). */
export const PARITY_DIR = 'models/fixtures/parity';
export const TINY_BUNDLE = 'models/bundles/tiny';

export interface ParityIndex {
  bundle: string;
  timesteps: number[];
  steps: { index: number; t: number; latent: string; cond: string; uncond: string; guided: string }[];
  diffusion: { steps: number; guidance: number };
  /** Relative tolerances, the rule of models/README.md ("Export verification"): max|got − ref| ≤ rtol · absMax(ref). */
  tolerance: { perGraph: number; stepLatent: number; final: number; wave: number };
  arrays: Record<string, { file: string; shape: number[]; absMax: number }>;
}

export const parityIndex = (): ParityIndex => JSON.parse(readFileSync(path.join(PARITY_DIR, 'index.json'), 'utf8')) as ParityIndex;

export function f32(name: string): Float32Array {
  const buf = readFileSync(path.join(PARITY_DIR, `${name}.f32`));
  const out = new Float32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function absMax(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** max|got − ref| over the reference array's own scale (its abs-max, 1 if all zeros): what the tolerances bound. */
export function relDiff(got: ArrayLike<number>, name: string, idx: ParityIndex = parityIndex()): number {
  return maxAbsDiff(got, f32(name)) / (idx.arrays[name]!.absMax || 1);
}
