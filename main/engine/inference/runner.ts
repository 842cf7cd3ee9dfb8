/**
 * The engine side of inference: one runner per engine, backed by a worker thread (dist/inference-worker.cjs) when the
 * built file is next to us (CLI, server, app), or in-process when running TypeScript sources (vitest) or when
 * A2S_INFERENCE_INPROCESS=1. The worker is unref'd while idle so a CLI process can exit.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ZodError } from 'zod';
import { BundleActive } from '../../contract/domains/inference';
import { EngineError } from '../core/errors';
import { sampleCpu } from './cpu-load';
import { WorkerCalls } from '../core/worker-calls';
import { parseResult, type FromWorker, type ResultOf, type Target, type TargetOf, type Task, type TaskKind, type ToWorker } from './protocol';
import { closeTasks, loadTarget, runTask } from './tasks';

export interface CallOptions {
  signal?: AbortSignal;
  progress?(fraction: number, stage: string): void;
}

export interface InferenceRunner {
  readonly mode: 'worker' | 'in-process';
  load(target: Target): Promise<BundleActive>;
  /** One task on the bundle of `target` (null for `vad`); its result parsed with the task's schema (protocol.ts `TaskResult`). */
  run<T extends Task>(target: TargetOf<T>, task: T, o?: CallOptions): Promise<ResultOf<T['kind']>>;
  close(): Promise<void>;
}

export function workerFile(): string {
  return path.join(__dirname, 'inference-worker.cjs');
}

export function createRunner(): InferenceRunner {
  if (process.env.A2S_INFERENCE_INPROCESS !== '1' && existsSync(workerFile())) return new WorkerRunner(workerFile());
  return inProcessRunner();
}

const owned = new WeakMap<object, InferenceRunner>();

/**
 * The one runner of an owner (an engine's services): the generate handlers and the library's span embedding share
 * its worker, so a span embedded for suggestions and then generated runs on one warm bundle.
 */
export function runnerFor(owner: object): InferenceRunner {
  let r = owned.get(owner);
  if (!r) owned.set(owner, (r = createRunner()));
  return r;
}

/** Makes `runner` the runner of `owner` (a test or the bench running TypeScript sources against the built worker). */
export function useRunner(owner: object, runner: InferenceRunner): void {
  owned.set(owner, runner);
}

/** A runner on a given built worker file (tests of the worker from TypeScript sources, the bench). */
export function workerRunner(file: string): InferenceRunner {
  return new WorkerRunner(file);
}

/** Tasks run on the calling thread (vitest, A2S_INFERENCE_INPROCESS=1, an import worker thread's own models). */
export function inProcessRunner(): InferenceRunner {
  return {
    mode: 'in-process',
    load: loadTarget,
    async run<T extends Task>(target: TargetOf<T>, task: T, o: CallOptions = {}): Promise<ResultOf<T['kind']>> {
      return checked<T['kind']>(task.kind, await runTask(target, task, o.signal ?? new AbortController().signal, o.progress ?? (() => undefined)));
    },
    close: closeTasks,
  };
}

/** A result that does not match its task's schema is the engine's own bug: said as such, naming the field. */
function checked<K extends TaskKind>(kind: K, raw: unknown): ResultOf<K> {
  try {
    return parseResult(kind, raw);
  } catch (err) {
    if (!(err instanceof ZodError)) throw err;
    const issue = err.issues[0];
    throw new EngineError('internal', `inference ${kind}: the result does not match its schema at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
}

class WorkerRunner implements InferenceRunner {
  readonly mode = 'worker' as const;
  private worker: Worker | null = null;
  private readonly calls = new WorkerCalls<FromWorker>({
    isFinal: (m) => m.type !== 'progress',
    busy: () => this.worker?.ref(), // a job in flight keeps the process alive
    idle: () => this.worker?.unref(), // idle: do not keep the process alive
  });

  constructor(private readonly file: string) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    // A sample taken now: the worker measures the machine's load from it, over its own start (~0.2 s), when it
    // chooses its threads (the engine may have run for hours before its first generation: its own start says nothing).
    const w = new Worker(this.file, { workerData: { cpuSample: sampleCpu() } });
    w.on('exit', () => {
      if (this.worker === w) this.worker = null;
    });
    this.calls.attach(w, (reason) =>
      new EngineError('internal', reason.startsWith('exited') ? `inference worker ${reason} — possibly out of memory: try fewer takes or threads` : `inference worker ${reason}`),
    );
    w.unref();
    this.worker = w;
    return w;
  }

  /** One call; its answer is `ready`'s info or `result`'s result, parsed by the caller with the schema of its task. */
  private async call(make: (id: number) => ToWorker, o: CallOptions = {}): Promise<unknown> {
    if (o.signal?.aborted) throw new EngineError('cancelled', 'cancelled before it started');
    const w = this.ensure();
    const m = await this.calls.call(
      (id) => {
        o.signal?.addEventListener('abort', () => this.worker?.postMessage({ type: 'cancel', id } satisfies ToWorker), { once: true });
        w.postMessage(make(id));
      },
      (p) => p.type === 'progress' && o.progress?.(p.fraction, p.stage),
    );
    switch (m.type) {
      case 'error':
        throw new EngineError(m.error.code, m.error.message, m.error.details, m.error.field);
      case 'ready':
        return m.info;
      case 'result':
        return m.result;
      case 'progress':
        throw new EngineError('internal', 'inference worker: a progress message settled a call');
    }
  }

  async load(target: Target): Promise<BundleActive> {
    return BundleActive.parse(await this.call((id) => ({ type: 'load', id, target })));
  }

  async run<T extends Task>(target: TargetOf<T>, task: T, o?: CallOptions): Promise<ResultOf<T['kind']>> {
    return checked<T['kind']>(task.kind, await this.call((id) => ({ type: 'run', id, target, task }), o));
  }

  async close(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    this.worker = null;
    const exited = new Promise<void>((r) => w.once('exit', () => r()));
    w.postMessage({ type: 'shutdown' } satisfies ToWorker);
    const timer = setTimeout(() => void w.terminate(), 5000);
    await exited;
    clearTimeout(timer);
  }
}
