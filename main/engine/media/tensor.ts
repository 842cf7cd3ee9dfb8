import type { DecodedFrames } from './frames';

/**
 * Decoded RGB uint8 [T,H,W,3] → float32 [T,3,H,W] normalised per channel: (x/255 − mean[c]) / std[c], the layout
 * and normalisation the bundle manifests declare for `frames` (docs/DESIGN.md §3: [B,T,3,H,W], ImageNet mean/std).
 */
export function framesToTensor(f: DecodedFrames, norm: { mean: readonly number[]; std: readonly number[] }): Float32Array {
  const { count, width: w, height: h, data } = f;
  const plane = w * h;
  const out = new Float32Array(count * 3 * plane);
  const scale = [0, 1, 2].map((c) => 1 / (255 * norm.std[c]!));
  const shift = [0, 1, 2].map((c) => norm.mean[c]! / norm.std[c]!);
  for (let t = 0; t < count; t++) {
    const src = t * plane * 3;
    const dst = t * plane * 3;
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < 3; c++) out[dst + c * plane + p] = data[src + p * 3 + c]! * scale[c]! - shift[c]!;
    }
  }
  return out;
}
