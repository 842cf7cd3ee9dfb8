/**
 * Resampling to the analysis rate (16 kHz mono, what the bundles' graphs and Silero VAD take). A windowed-sinc
 * low-pass at 0.45 × the target rate, evaluated only at output instants, snapped to the nearest input sample:
 * the snap is at most half an input period (≤ 11 µs from 44.1 kHz), irrelevant to level, VAD and embeddings, and it
 * halves the cost of an interpolating filter. Integer ratios (48k → 16k) are exact decimation.
 */
const HALF_TAPS = 16;

const kernels = new Map<string, Float32Array>();

function kernel(from: number, to: number): Float32Array {
  const key = `${from}:${to}`;
  let k = kernels.get(key);
  if (k) return k;
  const cutoff = (0.45 * to) / from; // cycles per input sample
  k = new Float32Array(HALF_TAPS * 2 + 1);
  let sum = 0;
  for (let i = -HALF_TAPS; i <= HALF_TAPS; i++) {
    const x = 2 * cutoff * i;
    const sinc = i === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const w = 0.42 + 0.5 * Math.cos((Math.PI * i) / HALF_TAPS) + 0.08 * Math.cos((2 * Math.PI * i) / HALF_TAPS); // Blackman
    k[i + HALF_TAPS] = sinc * w;
    sum += sinc * w;
  }
  for (let i = 0; i < k.length; i++) k[i]! /= sum;
  kernels.set(key, k);
  return k;
}

export function resampleMono(input: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return input;
  const outLen = Math.floor((input.length * to) / from);
  const out = new Float32Array(outLen);
  const n = input.length;
  if (to > from) {
    // Upsampling (rare: 8 kHz material): linear interpolation is enough, nothing above the input Nyquist exists.
    for (let i = 0; i < outLen; i++) {
      const pos = (i * from) / to;
      const a = Math.floor(pos);
      const f = pos - a;
      out[i] = input[a]! * (1 - f) + (input[Math.min(a + 1, n - 1)] ?? 0) * f;
    }
    return out;
  }
  const k = kernel(from, to);
  const ratio = from / to;
  for (let i = 0; i < outLen; i++) {
    const c = Math.round(i * ratio);
    let s = 0;
    if (c >= HALF_TAPS && c + HALF_TAPS < n) {
      for (let t = -HALF_TAPS, j = c - HALF_TAPS; t <= HALF_TAPS; t++, j++) s += input[j]! * k[t + HALF_TAPS]!;
    } else {
      for (let t = -HALF_TAPS; t <= HALF_TAPS; t++) {
        const j = c + t;
        if (j >= 0 && j < n) s += input[j]! * k[t + HALF_TAPS]!;
      }
    }
    out[i] = s;
  }
  return out;
}
