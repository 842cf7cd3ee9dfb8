import { memo, useState, type DragEvent } from 'react';
import type { Track } from '../../../../main/contract/domains/project-doc';
import { makeSpan } from '../../app/actions/generate';
import { addAmbientBed, LIBRARY_MIME, parseDraggedClip } from '../../app/actions/library';
import { useEditor } from '../../app/editor';
import { useEditorState } from '../../app/hooks';
import { ClipBlock } from './ClipBlock';
import { LaneWaves } from './LaneWaves';
import { startDrag } from './drag';
import { SpanBlock } from './SpanBlock';
import { intersects } from './viewport';

interface Props {
  track: Track;
  pps: number;
  /** The rendered time range (primitives, so memo skips lanes whose range did not change). */
  t0: number;
  t1: number;
  height: number;
  width: number;
}

/** Narrower than this (zoomed far out) a block is a plain bar: no canvas, label or handles. */
const MINI_PX = 6;

/**
 * One track's lane: only the spans and clips in view are rendered. Dragging on an empty action lane draws a new
 * span; a library clip dropped on an ambient lane becomes a looped bed from the drop point.
 */
export const TrackLane = memo(function TrackLane({ track, pps, t0, t1, height, width }: Props) {
  const visible = { t0, t1 };
  const e = useEditor();
  const { doc, selection } = useEditorState();
  const [draft, setDraft] = useState<{ a: number; b: number } | null>(null);
  const timeAt = (ev: { clientX: number; currentTarget: Element }) => (ev.clientX - ev.currentTarget.getBoundingClientRect().left) / pps;
  const spans = doc.spans.filter((s) => s.trackId === track.id && intersects(visible, s.start, s.end));
  const clips = doc.clips.filter((c) => c.trackId === track.id && intersects(visible, c.start, c.start + c.duration));
  const blockH = height - 6;
  const onDrop = (ev: DragEvent<HTMLDivElement>) => {
    const clip = parseDraggedClip(ev.dataTransfer);
    if (!clip || track.kind !== 'ambient') return;
    ev.preventDefault();
    try {
      addAmbientBed(e, clip, { trackId: track.id, at: timeAt(ev) });
    } catch (err) {
      e.toasts.error(err);
    }
  };
  return (
    <div
      className={`lane ${track.kind}`}
      data-testid="lane"
      data-track-id={track.id}
      style={{ width, height }}
      onPointerDown={(ev) => {
        e.store.select(null);
        if (track.kind !== 'action') return;
        const a = timeAt(ev);
        startDrag(ev, (dx) => setDraft({ a, b: a + dx / pps }), (moved, dx) => {
          setDraft(null);
          if (moved) makeSpan(e, { start: Math.min(a, a + dx / pps), end: Math.max(a, a + dx / pps) });
        });
      }}
      onDragOver={(ev) => {
        if (track.kind === 'ambient' && ev.dataTransfer.types.includes(LIBRARY_MIME)) ev.preventDefault();
      }}
      onDrop={onDrop}
    >
      <LaneWaves kind={track.kind} spans={spans} clips={clips} pps={pps} t0={t0} t1={t1} top={17} height={blockH - 14} />
      {spans.map((s) => ((s.end - s.start) * pps < MINI_PX
        ? <div key={s.id} className="mini span-mini" data-testid="span" style={{ left: s.start * pps, width: Math.max(1, (s.end - s.start) * pps), height: blockH }} />
        : <SpanBlock key={s.id} span={s} pps={pps} height={blockH} selected={selection?.kind === 'span' && selection.id === s.id} />))}
      {clips.map((c) => (c.duration * pps < MINI_PX
        ? <div key={c.id} className={`mini clip-mini ${track.kind}`} data-testid="clip" style={{ left: c.start * pps, width: Math.max(1, c.duration * pps), height: blockH }} />
        : <ClipBlock key={c.id} clip={c} pps={pps} height={blockH} kind={track.kind} selected={selection?.kind === 'clip' && selection.id === c.id} />))}
      {draft && <div className="span draft" style={{ left: Math.min(draft.a, draft.b) * pps, width: Math.abs(draft.b - draft.a) * pps, height: blockH }} />}
    </div>
  );
});
