import { useEffect, useRef } from 'react';
import type { Marker } from '../../../../main/contract/domains/project-doc';
import { seek } from '../../app/actions/playback';
import { useEditor } from '../../app/editor';
import { formatClock, formatTimecode, frameDuration, type Fps } from '../../timeline/time';
import { startDrag } from './drag';
import { tickStep } from './viewport';
import { cssPixelCanvas } from './canvas';

interface Props {
  pps: number;
  scrollTime: number;
  width: number;
  fps: Fps;
  range: { in: number | null; out: number | null };
  markers: Marker[];
}

export const RULER_PX = 24;

/** Time ruler over the viewport only (canvas); click seeks, drag sets the in/out range, markers as flags. */
export function Ruler({ pps, scrollTime, width, fps, range, markers }: Props) {
  const e = useEditor();
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const g = cssPixelCanvas(c, width, RULER_PX, '#1d2025');
    if (range.in !== null && range.out !== null) {
      g.fillStyle = 'rgba(79,179,255,0.28)';
      const a = (Math.min(range.in, range.out) - scrollTime) * pps;
      g.fillRect(a, 0, Math.abs(range.out - range.in) * pps, RULER_PX);
    }
    const step = tickStep(pps, frameDuration(fps));
    const minor = step / 5;
    g.strokeStyle = '#4a505a';
    g.fillStyle = '#9aa3ae';
    g.font = '10px ui-monospace, monospace';
    const first = Math.floor(scrollTime / minor) * minor;
    g.beginPath();
    for (let t = first; t <= scrollTime + width / pps; t += minor) {
      const x = Math.round((t - scrollTime) * pps) + 0.5;
      const major = Math.abs(t / step - Math.round(t / step)) < 1e-6;
      g.moveTo(x, major ? 10 : 18);
      g.lineTo(x, RULER_PX);
      if (major) g.fillText(step < 1 ? formatTimecode(t + 1e-9, fps) : formatClock(t).replace(/\.000$/, ''), x + 3, 10);
    }
    g.stroke();
    g.fillStyle = '#ffcf4a';
    for (const m of markers) {
      const x = (m.time - scrollTime) * pps;
      g.fillRect(x, 0, 2, RULER_PX);
      g.fillText(m.label, x + 4, 21);
    }
    for (const [t, label] of [[range.in, 'I'], [range.out, 'O']] as const) {
      if (t === null) continue;
      const x = (t - scrollTime) * pps;
      g.fillStyle = '#4fb3ff';
      g.fillRect(x - 1, 0, 2, RULER_PX);
      g.fillText(label, x + 3, 21);
    }
  }, [pps, scrollTime, width, fps, range.in, range.out, markers]);

  const timeAt = (clientX: number, el: Element) => scrollTime + (clientX - el.getBoundingClientRect().left) / pps;
  return (
    <canvas
      ref={ref}
      className="ruler"
      data-testid="ruler"
      style={{ width, height: RULER_PX }}
      onPointerDown={(ev) => {
        const el = ev.currentTarget;
        const a = timeAt(ev.clientX, el);
        startDrag(
          ev,
          (dx) => e.store.setRange({ in: Math.min(a, a + dx / pps), out: Math.max(a, a + dx / pps) }),
          (moved) => {
            if (!moved) seek(e, a);
          },
        );
      }}
    />
  );
}
