/**
 * Integrated loudness (ITU-R BS.1770-4 / EBU R128) of a mono signal at any rate: K-weighting (the two biquads of
 * the standard, re-derived for the sample rate as libebur128 does), 400 ms blocks with 75 % overlap, absolute gate
 * at −70 LUFS, relative gate at −10 LU. Measured on the library's 16 kHz analysis decode, so content above 8 kHz is
 * not counted (a fraction of a dB for ambiences; documented in the clip's analysis notes).
 * Returns null for silence (no block above the absolute gate).
 */
function kWeight(x: Float32Array, fs: number): Float32Array {
  // Stage 1: high shelf (+4 dB above ~1.7 kHz), the head's acoustic effect.
  let K = Math.tan((Math.PI * 1681.974450955533) / fs);
  const Vh = Math.pow(10, 3.999843853973347 / 20);
  const Vb = Math.pow(Vh, 0.4996667741545416);
  let Q = 0.7071752369554196;
  let a0 = 1 + K / Q + K * K;
  const s1 = { b0: (Vh + (Vb * K) / Q + K * K) / a0, b1: (2 * (K * K - Vh)) / a0, b2: (Vh - (Vb * K) / Q + K * K) / a0, a1: (2 * (K * K - 1)) / a0, a2: (1 - K / Q + K * K) / a0 };
  // Stage 2: RLB high-pass at ~38 Hz.
  K = Math.tan((Math.PI * 38.13547087602444) / fs);
  Q = 0.5003270373238773;
  a0 = 1 + K / Q + K * K;
  const s2 = { b0: 1, b1: -2, b2: 1, a1: (2 * (K * K - 1)) / a0, a2: (1 - K / Q + K * K) / a0 };
  const y = new Float32Array(x.length);
  // Coefficients in locals: this loop runs once per sample of every imported clip.
  const [p0, p1, p2, pa1, pa2] = [s1.b0, s1.b1, s1.b2, s1.a1, s1.a2];
  const [q0, q1, q2, qa1, qa2] = [s2.b0, s2.b1, s2.b2, s2.a1, s2.a2];
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0, z1 = 0, z2 = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const yi = p0 * xi + p1 * x1 + p2 * x2 - pa1 * y1 - pa2 * y2;
    x2 = x1; x1 = xi;
    const zi = q0 * yi + q1 * y1 + q2 * y2 - qa1 * z1 - qa2 * z2;
    y2 = y1; y1 = yi;
    z2 = z1; z1 = zi;
    y[i] = zi;
  }
  return y;
}

export function integratedLufs(x: Float32Array, fs: number): number | null {
  const w = kWeight(x, fs);
  const block = Math.round(0.4 * fs);
  const hop = Math.round(0.1 * fs);
  // Prefix sums of squares make every 400 ms block O(1).
  const cum = new Float64Array(w.length + 1);
  for (let i = 0; i < w.length; i++) cum[i + 1] = cum[i]! + w[i]! * w[i]!;
  const z: number[] = [];
  if (w.length < block) {
    if (w.length > 0) z.push(cum[w.length]! / w.length);
  } else {
    for (let s = 0; s + block <= w.length; s += hop) z.push((cum[s + block]! - cum[s]!) / block);
  }
  const L = (ms: number): number => -0.691 + 10 * Math.log10(ms);
  const abs = z.filter((v) => v > 0 && L(v) > -70);
  if (abs.length === 0) return null;
  const rel = L(abs.reduce((a, b) => a + b, 0) / abs.length) - 10;
  const gated = abs.filter((v) => L(v) > rel);
  return Math.round(L(gated.reduce((a, b) => a + b, 0) / gated.length) * 100) / 100;
}
