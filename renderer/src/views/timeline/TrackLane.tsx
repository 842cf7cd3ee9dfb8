import { useState, type DragEvent } from 'react';
import type { Track } from '../../../../main/contract/domains/project-doc';
import { makeSpan } from '../../app/actions/generate';
import { addAmbientBed, LIBRARY_MIME, parseDraggedClip } from '../../app/actions/library';
import { useEditor } from '../../app/editor';
import { useEditorState } from '../../app/hooks';
import { ClipBlock } from './ClipBlock';
import { startDrag } from './drag';
import { SpanBlock } from './SpanBlock';
import { intersects, type Visible } from './viewport';

interface Props {
  track: Track;
  pps: number;
  visible: Visible;
  height: number;
  width: number;
}

/**
 * One track's lane: only the spans and clips in view are rendered. Dragging on an empty action lane draws a new
 * span; a library clip dropped on an ambient lane becomes a looped bed from the drop point.
 */
export function TrackLane({ track, pps, visible, height, width }: Props) {
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
      {spans.map((s) => (
        <SpanBlock key={s.id} span={s} pps={pps} visible={visible} height={blockH} selected={selection?.kind === 'span' && selection.id === s.id} />
      ))}
      {clips.map((c) => (
        <ClipBlock key={c.id} clip={c} pps={pps} visible={visible} height={blockH} kind={track.kind} selected={selection?.kind === 'clip' && selection.id === c.id} />
      ))}
      {draft && <div className="span draft" style={{ left: Math.min(draft.a, draft.b) * pps, width: Math.abs(draft.b - draft.a) * pps, height: blockH }} />}
    </div>
  );
}
