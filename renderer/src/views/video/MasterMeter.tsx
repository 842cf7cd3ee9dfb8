import { useEffect, useRef } from 'react';
import { useEditor } from '../../app/editor';
import { meterText } from '../../audio/loudness';

/** Peak (dBFS, held) and short-term loudness (LUFS) of the master, drawn by animation frame without React renders. */
export function MasterMeter() {
  const e = useEditor();
  const bar = useRef<HTMLDivElement>(null);
  const text = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let raf = 0;
    const meter = e.mixer.meter;
    const loop = () => {
      const { peakDb, lufs } = meter.read(performance.now() / 1000);
      const pct = Math.max(0, Math.min(100, ((peakDb + 60) / 60) * 100));
      if (bar.current) {
        bar.current.style.width = `${pct}%`;
        bar.current.classList.toggle('clip', peakDb > -0.1);
      }
      if (text.current) text.current.textContent = meterText(peakDb, lufs);
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(raf);
  }, [e]);
  return (
    <div className="meter" data-testid="master-meter" title="Master: sample peak (held 1.5 s) and short-term loudness (3 s, BS.1770)">
      <div className="meter-track"><div className="meter-bar" ref={bar} /></div>
      <span className="meter-text" data-testid="meter-text" ref={text}>{meterText(-Infinity, -Infinity)}</span>
    </div>
  );
}
