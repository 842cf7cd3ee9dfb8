/**
 * "Adapt to this project's footage" (issue 22): the engine's `adapt:start` job on the project's videos that have
 * their own sound, tracked like a generation (Jobs panel: progress, ETA, cancel); the adapter bundle it writes is
 * listed by the engine's registry and is selected for generation like any bundle (actions/bundle.ts chooseBundle).
 */
import { AdaptResult } from '../../../../main/contract/domains/adapt';
import { Observable } from '../../state/observable';
import type { Editor } from '../editor';
import { adapterName, adaptSources, failureWords, resultWords } from './adapt-words';

export type AdaptRun =
  | { phase: 'idle' }
  | { phase: 'running'; jobId: string; name: string }
  | { phase: 'done'; result: AdaptResult }
  | { phase: 'failed'; code: string | undefined; message: string };

export interface AdaptSettings {
  name: string;
  /** Training budget (the trainer also stops early when the held-back score stops improving). */
  minutes: number;
  /** Upper bound on training steps; none = the budget decides. */
  maxSteps?: number;
}

const runs = new WeakMap<Editor, Observable<AdaptRun>>();

/** This editor's adaptation (one at a time: the dialog shows it, reopened or not). */
export function adaptRun(e: Editor): Observable<AdaptRun> {
  let o = runs.get(e);
  if (!o) runs.set(e, (o = new Observable<AdaptRun>({ phase: 'idle' })));
  return o;
}

/** A name no installed bundle has, from the project's video. */
export async function suggestAdapterName(e: Editor): Promise<string> {
  const taken = new Set((await e.api.typed('bundle:list', {})).bundles.flatMap((b) => [b.id, b.dir.split(/[\\/]/).at(-1) ?? '']));
  return adapterName(e.store.getState().doc.video?.path ?? null, taken);
}

/** Starts the job; resolves when it has ended (the state says how). A refusal before the job is a failed state too. */
export async function startAdapt(e: Editor, s: AdaptSettings): Promise<void> {
  const state = adaptRun(e);
  if (state.get().phase === 'running') return;
  const { files, problem } = adaptSources(e.store.getState().doc, e.project.get().path);
  if (problem) {
    state.set({ phase: 'failed', code: 'bad-input', message: problem });
    return;
  }
  try {
    const { jobId } = await e.api.typed('adapt:start', { inputs: files, name: s.name, minutes: s.minutes, ...(s.maxSteps ? { maxSteps: s.maxSteps } : {}) });
    state.set({ phase: 'running', jobId, name: s.name });
    const result = await e.jobs.track(jobId, `${s.name} · ${files.length} clip${files.length === 1 ? '' : 's'}`, 'adapt', AdaptResult);
    state.set({ phase: 'done', result });
    if (e.view.get().dialog !== 'adapt') e.toasts.info(`Adapter ${result.id} is ready. ${resultWords(result).headline}`);
  } catch (err) {
    const raw = (err as { code?: unknown } | null)?.code;
    const code = typeof raw === 'string' ? raw : undefined;
    const words = failureWords(code, err instanceof Error ? err.message : String(err));
    state.set({ phase: 'failed', code, message: words });
    if (e.view.get().dialog === 'adapt') return;
    if (code === 'cancelled') e.toasts.info(words);
    else e.toasts.error(new Error(words), 'adapt');
  }
}

/** The dialog opens on a fresh form after a failure (its message was for other footage); a result stays. */
export function forgetFailure(e: Editor): void {
  const state = adaptRun(e);
  if (state.get().phase === 'failed') state.set({ phase: 'idle' });
}

export async function cancelAdapt(e: Editor): Promise<void> {
  const s = adaptRun(e).get();
  if (s.phase === 'running') await e.jobs.cancel(s.jobId);
}
