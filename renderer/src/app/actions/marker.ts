import type { Span } from '../../../../main/contract/domains/project-doc';
import { formatTimecode } from '../../timeline/time';
import { fpsOf } from '../../timeline/doc';
import { addOnset } from '../../timeline/onsets';
import { addMarker } from '../../timeline/tracks';
import type { Editor } from '../editor';

/**
 * Where M puts a marker: an onset on the selected span when the playhead is inside it (and the bundle reads onsets),
 * else a timeline marker, with the reason, so a user who meant an onset is told why it did not become one.
 */
export function markerTarget(span: Span | undefined, timingHead: boolean, t: number): { kind: 'onset'; spanId: string } | { kind: 'timeline'; why: string } {
  if (!span) return { kind: 'timeline', why: 'select a span to place onset markers on it' };
  if (!timingHead) return { kind: 'timeline', why: 'this model bundle has no timing head: spans take no onset markers' };
  if (t < span.start || t >= span.end) return { kind: 'timeline', why: 'the playhead is outside the selected span' };
  return { kind: 'onset', spanId: span.id };
}

/** M: an onset marker on the selected span at the playhead, else a timeline marker and a note saying so. */
export function placeMarker(e: Editor): void {
  const { selection, doc } = e.store.getState();
  const t = e.playhead.get();
  const span = selection?.kind === 'span' ? doc.spans.find((s) => s.id === selection.id) : undefined;
  const target = markerTarget(span, Boolean(e.bundle.get()?.timingHead), t);
  if (target.kind === 'onset') {
    e.store.apply('add onset', (d) => addOnset(d, target.spanId, t));
    return;
  }
  const label = `M${doc.markers.length + 1}`;
  e.store.apply('add marker', (d) => addMarker(d, t, label));
  e.toasts.info(`Timeline marker ${label} at ${formatTimecode(t, fpsOf(doc))}, not an onset: ${target.why}`);
}
