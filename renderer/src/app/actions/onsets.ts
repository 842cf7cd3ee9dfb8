import { DEFAULT_ONSET_SENSITIVITY } from '../../../../main/contract/domains/inference';
import { resolveMediaPath } from '../../api/paths';
import { findSpan } from '../../timeline/doc';
import { setGuideOnsets } from '../../timeline/onsets';
import { Observable } from '../../state/observable';
import type { Editor } from '../editor';

/** The guide-track detector's sensitivity (0..1), shared by the inspector's control and the shortcut (UI state, not saved). */
export const guideSensitivity = new Observable<number>(DEFAULT_ONSET_SENSITIVITY);

/**
 * "Markers from guide track": the engine's onset detector on the video's own sound in the span; the hits become the
 * span's markers tagged `guide` (one undo step; the user's own markers stay). A video without sound is a notice.
 */
export async function markersFromGuideTrack(e: Editor, spanId: string): Promise<void> {
  if (!e.store.getState().doc.video) return;
  if (!(await e.bundleReady())?.timingHead) {
    e.toasts.info('This bundle has no timing head: markers would not steer its generation');
    return;
  }
  const doc = e.store.getState().doc;
  if (!doc.video) return;
  const span = findSpan(doc, spanId);
  const r = await e.api.guideOnsets(resolveMediaPath(doc.video.path, e.project.get().path), span.start, span.end, guideSensitivity.get());
  if (!r.hasAudio) {
    e.toasts.info(r.note ?? 'This video has no audio track: there is no guide track to take markers from');
    return;
  }
  // The span may have been moved, trimmed or deleted while the engine listened: these times belong to the old one.
  const now = e.store.getState().doc.spans.find((s) => s.id === spanId);
  if (!now || now.start !== span.start || now.end !== span.end) return;
  e.store.apply('markers from guide track', (d) => setGuideOnsets(d, spanId, r.onsets));
  if (r.onsets.length === 0) e.toasts.info(`No hits on the guide track in this span at sensitivity ${r.sensitivity}: try a higher one`);
}
