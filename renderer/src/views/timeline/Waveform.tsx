import { useEffect, useRef } from 'react';
import type { Peaks } from '../../api/engine';

interface Props {
  peaks: Peaks | null;
  /** Timeline time at the canvas's left edge and pixels per second. */
  t0: number;
  pps: number;
  width: number;
  height: number;
  /** Where the audio starts on the timeline and in its source. */
  clipStart: number;
  offset: number;
  /** For looped beds: the distance between repeats (source length − crossfade). */
  loopHop: number | null;
  color: string;
}

function rgba(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  // ImageData is RGBA bytes; on little-endian a Uint32 is ABGR.
  return (0xff << 24) | ((n & 0xff) << 16) | (n & 0xff00) | ((n >> 16) & 0xff);
}

/**
 * A min/max waveform over the visible part of a clip (the caller sizes it to the rendered range), written as pixels
 * into one ImageData: thousands of columns cost one putImageData instead of one draw call each.
 */
export function Waveform({ peaks, t0, pps, width, height, clipStart, offset, loopHop, color }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const w = Math.max(1, Math.round(width));
    const h = Math.max(1, Math.round(height));
    c.width = w;
    c.height = h;
    const g = c.getContext('2d')!;
    const img = g.createImageData(w, h);
    const px = new Uint32Array(img.data.buffer);
    const ink = rgba(color);
    const mid = h / 2;
    if (!peaks || peaks.min.length === 0) {
      px.fill(ink, Math.floor(mid) * w, Math.floor(mid) * w + w);
      g.putImageData(img, 0, 0);
      return;
    }
    const per = peaks.perSecond;
    // Peak-normalised view (as sample browsers draw it): quiet beds and takes still show their shape. Level is read
    // on the meter, not from the picture; the boost is capped at +30 dB so silence stays flat.
    let top = 0;
    for (let i = 0; i < peaks.min.length; i++) top = Math.max(top, -peaks.min[i]!, peaks.max[i]!);
    const gain = (top > 0 ? Math.min(1 / top, 31.6) : 1) * mid * 0.95;
    for (let x = 0; x < w; x++) {
      const local = t0 + x / pps - clipStart;
      if (local < 0) continue;
      const src = loopHop ? local % loopHop : offset + local;
      const a = Math.floor(src * per);
      const b = Math.max(a + 1, Math.floor((src + 1 / pps) * per));
      let lo = 0;
      let hi = 0;
      for (let i = a; i < b && i < peaks.min.length; i++) {
        if (peaks.min[i]! < lo) lo = peaks.min[i]!;
        if (peaks.max[i]! > hi) hi = peaks.max[i]!;
      }
      const y0 = Math.max(0, Math.floor(mid - hi * gain));
      const y1 = Math.min(h - 1, Math.max(y0, Math.ceil(mid - lo * gain)));
      for (let y = y0; y <= y1; y++) px[y * w + x] = ink;
    }
    g.putImageData(img, 0, 0);
  }, [peaks, t0, pps, width, height, clipStart, offset, loopHop, color]);
  return <canvas ref={ref} className="waveform" style={{ width, height }} />;
}
