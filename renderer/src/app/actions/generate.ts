import type { Condition, Take } from '../../../../main/contract/domains/project-doc';
import type { RequestOf } from '../../../../main/contract';
import { ambientModeFor } from '../../../../main/contract/condition-mode';
import { GenerateResult } from '../../../../main/contract/domains/inference';
import type { LibraryClip } from '../../api/engine';
import { isAbsolute, resolveMediaPath, stem } from '../../api/paths';
import { findSpan, newId } from '../../timeline/doc';
import { setPredictedOnsets } from '../../timeline/onsets';
import { addSpan, addTakes, setCondition, withMode } from '../../timeline/spans';
import { Observable } from '../../state/observable';
import type { Editor } from '../editor';

/** Retrieval results per span, shown as "suggested for this span" (UI state, not saved). */
export const suggestions = new Observable<ReadonlyMap<string, LibraryClip[]>>(new Map());

/** Makes a span from the I/O range (or the given one), selects it and asks the timing head for its onsets. */
export function makeSpan(e: Editor, range?: { start: number; end: number }): string | null {
  const st = e.store.getState();
  const r = range ?? (st.range.in !== null && st.range.out !== null ? { start: st.range.in, end: st.range.out } : null);
  if (!r) {
    e.toasts.info('Set in and out points first (I and O), or drag on the ruler');
    return null;
  }
  let spanId = '';
  const bundle = e.bundle.get();
  e.store.apply('add span', (d) => {
    const res = addSpan(d, r, bundle ? { steps: bundle.steps, guidance: bundle.guidance } : {});
    spanId = res.spanId;
    return res.doc;
  });
  e.store.select({ kind: 'span', id: spanId });
  void predictOnsets(e, spanId);
  return spanId;
}

/**
 * Fills the span's predicted onsets from the bundle's timing head; nothing when the bundle has none. A span made
 * while the engine still loads the bundle waits for it (reading "no bundle yet" as "no timing head" lost the onsets).
 */
export async function predictOnsets(e: Editor, spanId: string): Promise<void> {
  if (!(await e.bundleReady())?.timingHead) return;
  const doc = e.store.getState().doc;
  const span = doc.spans.find((s) => s.id === spanId);
  if (!doc.video || !span) return;
  try {
    const times = await e.api.onsets(resolveMediaPath(doc.video.path, e.project.get().path), span.start, span.end);
    if (times && e.store.getState().doc.spans.some((s) => s.id === spanId)) {
      e.store.apply('predicted onsets', (d) => setPredictedOnsets(d, spanId, times));
    }
  } catch (err) {
    e.toasts.error(err, 'onset prediction');
  }
}

/**
 * The engine's ambient choice for a condition: a clip with a file → that file; otherwise retrieval (joint) or the
 * clean choice (clean). A bundle's own clip is the engine's choice anyway.
 */
function ambientOf(cond: Condition, projectPath: string | null): RequestOf<'generate:start'>['ambient'] {
  const src = cond.source;
  if (src && src.kind !== 'bundle' && src.path !== undefined) return { mode: 'file', path: resolveMediaPath(src.path, projectPath) };
  return { mode: ambientModeFor(cond.mode) };
}

/** Renders inside the project folder are stored relative to it, so a moved project keeps its takes. */
function relativeToProject(p: string, projectPath: string): string {
  const root = projectPath.replace(/[\\/]+$/, '');
  return isAbsolute(p) && (p.startsWith(`${root}/`) || p.startsWith(`${root}\\`)) ? p.slice(root.length + 1) : p;
}

/**
 * Generates the span's takes as one job into the project's renders/ folder. Seeds continue from the settings' seed
 * past the takes already made, so regenerating always gives new variations. The takes land on the span when the job
 * is done; several jobs queue in the engine.
 */
export async function generate(e: Editor, spanId: string): Promise<void> {
  const doc = e.store.getState().doc;
  if (!doc.video) throw new Error('Open a video first: generation follows the picture');
  const projectPath = e.project.get().path;
  if (!projectPath) {
    e.view.update((v) => ({ ...v, dialog: 'saveAs' }));
    throw new Error('Save the project first: takes are written into its renders/ folder');
  }
  const span = findSpan(doc, spanId);
  // Jobs queued for this span but not landed yet count too, so two quick presses never repeat a seed.
  const pending = pendingTakes.get(spanId) ?? 0;
  const seed = span.settings.seed + span.takes.length + pending;
  pendingTakes.set(spanId, pending + span.settings.takes);
  try {
    await runGeneration(e, spanId, seed, projectPath);
  } finally {
    pendingTakes.set(spanId, (pendingTakes.get(spanId) ?? span.settings.takes) - span.settings.takes);
  }
}

const pendingTakes = new Map<string, number>();

