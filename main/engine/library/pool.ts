import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { EngineError } from '../core/errors';
import type { Measured, Measurements } from './analyse-file';
import type { Embedder } from './embedder';
import { AnalysisHost } from './host';
import type { ClipInference } from './infer';
import type { SileroVad } from './vad';
import type { FromWorker, ToWorker, WorkerSetup } from './worker';

/** A clip analysed by an `Analyser` whose model inputs wait there for `infer` (or `release`). */
export interface ClipRef {
  readonly host: number;
  readonly id: number;
}

export type Analysed = { ok: false; error: string } | ({ ok: true; ref: ClipRef } & Measurements);

/**
 * Where an import's per-clip work runs: a pool of worker threads in built code (dist/library-worker.cjs), one
 * in-process host otherwise (tests, A2S_LIBRARY_WORKER=0). Either way the same `AnalysisHost` code does the work.
 */
export interface Analyser {
  analyse(file: string, size: number, signal?: AbortSignal): Promise<Analysed>;
  /** VAD + embeddings of analysed clips, in order; each host runs its own clips as one batch, hosts in parallel. */
  infer(refs: readonly ClipRef[]): Promise<ClipInference[]>;
  /** Drops the inputs of analysed clips that will not be inferred (duplicates, relinks). */
  release(refs: readonly ClipRef[]): void;
  close(): Promise<void>;
}

export interface AnalyserOptions {
  vad: SileroVad | null;
  embedders: readonly Embedder[];
  /** Worker threads (default: one per core, at most 4); 1 = one file at a time through one thread. */
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

/** Splits refs by host, runs `run(host, ids)` per host concurrently, and puts the results back in order. */
async function byHost(refs: readonly ClipRef[], run: (host: number, ids: number[]) => Promise<ClipInference[]>): Promise<ClipInference[]> {
  const groups = new Map<number, number[]>();
  refs.forEach((r, i) => {
    let g = groups.get(r.host);
    if (!g) groups.set(r.host, (g = []));
    g.push(i);
  });
  const out = new Array<ClipInference>(refs.length);
  await Promise.all(
    [...groups].map(async ([host, idx]) => {
      const res = await run(host, idx.map((i) => refs[i]!.id));
      idx.forEach((i, k) => (out[i] = res[k]!));
    }),
  );
  return out;
}

function withRef(a: Measured, ref: ClipRef): Analysed {
  return a.ok ? { ...a, ref } : a;
}

class InProcess implements Analyser {
  private readonly host: AnalysisHost;
  private nextId = 1;
  constructor(opts: AnalyserOptions, private readonly windowSamples: number[]) {
    const models = { vad: opts.vad, embedders: opts.embedders };
    this.host = new AnalysisHost(opts.ffmpeg ?? 2, async () => models);
  }
  async analyse(file: string, size: number, signal?: AbortSignal): Promise<Analysed> {
    const id = this.nextId++;
    return withRef(await this.host.analyse(id, file, size, this.windowSamples, signal), { host: 0, id });
  }
  infer(refs: readonly ClipRef[]): Promise<ClipInference[]> {
    return byHost(refs, (_h, ids) => this.host.infer(ids));
  }
  release(refs: readonly ClipRef[]): void {
    this.host.release(refs.map((r) => r.id));
  }
  async close(): Promise<void> {}
}

type Waiting = { resolve: (m: FromWorker) => void; reject: (e: Error) => void };

/** One worker thread and its requests in flight. */
class PoolWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  /** Files sent and not answered: the pool gives the next file to the least busy worker. */
  busy = 0;

  constructor(file: string, setup: WorkerSetup) {
    this.worker = new Worker(file, { workerData: setup });
    this.worker.on('message', (m: FromWorker) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.type === 'cancelled') w.reject(new EngineError('cancelled', 'import cancelled'));
      else if (m.type === 'failed') w.reject(new EngineError('internal', `import worker: ${m.error}`));
      else w.resolve(m);
    });
    // A crashed worker fails every request in flight with the reason, instead of hanging the import.
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', (code) => this.failAll(new Error(`library worker exited with code ${code}`)));
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(new EngineError('internal', `import worker failed: ${err.message}`));
    this.waiting.clear();
  }

  request(msg: Extract<ToWorker, { id: number }>): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      this.waiting.set(msg.id, { resolve, reject });
      this.worker.postMessage(msg);
    });
  }

  post(msg: Exclude<ToWorker, { id: number }>): void {
    this.worker.postMessage(msg);
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

class WorkerPool implements Analyser {
  private readonly workers: PoolWorker[];
  private nextId = 1;

  constructor(file: string, count: number, setup: WorkerSetup, private readonly windowSamples: number[]) {
    this.workers = Array.from({ length: count }, () => new PoolWorker(file, setup));
  }

  async analyse(file: string, size: number, signal?: AbortSignal): Promise<Analysed> {
    if (signal?.aborted) throw new EngineError('cancelled', 'import cancelled');
    const host = this.workers.reduce((best, w, i) => (w.busy < this.workers[best]!.busy ? i : best), 0);
    const w = this.workers[host]!;
    const id = this.nextId++;
    const onAbort = (): void => w.post({ type: 'cancel' });
    signal?.addEventListener('abort', onAbort, { once: true });
    w.busy++;
    try {
      const m = await w.request({ type: 'analyse', id, file, size, windowSamples: this.windowSamples });
      if (m.type !== 'result') throw new EngineError('internal', `import worker answered ${m.type} to analyse`);
      return withRef(m.analysis, { host, id });
    } finally {
      w.busy--;
      signal?.removeEventListener('abort', onAbort);
    }
  }

  infer(refs: readonly ClipRef[]): Promise<ClipInference[]> {
    return byHost(refs, async (host, ids) => {
      const m = await this.workers[host]!.request({ type: 'infer', id: this.nextId++, clips: ids });
      if (m.type !== 'inferred') throw new EngineError('internal', `import worker answered ${m.type} to infer`);
      return m.results;
    });
  }

  release(refs: readonly ClipRef[]): void {
    const groups = new Map<number, number[]>();
    for (const r of refs) groups.set(r.host, [...(groups.get(r.host) ?? []), r.id]);
    for (const [host, clips] of groups) this.workers[host]!.post({ type: 'release', clips });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}

/**
 * The import's analysers: `workers` worker threads (each opens its own VAD and embedder sessions) when the worker
 * is built and every embedder can be reopened from its bundle folder; else everything on this thread.
 */
export function createAnalyser(opts: AnalyserOptions): Analyser {
  const windowSamples = [...new Set(opts.embedders.map((e) => e.windowSamples))];
  const file = opts.workerFile ?? workerFile();
  const bundles = opts.embedders.map((e) => e.dir);
  const portable = bundles.every((d): d is string => d !== undefined) && (opts.vad === null || opts.vad.file !== undefined);
  if (process.env.A2S_LIBRARY_WORKER === '0' || !existsSync(file) || !portable) return new InProcess(opts, windowSamples);
  const count = Math.max(1, opts.workers ?? defaultWorkers());
  const setup: WorkerSetup = { ffmpeg: Math.max(1, Math.ceil((opts.ffmpeg ?? 2) / count)), vad: opts.vad?.file ?? null, bundles: bundles as string[] };
  return new WorkerPool(file, count, setup, windowSamples);
}
