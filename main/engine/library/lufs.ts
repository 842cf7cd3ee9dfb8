/**
 * Integrated loudness (ITU-R BS.1770-4 / EBU R128) of a mono signal at any rate: K-weighting (the two biquads of
 * the standard, re-derived for the sample rate as libebur128 does), 400 ms blocks with 75 % overlap, absolute gate
 * at −70 LUFS, relative gate at −10 LU. Measured on the library's 16 kHz analysis decode, so content above 8 kHz is
 * not counted (a fraction of a dB for ambiences; documented in the clip's analysis notes).
 * Returns null for silence (no block above the absolute gate).
 */
/**
 * K-weighted energy per 100 ms hop, in one pass (the filter output is never stored): a 400 ms block with 75 %
 * overlap is then the sum of 4 consecutive hops.
 */
function kWeightedHops(x: Float32Array, fs: number, hop: number): Float64Array {
  // Stage 1: high shelf (+4 dB above ~1.7 kHz), the head's acoustic effect.
  let K = Math.tan((Math.PI * 1681.974450955533) / fs);
  const Vh = Math.pow(10, 3.999843853973347 / 20);
  const Vb = Math.pow(Vh, 0.4996667741545416);
  let Q = 0.7071752369554196;
  let a0 = 1 + K / Q + K * K;
  const p0 = (Vh + (Vb * K) / Q + K * K) / a0, p1 = (2 * (K * K - Vh)) / a0, p2 = (Vh - (Vb * K) / Q + K * K) / a0;
  const pa1 = (2 * (K * K - 1)) / a0, pa2 = (1 - K / Q + K * K) / a0;
  // Stage 2: RLB high-pass at ~38 Hz.
  K = Math.tan((Math.PI * 38.13547087602444) / fs);
  Q = 0.5003270373238773;
  a0 = 1 + K / Q + K * K;
  const qa1 = (2 * (K * K - 1)) / a0, qa2 = (1 - K / Q + K * K) / a0;
  const hops = new Float64Array(Math.floor(x.length / hop));
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0, z1 = 0, z2 = 0;
  for (let h = 0, i = 0; h < hops.length; h++) {
    let e = 0;
    for (const end = i + hop; i < end; i++) {
      const xi = x[i]!;
      const yi = p0 * xi + p1 * x1 + p2 * x2 - pa1 * y1 - pa2 * y2;
      const zi = yi - 2 * y1 + y2 - qa1 * z1 - qa2 * z2;
      x2 = x1; x1 = xi;
      y2 = y1; y1 = yi;
      z2 = z1; z1 = zi;
      e += zi * zi;
    }
    hops[h] = e;
  }
  return hops;
}

export function integratedLufs(x: Float32Array, fs: number): number | null {
  const hop = Math.round(0.1 * fs);
  const hops = kWeightedHops(x, fs, hop);
  const z: number[] = [];
  if (hops.length < 4) {
    const n = hops.length * hop;
    if (n > 0) z.push(hops.reduce((a, b) => a + b, 0) / n);
  } else {
    for (let h = 0; h + 4 <= hops.length; h++) z.push((hops[h]! + hops[h + 1]! + hops[h + 2]! + hops[h + 3]!) / (4 * hop));
  }
  const L = (ms: number): number => -0.691 + 10 * Math.log10(ms);
  const abs = z.filter((v) => v > 0 && L(v) > -70);
  if (abs.length === 0) return null;
  const rel = L(abs.reduce((a, b) => a + b, 0) / abs.length) - 10;
  const gated = abs.filter((v) => L(v) > rel);
  return Math.round(L(gated.reduce((a, b) => a + b, 0) / gated.length) * 100) / 100;
}
