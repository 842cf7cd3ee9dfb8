/**
 * Ambience measures (docs/DESIGN.md §8). The bed level is the 10th percentile of 50 ms frame RMS (dBFS): stationary
 * background, nearly blind to sparse events. `ambientDb` relates it to the loudest frame (the event peaks).
 */
const FRAME_SEC = 0.05;

function frameDb(wave: Float32Array, rate: number): number[] {
  const n = Math.max(1, Math.round(FRAME_SEC * rate));
  const out: number[] = [];
  for (let s = 0; s + n <= wave.length; s += n) {
    let e = 0;
    for (let i = s; i < s + n; i++) e += wave[i]! * wave[i]!;
    out.push(10 * Math.log10(e / n + 1e-12));
  }
  return out.length ? out : [-120];
}

export function bedLevelDb(wave: Float32Array, rate: number): number {
  const db = frameDb(wave, rate).sort((a, b) => a - b);
  return db[Math.floor(0.1 * (db.length - 1))]!;
}

export function peakLevelDb(wave: Float32Array, rate: number): number {
  return Math.max(...frameDb(wave, rate));
}

/** Background relative to the events: ≤ −35 dB reads as "clean action". */
export function ambientDb(wave: Float32Array, rate: number): number {
  return bedLevelDb(wave, rate) - peakLevelDb(wave, rate);
}

export function pearson(a: number[], b: number[]): number {
  const n = a.length;
  if (n < 2) return Number.NaN;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb + 1e-12);
}
