import type { Condition } from '../../../../main/contract/domains/project-doc';
import { ImportResult } from '../../../../main/contract/domains/library';
import { UPLOAD_MAX_BYTES } from '../../../../main/contract/domains/upload';
import type { LibraryClip } from '../../api/engine';
import { baseName, stem } from '../../api/paths';
import { setCondition } from '../../timeline/spans';
import type { Editor } from '../editor';
import { conditionOf, dropCondition } from './generate';
import { droppedFilePath, parseDraggedClip } from './library';

/**
 * The clip the library now holds for `path`: found by its name, then by path, or (for an upload, whose hash is known)
 * by content, when the library already had these bytes under another name or path. Null if neither.
 */
async function clipFor(e: Editor, path: string, sha256: string | null): Promise<LibraryClip | null> {
  const hits = await e.api.search(stem(path), { k: 50 });
  const byPath = hits.find((h) => h.path === path);
  if (byPath || !sha256) return byPath ?? null;
  for (const h of hits) if ((await e.api.typed('library:clip', { id: h.id })).sha256 === sha256) return h;
  return null;
}

/**
 * A sound file from disk dropped on a span (or its condition slot): imported into the library, then the span's
 * condition, as one undo step (undo restores the previous condition; the clip stays in the library, like any import).
 * The desktop app knows the file's path; a browser does not, so there its bytes are uploaded first (POST /upload:
 * into the engine's imports folder, size-limited).
 */
export async function importDroppedFile(e: Editor, spanId: string, file: File, knownPath: string | null): Promise<void> {
  let path = knownPath;
  let sha256: string | null = null;
  if (!path) {
    if (!e.client.upload) throw new Error(`${file.name}: this window cannot read a dropped file; import it into the library, then drag it from there`);
    if (file.size > UPLOAD_MAX_BYTES) throw new Error(`${file.name}: ${(file.size / 1024 ** 3).toFixed(1)} GB, more than a drop may upload (1 GB); import it by path in the library panel`);
    e.toasts.info(`uploading ${file.name}…`);
    const up = await e.client.upload(file);
    [path, sha256] = [up.path, up.sha256];
  }
  const { jobId } = await e.api.typed('library:import', { paths: [path] });
  const report = await e.jobs.track(jobId, baseName(path), 'import', ImportResult);
  if (report.failed > 0) throw new Error(report.errors[0]?.error ?? `${file.name}: the library could not import it`);
  const clip = await clipFor(e, path, sha256);
  if (!e.store.getState().doc.spans.some((s) => s.id === spanId)) return; // the span was deleted meanwhile
  const cond: Condition = clip ? conditionOf('custom', clip, false) : { mode: 'custom', source: { kind: 'file', path } };
  e.store.apply(`condition: ${clip?.name || stem(path)}`, (d) => setCondition(d, spanId, cond));
}

/** What was dropped on a span: a library clip (its condition at once), or a file from disk (imported first). */
export function dropOnSpan(e: Editor, spanId: string, dt: DataTransfer): void {
  const clip = parseDraggedClip(dt);
  if (clip) {
    dropCondition(e, spanId, clip);
    return;
  }
  const file = dt.files[0];
  if (file) importDroppedFile(e, spanId, file, droppedFilePath(dt)).catch((err: unknown) => e.toasts.error(err, `drop ${file.name}`));
}
