/**
 * What the denoiser's output means. epsilon: the noise; v: sqrt(abar) eps - sqrt(1-abar) x0 (Salimans & Ho 2022,
 * sec. 4). Both samplers work on the x0 prediction, so they only need these two conversions.
 */
export type Prediction = 'epsilon' | 'v';

export type Vec = Float32Array | Float64Array;

/** A new array of the same kind and length as `like` (float32 latents stay float32, fixtures stay float64). */
export function like(v: Vec): Vec {
  return v instanceof Float64Array ? new Float64Array(v.length) : new Float32Array(v.length);
}

/** x0 = (x - s·eps)/a for epsilon; x0 = a·x - s·v for v, with a = sqrt(abar_t), s = sqrt(1 - abar_t). */
export function x0From(prediction: Prediction, out: Vec, sample: Vec, abar: number): Vec {
  const a = Math.sqrt(abar);
  const s = Math.sqrt(1 - abar);
  const x0 = like(sample);
  if (prediction === 'epsilon') {
    for (let i = 0; i < x0.length; i++) x0[i] = (sample[i] - s * out[i]) / a;
  } else {
    for (let i = 0; i < x0.length; i++) x0[i] = a * sample[i] - s * out[i];
  }
  return x0;
}

/** eps from the output: itself for epsilon; a·v + s·x for v. */
export function epsFrom(prediction: Prediction, out: Vec, sample: Vec, abar: number): Vec {
  if (prediction === 'epsilon') return out;
  const a = Math.sqrt(abar);
  const s = Math.sqrt(1 - abar);
  const eps = like(sample);
  for (let i = 0; i < eps.length; i++) eps[i] = a * out[i] + s * sample[i];
  return eps;
}