async function runGeneration(e: Editor, spanId: string, seed: number, projectPath: string): Promise<void> {
  const doc = e.store.getState().doc;
  const span = findSpan(doc, spanId);
  const cond = span.condition;
  const timingHead = Boolean((await e.bundleReady())?.timingHead);
  const jobId = await e.api.generate({
    video: resolveMediaPath(doc.video!.path, projectPath), start: span.start, end: span.end,
    ambient: ambientOf(cond, projectPath),
    takes: span.settings.takes, seed, steps: span.settings.steps, guidance: span.settings.guidance,
    ...(span.onsets && timingHead ? { onsets: span.onsets } : {}),
    outDir: `${projectPath.replace(/[\\/]+$/, '')}/renders`,
  });
  const label = `${span.start.toFixed(2)}–${span.end.toFixed(2)} s · ${span.settings.takes} take${span.settings.takes > 1 ? 's' : ''}`;
  const result = await e.jobs.track(jobId, label, 'generate', GenerateResult, spanId);
  const now = new Date().toISOString();
  // The span's own clip conditioned the takes when it has one; otherwise the engine says what it chose, by kind
  // (a library clip by id, a bundle's own clip, a file), so reopening the project finds it again.
  const used: Condition = cond.source ? cond : conditionFromEngine(cond.mode, result.condition);
  const takes: Take[] = result.takes.map((t) => ({
    id: newId('take'), path: relativeToProject(t.path, projectPath), seed: t.seed, seconds: t.seconds, createdAt: now, bundleId: result.bundle, condition: used,
  }));
  if (!e.store.getState().doc.spans.some((s) => s.id === spanId)) return; // the span was deleted meanwhile
  e.store.apply('generate takes', (d) => {
    const withTakes = addTakes(d, spanId, takes);
    const s = findSpan(withTakes, spanId);
    return s.predictedOnsets.length === 0 && result.onsets.length ? setPredictedOnsets(withTakes, spanId, result.onsets) : withTakes;
  });
}

function conditionFromEngine(mode: Condition['mode'], c: GenerateResult['condition']): Condition {
  return { mode, source: c.source ?? null, ...(c.score !== null ? { score: c.score } : {}) };
}

/** A library clip as condition; `retrieved` keeps its AV-Sim score (a text-search score means nothing here). */
export function conditionOf(mode: Condition['mode'], clip: LibraryClip, retrieved: boolean): Condition {
  const source = { kind: 'library', clipId: clip.id, path: clip.path, name: clip.name || stem(clip.path) } as const;
  return { mode, source, ...(retrieved ? { score: clip.score } : {}) };
}

/** Retrieval for this span's picture (AV-Sim, scores shown); `clean` ranks the relevant clips by low ambience. */
export async function fetchSuggestions(e: Editor, spanId: string, mode: 'joint' | 'clean'): Promise<LibraryClip[]> {
  const doc = e.store.getState().doc;
  if (!doc.video) throw new Error('Open a video first: retrieval looks at the picture');
  const span = findSpan(doc, spanId);
  const clips = await e.api.retrieve(resolveMediaPath(doc.video.path, e.project.get().path), span.start, span.end, mode === 'clean');
  suggestions.update((m) => new Map(m).set(spanId, clips));
  return clips;
}

/** "Suggest" (joint) or "clean": the best retrieved clip becomes the span's condition. */
export async function retrieveCondition(e: Editor, spanId: string, mode: 'joint' | 'clean'): Promise<void> {
  const best = (await fetchSuggestions(e, spanId, mode))[0];
  if (!best) {
    e.toasts.info('The library has no clip to suggest: import some sounds first');
    return;
  }
  e.store.apply(mode === 'clean' ? 'clean condition' : 'suggested condition', (d) => setCondition(d, spanId, conditionOf(mode, best, true)));
}

/** A library clip dropped on the span's condition slot or on the span itself: custom condition (files from disk: drop-file.ts). */
export function dropCondition(e: Editor, spanId: string, clip: LibraryClip): void {
  e.store.apply(`condition: ${stem(clip.path)}`, (d) => setCondition(d, spanId, conditionOf('custom', clip, false)));
}

/**
 * Mode change from the inspector. Clean and "action + ambience" each choose their own clip: the clip the other mode
 * chose is dropped (the engine would choose at generation) and the library is asked for this mode's choice, so the
 * slot shows the clip that will condition the takes. Custom keeps whatever clip is there.
 */
export async function setMode(e: Editor, spanId: string, mode: Condition['mode']): Promise<void> {
  const before = findSpan(e.store.getState().doc, spanId).condition;
  e.store.apply('condition mode', (d) => setCondition(d, spanId, withMode(before, mode)));
  if (mode === 'custom' || before.mode === mode || !e.store.getState().doc.video) return;
  let best: LibraryClip | undefined;
  try {
    best = (await fetchSuggestions(e, spanId, mode))[0];
  } catch {
    return; // no library retrieval (no clips or vectors yet): the engine chooses at generation, the slot says so
  }
  // Applied only if the user has not moved on meanwhile (another mode, or a clip of their own).
  const now = e.store.getState().doc.spans.find((s) => s.id === spanId)?.condition;
  if (best && now?.mode === mode && now.source === null) {
    e.store.apply(mode === 'clean' ? 'clean condition' : 'suggested condition', (d) => setCondition(d, spanId, conditionOf(mode, best, true)));
  }
}
