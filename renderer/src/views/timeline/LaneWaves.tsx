import { useEffect, useRef } from 'react';
import type { Clip, Span } from '../../../../main/contract/domains/project-doc';
import { useEditor } from '../../app/editor';
import { drawWaves, inkOf, type WaveItem } from './drawWaves';
import { usePeaksMany } from './peaks';

const INK = { action: inkOf('#f0b45a'), ambient: inkOf('#5ac8b8'), original: inkOf('#8891a0') } as const;

interface Props {
  kind: 'original' | 'action' | 'ambient';
  spans: readonly Span[];
  clips: readonly Clip[];
  pps: number;
  t0: number;
  t1: number;
  /** Rows of the lane the waveforms occupy (under the blocks' labels). */
  top: number;
  height: number;
}

/** All waveforms of one lane in the rendered range, on one canvas under the (transparent) blocks. */
export function LaneWaves({ kind, spans, clips, pps, t0, t1, top, height }: Props) {
  const e = useEditor();
  const ref = useRef<HTMLCanvasElement>(null);
  const takeOf = (s: Span) => s.takes.find((t) => t.id === s.activeTakeId)?.path ?? null;
  const paths = [...spans.map(takeOf).filter((p): p is string => p !== null), ...clips.map((c) => c.source.path)];
  // The original sound is a whole film's audio: engine peaks only, never decoded in the page.
  const peaks = usePeaksMany(e, paths, kind !== 'original');
  const width = Math.max(1, Math.ceil((t1 - t0) * pps));
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    // Device pixels (HiDPI screens get crisp waveforms), capped at 2× to bound the buffer on wide lanes.
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    const w = Math.max(1, Math.round(width * dpr));
    const h = Math.max(1, Math.round(height * dpr));
    c.width = w;
    c.height = h;
    const g = c.getContext('2d')!;
    const img = g.createImageData(w, h);
    const items: WaveItem[] = [];
    for (const s of spans) {
      const p = peaks.get(takeOf(s) ?? '');
      if (p) items.push({ start: s.start, end: s.end, offset: 0, loopHop: null, peaks: p, ink: INK.action });
    }
    for (const cl of clips) {
      const p = peaks.get(cl.source.path);
      if (!p) continue;
      const len = p.min.length / p.perSecond;
      const loopHop = cl.loop && len > 0 ? Math.max(0.01, len - Math.min(cl.loopCrossfade, len / 2)) : null;
      items.push({ start: cl.start, end: cl.start + cl.duration, offset: cl.offset, loopHop, peaks: p, ink: INK[kind] });
    }
    drawWaves(new Uint32Array(img.data.buffer), w, 0, h, t0, pps * dpr, items);
    g.putImageData(img, 0, 0);
  }, [spans, clips, peaks, width, height, t0, pps, kind]);
  return <canvas ref={ref} className="lane-waves" style={{ left: t0 * pps, top, width, height }} />;
}
