import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useEditor } from '../../app/editor';
import { useEditorState } from '../../app/hooks';
import { useObservable } from '../../state/observable';
import { fpsOf, timelineLength } from '../../timeline/doc';
import { addTrack } from '../../timeline/tracks';
import { MasterMeter } from '../video/MasterMeter';
import { Filmstrip, FILMSTRIP_PX } from './Filmstrip';
import { Playhead } from './Playhead';
import { Ruler, RULER_PX } from './Ruler';
import { TrackHeader } from './TrackHeader';
import { TrackLane } from './TrackLane';
import { HEADER_PX, visibleRange, zoomAround, zoomLimits } from './viewport';

const TRACK_PX = 64;

/**
 * The arrangement: ruler and filmstrip on top, one row per track (header sticky on the left), master at the bottom.
 * Native scrolling in both directions; Ctrl/Cmd-wheel zooms around the pointer; only what is in view is rendered.
 */
export function Timeline() {
  const e = useEditor();
  const { doc, range } = useEditorState();
  const { pxPerSec: pps } = useObservable(e.view);
  const ref = useRef<HTMLDivElement>(null);
  const [port, setPort] = useState({ left: 0, width: 800 });
  const length = timelineLength(doc);
  const lanesPx = Math.max(1, port.width - HEADER_PX);
  const limits = zoomLimits(length, lanesPx);
  const contentPx = Math.ceil(length * pps) + 40;
  const scrollTime = port.left / pps;
  const pendingScroll = useRef<number | null>(null);

  const measure = useCallback(() => {
    const el = ref.current;
    if (el) setPort({ left: el.scrollLeft, width: el.clientWidth });
  }, []);
  // Scroll events can outnumber frames: read the position once per frame.
  const scrollFrame = useRef(0);
  const onScroll = useCallback(() => {
    if (scrollFrame.current) return;
    scrollFrame.current = requestAnimationFrame(() => {
      scrollFrame.current = 0;
      measure();
    });
  }, [measure]);
  useEffect(() => () => cancelAnimationFrame(scrollFrame.current), []);
  useEffect(() => {
    measure();
    const ro = new ResizeObserver(measure);
    if (ref.current) ro.observe(ref.current);
    return () => ro.disconnect();
  }, [measure]);

  // Zoom keeps the anchor time in place: the scroll position is applied after the wider content is laid out.
  useLayoutEffect(() => {
    if (pendingScroll.current !== null && ref.current) {
      ref.current.scrollLeft = pendingScroll.current;
      pendingScroll.current = null;
      measure();
    }
  }, [pps, measure]);
  const zoom = useCallback((factor: number, anchorPx: number) => {
    const r = zoomAround(pps, scrollTime, factor, anchorPx, limits);
    pendingScroll.current = r.scrollTime * r.pps;
    e.view.update((v) => ({ ...v, pxPerSec: r.pps }));
  }, [e, pps, scrollTime, limits]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onWheel = (ev: WheelEvent) => {
      if (!ev.ctrlKey && !ev.metaKey) return;
      ev.preventDefault();
      zoom(Math.exp(-ev.deltaY * 0.002), ev.clientX - el.getBoundingClientRect().left - HEADER_PX);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoom]);
  // Fit the whole video when a new one arrives.
  useEffect(() => {
    e.view.update((v) => ({ ...v, pxPerSec: Math.max(zoomLimits(length, lanesPx).min, Math.min(v.pxPerSec, 200)) }));
  }, [e, length, lanesPx]);
  // Follow the playhead while playing: page forward when it leaves the view.
  useEffect(() => e.playhead.subscribe(() => {
    const el = ref.current;
    const t = e.playhead.get();
    if (!el || !e.video || e.video.paused) return;
    const x = t * e.view.get().pxPerSec;
    if (x < el.scrollLeft || x > el.scrollLeft + el.clientWidth - HEADER_PX - 40) el.scrollLeft = Math.max(0, x - 40);
  }), [e]);
  useEffect(() => {
    const fit = () => zoom(limits.min / pps, 0);
    const onCmd = (ev: Event) => {
      const d = (ev as CustomEvent<string>).detail;
      if (d === 'in') zoom(1.5, lanesPx / 2);
      else if (d === 'out') zoom(1 / 1.5, lanesPx / 2);
      else if (d === 'fit') fit();
    };
    window.addEventListener('a2s-zoom', onCmd);
    return () => window.removeEventListener('a2s-zoom', onCmd);
  }, [zoom, limits.min, pps, lanesPx]);

  const visible = visibleRange(scrollTime, lanesPx, pps);
  const fps = fpsOf(doc);
  const aspect = doc.video ? doc.video.width / doc.video.height : 16 / 9;
  return (
    <div className="timeline" ref={ref} data-testid="timeline" onScroll={onScroll}>
      <div className="tl-content" style={{ width: HEADER_PX + contentPx }}>
        <div className="tl-top">
          <div className="tl-corner" style={{ height: RULER_PX + (doc.video ? FILMSTRIP_PX : 0) }}>
            <button title="Zoom out (-)" onClick={() => zoom(1 / 1.5, lanesPx / 2)}>−</button>
            <button title="Zoom in (+)" onClick={() => zoom(1.5, lanesPx / 2)}>+</button>
            <button title="Fit" onClick={() => zoom(limits.min / pps, 0)}>fit</button>
            <button title="Add action track" onClick={() => e.store.apply('add action track', (d) => addTrack(d, 'action'))}>+A</button>
            <button title="Add ambient track" data-testid="add-ambient-track" onClick={() => e.store.apply('add ambient track', (d) => addTrack(d, 'ambient'))}>+B</button>
          </div>
          <div className="tl-strip" style={{ width: contentPx }}>
            <div style={{ position: 'absolute', left: port.left }}>
              <Ruler pps={pps} scrollTime={scrollTime} width={lanesPx} fps={fps} range={range} markers={doc.markers} />
              {doc.video && <Filmstrip pps={pps} scrollTime={scrollTime} width={lanesPx} length={length} aspect={aspect} />}
            </div>
          </div>
        </div>
        {doc.tracks.map((t) => (
          <div className="tl-row" key={t.id}>
            <TrackHeader track={t} height={TRACK_PX} />
            <TrackLane track={t} pps={pps} t0={visible.t0} t1={visible.t1} height={TRACK_PX} width={contentPx} />
          </div>
        ))}
        <div className="tl-row master">
          <div className="track-header master" style={{ height: 44 }}>
            <span className="track-name">Master</span>
            <MasterMeter />
          </div>
          <div className="lane master" style={{ width: contentPx, height: 44 }} />
        </div>
        <Playhead pps={pps} />
      </div>
    </div>
  );
}
