import type { Span } from '../../../../main/contract/domains/project-doc';
import { useEditor } from '../../app/editor';
import { deleteOnset, dragOnset, onsetMarks } from '../../timeline/onsets';
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
          // Keyed by position: a key that changed with the time remounted the marker on the first move of a drag,
          // which lost the pointer (a slow drag moved it one frame).
          key={i}
          className={`onset${edited ? ' edited' : ''}${source === 'guide' ? ' guide' : ''}`}
          data-testid="onset"
          data-source={source}
          style={{ left: (t - span.start) * pps }}
          title={`onset ${t.toFixed(3)} s${source === 'guide' ? ' (from the guide track)' : ''} — drag to move, double-click to delete`}
          onPointerDown={(ev) => {
            e.store.select({ kind: 'span', id: span.id });
            let at = t; // where the dragged marker is now: it is followed by time, its index changes as it passes others
            startDrag(ev, (dx, _dy, key) => tryEdit(() => e.store.apply('move onset', (d) => {
              const r = dragOnset(d, span.id, at, t + dx / pps);
              at = r.at;
              return r.doc;
            }, { coalesce: key })));
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
