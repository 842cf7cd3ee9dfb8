/**
 * Rational-ratio resampler (polyphase, Kaiser-windowed sinc), e.g. 16 kHz → 48 kHz is up 3 / down 1.
 * y[n] = Σ_k x[k]·fc·sinc(fc·(n·M/L − k))·w(·), fc = min(1, L/M)·rolloff (the lower Nyquist), Kaiser β = 8.6
 * (~ −80 dB stop band). Phases are tabulated once per ratio; samples outside the input are zero.
 */
function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Modified Bessel function of the first kind, order 0 (series; converges fast for the β used here). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

export interface ResampleOptions {
  /** Zero crossings of the sinc on each side (at the lower rate). */
  halfTaps?: number;
  rolloff?: number;
  beta?: number;
}

interface Table {
  up: number;
  down: number;
  half: number; // taps on each side, at the input rate
  taps: Float64Array[]; // per phase: 2·half taps for k = base − half + 1 .. base + half
}

const tables = new Map<string, Table>();

function table(up: number, down: number, o: ResampleOptions): Table {
  const key = `${up}/${down}/${o.halfTaps}/${o.rolloff}/${o.beta}`;
  const hit = tables.get(key);
  if (hit) return hit;
  const zeros = o.halfTaps ?? 32;
  const beta = o.beta ?? 8.6;
  const fc = Math.min(1, up / down) * (o.rolloff ?? 0.95);
  const half = Math.ceil(zeros / fc);
  const i0b = besselI0(beta);
  const taps: Float64Array[] = [];
  for (let p = 0; p < up; p++) {
    const frac = p / up;
    const row = new Float64Array(2 * half);
    for (let j = 0; j < 2 * half; j++) {
      const t = frac + (half - 1 - j); // (n·M/L − k) for k = base − half + 1 + j
      const x = fc * t;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const r = t / half;
      const w = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0b;
      row[j] = fc * sinc * w;
    }
    taps.push(row);
  }
  const t: Table = { up, down, half, taps };
  tables.set(key, t);
  return t;
}

export function resample(input: Float32Array, fromRate: number, toRate: number, o: ResampleOptions = {}): Float32Array {
  if (!Number.isInteger(fromRate) || !Number.isInteger(toRate) || fromRate <= 0 || toRate <= 0) {
    throw new RangeError(`resample: rates must be positive integers, got ${fromRate} → ${toRate}`);
  }
  if (fromRate === toRate) return input.slice();
  const g = gcd(fromRate, toRate);
  const up = toRate / g;
  const down = fromRate / g;
  const tb = table(up, down, o);
  const n = Math.ceil((input.length * up) / down);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const pos = i * down;
    const base = Math.floor(pos / up);
    const row = tb.taps[pos - base * up];
    const k0 = base - tb.half + 1;
    let acc = 0;
    const jStart = Math.max(0, -k0);
    const jEnd = Math.min(row.length, input.length - k0);
    for (let j = jStart; j < jEnd; j++) acc += row[j] * input[k0 + j];
    out[i] = acc;
  }
  return out;
}

/**
 * Resamples a finished clip to exactly `outLength` samples with mirrored padding at both ends, so the filter sees
 * signal, not a step to zero, at the edges (otherwise the first and last ~1 ms fade to half amplitude and ring).
 */
export function resampleClip(input: Float32Array, fromRate: number, toRate: number, outLength: number, o: ResampleOptions = {}): Float32Array {
  const pad = Math.min(input.length - 1, 64);
  if (pad < 1 || fromRate === toRate) return fit(resample(input, fromRate, toRate, o), outLength);
  const padded = new Float32Array(input.length + 2 * pad);
  for (let i = 0; i < pad; i++) {
    padded[pad - 1 - i] = input[i + 1]; // x[-1-i] = x[1+i] (even reflection about sample 0)
    padded[pad + input.length + i] = input[input.length - 2 - i];
  }
  padded.set(input, pad);
  const y = resample(padded, fromRate, toRate, o);
  const skip = Math.round((pad * toRate) / fromRate);
  return fit(y.subarray(skip), outLength);
}

function fit(y: Float32Array, n: number): Float32Array {
  if (y.length >= n) return y.slice(0, n);
  const out = new Float32Array(n);
  out.set(y);
  return out;
}
