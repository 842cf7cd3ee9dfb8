import type { Span } from '../../../../main/contract/domains/project-doc';
import { useEditor } from '../../app/editor';
import { deleteOnset, effectiveOnsets, moveOnset } from '../../timeline/onsets';
import { startDrag, tryEdit } from './drag';

/**
 * The span's onsets as markers: the model's prediction (dashed) until the user edits one, then the user's (solid).
 * Drag moves one (snapped to frames), double-click deletes; Alt-click on the span adds (SpanBlock), M adds at the playhead.
 */
export function OnsetMarkers({ span, pps }: { span: Span; pps: number }) {
  const e = useEditor();
  const edited = span.onsets !== null;
  return (
    <>
      {effectiveOnsets(span).map((t, i) => (
        <div
          key={`${i}:${t}`}
          className={`onset${edited ? ' edited' : ''}`}
          data-testid="onset"
          style={{ left: (t - span.start) * pps }}
          title={`onset ${t.toFixed(3)} s — drag to move, double-click to delete`}
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
