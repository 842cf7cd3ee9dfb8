import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { EngineError } from '../core/errors';
import { WorkerCalls } from '../core/worker-calls';
import type { Measured, Measurements } from './analyse-file';
import type { Embedder } from './embedder';
import { ClipWork } from './clip-work';
import type { ClipInference } from './infer';
import type { SileroVad } from './vad';
import type { FromWorker, ToWorker, WorkerSetup } from './worker';

/** A clip analysed by an `Analyser` whose model inputs wait there for `infer` (or `release`). */
export interface ClipRef {
  /** The thread that analysed it (index into the analyser's threads). */
  readonly thread: number;
  readonly id: number;
}

export type Analysed = { ok: false; error: string } | ({ ok: true; ref: ClipRef } & Measurements);

/**
 * Where an import's per-clip work runs: this thread plus worker threads in built code (dist/library-worker.cjs),
 * this thread alone otherwise (tests, A2S_LIBRARY_WORKER=0). Every thread runs the same `ClipWork` code.
 */
export interface Analyser {
  analyse(file: string, size: number, signal?: AbortSignal): Promise<Analysed>;
  /** VAD + embeddings of analysed clips, in order; each thread runs its own clips as one batch, threads in parallel. */
  infer(refs: readonly ClipRef[]): Promise<ClipInference[]>;
  /** Drops the inputs of analysed clips that will not be inferred (duplicates, relinks). */
  release(refs: readonly ClipRef[]): void;
  close(): Promise<void>;
}

export interface AnalyserOptions {
  vad: SileroVad | null;
  embedders: readonly Embedder[];
  /** Threads doing the work, this one included (default: one per core, at most 4); 1 = this thread only. */
  workers?: number;
  /** ffmpeg decodes at once over all workers (non-WAV files). */
  ffmpeg?: number;
  /** The built worker (default: library-worker.cjs next to this bundle; tests name dist/'s). */
  workerFile?: string;
}

export function workerFile(): string {
  return path.join(__dirname, 'library-worker.cjs');
}

export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

/** Splits refs by thread, runs `run(thread, ids)` per thread concurrently, and puts the results back in order. */
async function byThread(refs: readonly ClipRef[], run: (thread: number, ids: number[]) => Promise<ClipInference[]>): Promise<ClipInference[]> {
  const groups = new Map<number, number[]>();
  refs.forEach((r, i) => {
    let g = groups.get(r.thread);
    if (!g) groups.set(r.thread, (g = []));
    g.push(i);
  });
  const out = new Array<ClipInference>(refs.length);
  await Promise.all(
    [...groups].map(async ([thread, idx]) => {
      const res = await run(thread, idx.map((i) => refs[i]!.id));
      idx.forEach((i, k) => (out[i] = res[k]!));
    }),
  );
  return out;
}

/** A thread that analyses clips and infers them: this one or a worker thread. */
interface AnalysisThread {
  /** Files sent and not answered: the analyser gives the next file to the least busy thread. */
  busy: number;
  analyse(id: number, file: string, size: number, windowSamples: number[], signal?: AbortSignal): Promise<Measured>;
  infer(ids: number[]): Promise<ClipInference[]>;
  release(ids: number[]): void;
  close(): Promise<void>;
}

/** This thread, with the library's models (the engine's run as tasks on its inference worker): no start-up cost. */
class ThisThread implements AnalysisThread {
  busy = 0;
  private readonly work: ClipWork;
  constructor(opts: AnalyserOptions, ffmpeg: number) {
    const models = { vad: opts.vad, embedders: opts.embedders };
    this.work = new ClipWork(ffmpeg, async () => models);
  }
  analyse(id: number, file: string, size: number, windowSamples: number[], signal?: AbortSignal): Promise<Measured> {
    return this.work.analyse(id, file, size, windowSamples, signal);
  }
  infer(ids: number[]): Promise<ClipInference[]> {
    return this.work.infer(ids);
  }
  release(ids: number[]): void {
    this.work.release(ids);
  }
  async close(): Promise<void> {}
}

