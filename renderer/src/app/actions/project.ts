import { fromProjectDoc, toProjectDoc } from '../../timeline/serialize';
import type { ProjectDoc } from '../../timeline/doc';
import { createDoc } from '../../timeline/doc';
import { setVideo } from '../../timeline/tracks';
import { resolveMediaPath, splitProjectPath, stem } from '../../api/paths';
import type { Editor } from '../editor';
import type { ResponseOf } from '../../../../main/contract';

/** Project lifecycle: new/open/save/save-as, recent list, relink, autosave (docs/DESIGN.md §6). */

async function loaded(e: Editor, r: ResponseOf<'project:open'>): Promise<void> {
  const doc = fromProjectDoc(r.doc, `${r.path}/project.json`);
  // Another project's playhead means nothing here (7 s on a 6 s video): every project opens at its start.
  e.video?.pause();
  e.playhead.set(0);
  // The folder first: the mixer resolves the document's relative render paths against it as soon as the doc loads.
  e.project.update((p) => ({ ...p, path: r.path, missing: r.missing, lastSaved: doc.modified }));
  e.store.load(doc);
  for (const w of r.warnings) e.toasts.info(w);
  if (r.missing.length) e.view.update((v) => ({ ...v, dialog: 'relink' }));
  // A moved video is not loaded (it would only fail to decode); the relink dialog says what is missing.
  if (doc.video && r.missing.some((m) => m.kind === 'video')) e.videoUrl.set(null);
  else await loadVideo(e, doc);
  void refreshRecent(e);
}

/** Points the viewer at the document's video (its proxy when the engine made one). */
export async function loadVideo(e: Editor, doc: ProjectDoc = e.store.getState().doc): Promise<void> {
  if (!doc.video) {
    e.videoUrl.set(null);
    return;
  }
  try {
    e.videoUrl.set(await e.urlOf(doc.video.proxyPath ?? doc.video.path));
  } catch (err) {
    e.toasts.error(err, `cannot play ${doc.video.path}`);
    return;
  }
  // Above 720p the engine builds the frames proxy generation decodes from, in the background (a `proxy` job).
  void e.api.prepareVideo(resolveMediaPath(doc.video.path, e.project.get().path)).catch(() => undefined);
}

export async function newProject(e: Editor, req: { dir: string; name: string; video?: string }): Promise<void> {
  const r = await e.api.typed('project:new', { dir: req.dir, name: req.name, ...(req.video ? { video: req.video } : {}) });
  await loaded(e, r);
}

export async function openProject(e: Editor, path: string): Promise<void> {
  await loaded(e, await e.api.typed('project:open', { path }));
}

/**
 * "Just open the video": a new unsaved document for this picture, named after it, at its first frame. Never into
 * the open document: its name, spans and takes belong to another picture (a second video kept the first's name).
 */
export async function openVideo(e: Editor, path: string): Promise<void> {
  const video = await e.api.probeVideo(path);
  e.video?.pause();
  e.playhead.set(0);
  e.project.update((p) => ({ ...p, path: null, missing: [], lastSaved: null }));
  e.store.load(setVideo(createDoc(stem(path)), video));
  await loadVideo(e);
}

export async function save(e: Editor): Promise<boolean> {
  const path = e.project.get().path;
  if (!path) {
    e.view.update((v) => ({ ...v, dialog: 'saveAs' }));
    return false;
  }
  const doc = toProjectDoc(e.store.getState().doc);
  const r = await e.api.typed('project:save', { path, doc });
  e.store.markSaved(e.store.getState().doc);
  e.project.update((p) => ({ ...p, lastSaved: r.modified }));
  return true;
}

/**
 * Save as: a new NAME.a2s folder, then the current document written into it. Paths relative to the old project
 * (its renders) are made absolute first so the takes still play from the new one.
 */
export async function saveAs(e: Editor, target: string): Promise<void> {
  const { dir, name } = splitProjectPath(target);
  const old = e.project.get().path;
  const r = await e.api.typed('project:new', { dir, name });
  const abs = (p: string) => resolveMediaPath(p, old);
  const doc = e.store.getState().doc;
  const moved: ProjectDoc = {
    ...doc,
    name,
    spans: doc.spans.map((s) => ({ ...s, takes: s.takes.map((t) => ({ ...t, path: abs(t.path) })) })),
    clips: doc.clips.map((c) => ({ ...c, source: { ...c.source, path: abs(c.source.path) } })),
  };
  const saved = await e.api.typed('project:save', { path: r.path, doc: toProjectDoc(moved) });
  e.project.update((p) => ({ ...p, path: r.path, missing: [], lastSaved: saved.modified }));
  e.store.load(moved);
  void refreshRecent(e);
}

export async function refreshRecent(e: Editor): Promise<void> {
  try {
    const r = await e.api.typed('project:recent', {});
    e.project.update((p) => ({ ...p, recent: r.projects }));
  } catch {
    // the recent list is a convenience: no toast when it cannot be read
  }
}

export async function relink(e: Editor, folder: string): Promise<number> {
  const path = e.project.get().path;
  if (!path) return 0;
  const r = await e.api.typed('project:relink', { path, folder });
  await loaded(e, r);
  return r.relinked.length;
}

export function newUntitled(e: Editor): void {
  e.store.load(createDoc('Untitled'));
  e.project.update((p) => ({ ...p, path: null, missing: [], lastSaved: null }));
  e.videoUrl.set(null);
}

/** Saves every 30 s while there are unsaved changes and a project folder; failures are toasts, never dialogs. */
export function startAutosave(e: Editor, everyMs = 30_000): () => void {
  const id = setInterval(() => {
    if (e.store.getState().dirty && e.project.get().path) save(e).catch((err: unknown) => e.toasts.error(err, 'autosave failed'));
  }, everyMs);
  return () => clearInterval(id);
}

/** Export reads the project from disk: save first (or ask where, for a new project), then open the dialog. */
export async function openExport(e: Editor): Promise<void> {
  if (!e.project.get().path) {
    e.view.update((v) => ({ ...v, dialog: 'saveAs' }));
    e.toasts.info('Save the project first: export reads it from its folder');
    return;
  }
  if (e.store.getState().dirty) await save(e);
  e.view.update((v) => ({ ...v, dialog: 'export' }));
}
