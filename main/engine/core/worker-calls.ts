import type { Worker } from 'node:worker_threads';

/** A worker's message about a call: `id` names the call it answers. */
export interface Answer {
  readonly id: number;
}

interface Waiting<A> {
  resolve(a: A): void;
  reject(e: Error): void;
  interim?(a: A): void;
}

export interface WorkerCallsOptions<A extends Answer> {
  /** Whether `a` settles its call; any other answer (progress) goes to the call's `interim` listener. */
  isFinal(a: A): boolean;
  /** The first call in flight (e.g. ref the worker so the process waits for it). */
  busy?(): void;
  /** No call left in flight (e.g. unref the worker so a CLI process can exit). */
  idle?(): void;
}

/**
 * Calls to one worker thread matched to their answers by id: the one request/answer bookkeeping of the engine's
 * worker threads (the inference runner, the clip library's import threads). A call settles on its final answer; a
 * crashed or exited worker rejects every call in flight with the reason instead of leaving it hanging.
 */
export class WorkerCalls<A extends Answer> {
  private readonly waiting = new Map<number, Waiting<A>>();
  private nextId = 1;

  constructor(private readonly o: WorkerCallsOptions<A>) {}

  /** Routes `worker`'s answers here; `failure(reason)` is the error its crash or exit gives the calls in flight. */
  attach(worker: Worker, failure: (reason: string) => Error): void {
    worker.on('message', (m: A) => this.answer(m));
    worker.on('error', (err) => this.failAll(failure(`crashed: ${err.message}`)));
    worker.on('exit', (code) => this.failAll(failure(`exited with code ${code}`)));
  }

  /** Calls in flight. */
  get size(): number {
    return this.waiting.size;
  }

  /** Starts a call: `post(id)` sends its message; resolves with the final answer. */
  call(post: (id: number) => void, interim?: (a: A) => void): Promise<A> {
    const id = this.nextId++;
    return new Promise<A>((resolve, reject) => {
      if (this.waiting.size === 0) this.o.busy?.();
      this.waiting.set(id, { resolve, reject, interim });
      post(id);
    });
  }

  private answer(a: A): void {
    const w = this.waiting.get(a.id);
    if (!w) return;
    if (!this.o.isFinal(a)) {
      w.interim?.(a);
      return;
    }
    this.waiting.delete(a.id);
    if (this.waiting.size === 0) this.o.idle?.();
    w.resolve(a);
  }

  /** Rejects every call in flight with `err` (the worker is gone). */
  failAll(err: Error): void {
    const all = [...this.waiting.values()];
    this.waiting.clear();
    if (all.length) this.o.idle?.();
    for (const w of all) w.reject(err);
  }
}