/** A worker thread (it opens its own models) and its calls in flight. */
class WorkerThread implements AnalysisThread {
  busy = 0;
  private readonly worker: Worker;
  private readonly calls = new WorkerCalls<FromWorker>({ isFinal: () => true });

  constructor(file: string, setup: WorkerSetup) {
    this.worker = new Worker(file, { workerData: setup });
    // A crashed worker fails every request in flight with the reason, instead of hanging the import.
    this.calls.attach(this.worker, (reason) => new EngineError('internal', `import worker ${reason}`));
  }

  private async request(make: (id: number) => ToWorker): Promise<FromWorker> {
    const m = await this.calls.call((id) => this.worker.postMessage(make(id)));
    if (m.type === 'cancelled') throw new EngineError('cancelled', 'import cancelled');
    if (m.type === 'failed') throw new EngineError('internal', `import worker: ${m.error}`);
    return m;
  }

  async analyse(clip: number, file: string, size: number, windowSamples: number[], signal?: AbortSignal): Promise<Measured> {
    if (signal?.aborted) throw new EngineError('cancelled', 'import cancelled');
    const onAbort = (): void => this.worker.postMessage({ type: 'cancel' } satisfies ToWorker);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const m = await this.request((id) => ({ type: 'analyse', id, clip, file, size, windowSamples }));
      if (m.type !== 'result') throw new EngineError('internal', `import worker answered ${m.type} to analyse`);
      return m.analysis;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async infer(clips: number[]): Promise<ClipInference[]> {
    const m = await this.request((id) => ({ type: 'infer', id, clips }));
    if (m.type !== 'inferred') throw new EngineError('internal', `import worker answered ${m.type} to infer`);
    return m.results;
  }

  release(clips: number[]): void {
    this.worker.postMessage({ type: 'release', clips } satisfies ToWorker);
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

class Threads implements Analyser {
  private nextId = 1;
  constructor(private readonly threads: AnalysisThread[], private readonly windowSamples: number[]) {}

  async analyse(file: string, size: number, signal?: AbortSignal): Promise<Analysed> {
    const thread = this.threads.reduce((best, t, i) => (t.busy < this.threads[best]!.busy ? i : best), 0);
    const h = this.threads[thread]!;
    const id = this.nextId++;
    h.busy++;
    try {
      const a = await h.analyse(id, file, size, this.windowSamples, signal);
      return a.ok ? { ...a, ref: { thread, id } } : a;
    } finally {
      h.busy--;
    }
  }

  infer(refs: readonly ClipRef[]): Promise<ClipInference[]> {
    return byThread(refs, (thread, ids) => this.threads[thread]!.infer(ids));
  }

  release(refs: readonly ClipRef[]): void {
    const groups = new Map<number, number[]>();
    for (const r of refs) groups.set(r.thread, [...(groups.get(r.thread) ?? []), r.id]);
    for (const [thread, ids] of groups) this.threads[thread]!.release(ids);
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}

/**
 * The import's threads: this one (with the library's models) and `workers − 1` worker threads, each of which
 * opens its own models (~100 ms of CPU), when the worker is built and every embedder can be reopened from its bundle
 * folder; else this thread alone. Each thread analyses the files it is given and infers those same clips.
 */
export function createAnalyser(opts: AnalyserOptions): Analyser {
  const windowSamples = [...new Set(opts.embedders.map((e) => e.windowSamples))];
  const count = Math.max(1, opts.workers ?? defaultWorkers());
  const ffmpeg = Math.max(1, Math.ceil((opts.ffmpeg ?? 2) / count));
  const threads: AnalysisThread[] = [new ThisThread(opts, ffmpeg)];
  const file = opts.workerFile ?? workerFile();
  const bundles = opts.embedders.map((e) => e.dir);
  const portable = bundles.every((d) => d !== undefined) && (opts.vad === null || opts.vad.file !== undefined);
  if (process.env.A2S_LIBRARY_WORKER !== '0' && existsSync(file) && portable) {
    const setup: WorkerSetup = { ffmpeg, vad: opts.vad?.file ?? null, bundles: bundles as string[] };
    for (let i = 1; i < count; i++) threads.push(new WorkerThread(file, setup));
  }
  return new Threads(threads, windowSamples);
}
