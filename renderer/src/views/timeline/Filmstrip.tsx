import { useEffect, useRef, useState } from 'react';
import { useEditor } from '../../app/editor';
import { useObservable } from '../../state/observable';
import { ThumbnailGrabber } from './thumbnails';
import { cssPixelCanvas } from './canvas';

export const FILMSTRIP_PX = 40;

/** Thumbnails of the picture over the visible range, one per tile, so cuts and actions can be found by eye. */
export function Filmstrip({ pps, scrollTime, width, length, aspect }: { pps: number; scrollTime: number; width: number; length: number; aspect: number }) {
  const e = useEditor();
  const url = useObservable(e.videoUrl);
  const ref = useRef<HTMLCanvasElement>(null);
  const [grabber, setGrabber] = useState<ThumbnailGrabber | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!url) return;
    const g = new ThumbnailGrabber(url, FILMSTRIP_PX, () => setTick((n) => n + 1));
    setGrabber(g);
    return () => g.dispose();
  }, [url]);
  const tileW = Math.max(24, Math.round(FILMSTRIP_PX * aspect));
  const tileT = tileW / pps;
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const g = cssPixelCanvas(c, width, FILMSTRIP_PX, '#15171a');
    if (!grabber || !url) return;
    const first = Math.floor(scrollTime / tileT);
    const times: number[] = [];
    for (let i = first; i * tileT < Math.min(length, scrollTime + width / pps); i++) {
      const t = +(i * tileT).toFixed(3);
      const x = (i * tileT - scrollTime) * pps;
      const img = grabber.get(t);
      if (img) g.drawImage(img, x, 0, tileW, FILMSTRIP_PX);
      else times.push(t);
      g.fillStyle = '#000';
      g.fillRect(x, 0, 1, FILMSTRIP_PX);
    }
    // Ask for missing frames only once scrolling pauses: seeking a decoder per scroll frame would stall it.
    const id = setTimeout(() => grabber.want(times), 120);
    return () => clearTimeout(id);
  }, [grabber, url, pps, scrollTime, width, length, tileT, tileW, tick]);
  return <canvas ref={ref} className="filmstrip" data-testid="filmstrip" style={{ width, height: FILMSTRIP_PX }} />;
}
