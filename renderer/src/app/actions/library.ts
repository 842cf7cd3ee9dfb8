import type { LibraryClip } from '../../api/engine';
import { stem } from '../../api/paths';
import { findSpan, timelineLength } from '../../timeline/doc';
import { addClip } from '../../timeline/clips';
import type { Editor } from '../editor';

/** MIME type of a library clip dragged inside the app (the payload is the clip's JSON). */
export const LIBRARY_MIME = 'application/x-a2s-library-clip';

/**
 * Lays a library clip as an ambient bed, looped with crossfades. Its extent: the selected span's range when a span is
 * selected (the bed under that action), else from `at` to the end of the video.
 */
export function addAmbientBed(e: Editor, clip: LibraryClip, opts: { trackId?: string; at?: number } = {}): void {
  const st = e.store.getState();
  const sel = st.selection?.kind === 'span' ? findSpan(st.doc, st.selection.id) : null;
  const start = sel && opts.at === undefined ? sel.start : (opts.at ?? 0);
  const end = sel && opts.at === undefined ? sel.end : timelineLength(st.doc);
  let clipId = '';
  e.store.apply(`ambient bed: ${clip.name || stem(clip.path)}`, (d) => {
    const r = addClip(d, { trackId: opts.trackId, source: { path: clip.path }, start, duration: end - start, loop: true, libraryClipId: clip.id, label: clip.name || stem(clip.path) });
    clipId = r.clipId;
    return r.doc;
  });
  e.store.select({ kind: 'clip', id: clipId });
}

export function parseDraggedClip(dt: DataTransfer): LibraryClip | null {
  const raw = dt.getData(LIBRARY_MIME);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as LibraryClip;
  } catch {
    return null;
  }
}

/**
 * A file dragged in from the OS: the desktop app's preload reads its path (`webUtils.getPathForFile`); a browser
 * cannot (null), so there its bytes are uploaded instead (drop-file.ts).
 */
export function droppedFilePath(dt: DataTransfer): string | null {
  const f = dt.files[0];
  if (!f) return null;
  const bridge = (window as unknown as { a2s?: { pathForFile?: (file: File) => string } }).a2s;
  return bridge?.pathForFile?.(f) || null;
}
