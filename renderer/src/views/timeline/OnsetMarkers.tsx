import type { Span } from '../../../../main/contract/domains/project-doc';
import { useEditor } from '../../app/editor';
import { deleteOnset, moveOnset, onsetMarks } from '../../timeline/onsets';
import { startDrag, tryEdit } from './drag';

/**
 * The span's onsets as markers: the model's prediction (dashed) until the user edits one, then the user's (solid);
 * markers from the guide track have their own colour (`data-source` says who placed each).
 * Drag moves one (snapped to frames), double-click deletes; Alt-click on the span adds (SpanBlock), M adds at the playhead.
 */
export function OnsetMarkers({ span, pps }: { span: Span; pps: number }) {
  const e = useEditor();
  const edited = span.onsets !== null;
  return (
    <>
      {onsetMarks(span).map(({ t, source }, i) => (
        <div
          key={`${i}:${t}`}
          className={`onset${edited ? ' edited' : ''}${source === 'guide' ? ' guide' : ''}`}
          data-testid="onset"
          data-source={source}
          style={{ left: (t - span.start) * pps }}
          title={`onset ${t.toFixed(3)} s${source === 'guide' ? ' (from the guide track)' : ''} — drag to move, double-click to delete`}
          onPointerDown={(ev) => {
            e.store.select({ kind: 'span', id: span.id });
            startDrag(ev, (dx, _dy, key) => tryEdit(() => e.store.apply('move onset', (d) => moveOnset(d, span.id, i, t + dx / pps), { coalesce: key })));
          }}
          onDoubleClick={(ev) => {
            ev.stopPropagation();
            e.store.apply('delete onset', (d) => deleteOnset(d, span.id, i));
          }}
        />
      ))}
    </>
  );
}
