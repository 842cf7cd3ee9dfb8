import type { Peaks } from '../../api/engine';

/** One waveform to draw in a lane: where it sits on the timeline and how its source maps onto it. */
export interface WaveItem {
  start: number;
  end: number;
  offset: number;
  /** Looped beds: the distance between repeats (source length − crossfade); null otherwise. */
  loopHop: number | null;
  peaks: Peaks;
  /** ABGR (little-endian RGBA) pixel value. */
  ink: number;
}

export function inkOf(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return ((0xff << 24) | ((n & 0xff) << 16) | (n & 0xff00) | ((n >> 16) & 0xff)) >>> 0;
}

/** Largest |sample| of a peaks table, cached per table (it is scanned once, not per redraw). */
const tops = new WeakMap<Peaks, number>();
function topOf(p: Peaks): number {
  let t = tops.get(p);
  if (t === undefined) {
    t = 0;
    for (let i = 0; i < p.min.length; i++) t = Math.max(t, -p.min[i]!, p.max[i]!);
    tops.set(p, t);
  }
  return t;
}

/**
 * Draws every item's min/max waveform into one pixel buffer covering [t0, t0 + w/pps) of a lane, rows
 * [y0, y0 + h). Pure (no DOM): one putImageData per lane replaces one canvas per clip, which is what keeps a
 * 20-track, 800-item timeline smooth. The view is peak-normalised per source (boost capped at +30 dB).
 */
export function drawWaves(px: Uint32Array, w: number, y0: number, h: number, t0: number, pps: number, items: readonly WaveItem[]): void {
  const mid = y0 + h / 2;
  for (const it of items) {
    const x0 = Math.max(0, Math.floor((it.start - t0) * pps));
    const x1 = Math.min(w, Math.ceil((it.end - t0) * pps));
    const per = it.peaks.perSecond;
    const n = it.peaks.min.length;
    const top = topOf(it.peaks);
    const gain = (top > 0 ? Math.min(1 / top, 31.6) : 1) * (h / 2) * 0.95;
    for (let x = x0; x < x1; x++) {
      const local = t0 + x / pps - it.start;
      const src = it.loopHop ? local % it.loopHop : it.offset + local;
      const a = Math.floor(src * per);
      const b = Math.max(a + 1, Math.floor((src + 1 / pps) * per));
      let lo = 0;
      let hi = 0;
      for (let i = Math.max(0, a); i < b && i < n; i++) {
        if (it.peaks.min[i]! < lo) lo = it.peaks.min[i]!;
        if (it.peaks.max[i]! > hi) hi = it.peaks.max[i]!;
      }
      const ya = Math.max(y0, Math.floor(mid - hi * gain));
      const yb = Math.min(y0 + h - 1, Math.max(ya, Math.ceil(mid - lo * gain)));
      for (let y = ya; y <= yb; y++) px[y * w + x] = it.ink;
    }
  }
}
