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

/** A min/max waveform on canvas, only over the visible part of a clip (the caller sizes it to the viewport). */
export function Waveform({ peaks, t0, pps, width, height, clipStart, offset, loopHop, color }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.max(1, Math.round(width * dpr));
    c.height = Math.max(1, Math.round(height * dpr));
    const g = c.getContext('2d')!;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, height);
    const mid = height / 2;
    g.fillStyle = color;
    if (!peaks || peaks.min.length === 0) {
      g.fillRect(0, mid, width, 1);
      return;
    }
    const per = peaks.perSecond;
    // Peak-normalised view (as sample browsers draw it): quiet beds and takes still show their shape. Level is
    // read on the meter, not from the picture; the boost is capped at +30 dB so silence stays flat.
    let top = 0;
    for (let i = 0; i < peaks.min.length; i++) top = Math.max(top, -peaks.min[i]!, peaks.max[i]!);
    const gain = top > 0 ? Math.min(1 / top, 31.6) : 1;
    for (let x = 0; x < width; x++) {
      const local = t0 + x / pps - clipStart;
      if (local < 0) continue;
      const src = loopHop ? local % loopHop : offset + local;
      const a = Math.floor(src * per);
      const b = Math.max(a + 1, Math.floor((src + 1 / pps) * per));
      let lo = 0;
      let hi = 0;
      for (let i = a; i < b && i < peaks.min.length; i++) {
        lo = Math.min(lo, peaks.min[i]!);
        hi = Math.max(hi, peaks.max[i]!);
      }
      const y0 = mid - hi * gain * mid * 0.95;
      const y1 = mid - lo * gain * mid * 0.95;
      g.fillRect(x, y0, 1, Math.max(1, y1 - y0));
    }
  }, [peaks, t0, pps, width, height, clipStart, offset, loopHop, color]);
  return <canvas ref={ref} className="waveform" style={{ width, height }} />;
}
