/**
 * An independent, deliberately naive reference of the documented mixing maths (main/engine/export/mix.ts header):
 * builds each item's whole signal first (loop repeats written out one by one), then applies the envelope.
 */
export interface RefItem {
  start: number;
  duration: number;
  offset: number;
  gainDb: number;
  trackGainDb: number;
  fadeIn: number;
  fadeOut: number;
  src: Float32Array[];
  loop?: { crossfade: number };
}

export function refRender(frames: number, rate: number, items: RefItem[]): [Float32Array, Float32Array] {
  const out: [Float32Array, Float32Array] = [new Float32Array(frames), new Float32Array(frames)];
  for (const it of items) {
    const n = Math.round(it.duration * rate);
    const s0 = Math.round(it.start * rate);
    const off = Math.round(it.offset * rate);
    const gain = 10 ** (it.gainDb / 20) * 10 ** (it.trackGainDb / 20);
    for (let c = 0; c < 2; c++) {
      const src = (it.src[c] ?? it.src[0]!).subarray(off);
      const sig = new Float64Array(n);
      if (it.loop) {
        const L = src.length;
        const X = Math.min(Math.round(it.loop.crossfade * rate), Math.floor(L / 2));
        const P = L - X;
        for (let k = 0; k * P < n; k++) {
          for (let u = 0; u < L && k * P + u < n; u++) {
            let w = 1;
            if (k > 0 && u < X) w *= Math.sin((Math.PI / 2) * (u / X));
            if (X > 0 && u >= P) w *= Math.cos((Math.PI / 2) * ((u - P) / X));
            sig[k * P + u]! += w * src[u]!;
          }
        }
      } else {
        for (let j = 0; j < n && j < src.length; j++) sig[j] = src[j]!;
      }
      for (let j = 0; j < n; j++) {
        const t = j / rate;
        const d = n / rate;
        const fin = it.fadeIn > 0 ? Math.min(1, t / it.fadeIn) : 1;
        const fout = it.fadeOut > 0 ? Math.min(1, (d - t) / it.fadeOut) : 1;
        const at = s0 + j;
        if (at >= 0 && at < frames) out[c]![at]! += sig[j]! * gain * fin * fout;
      }
    }
  }
  return out;
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < Math.min(a.length, b.length); i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
