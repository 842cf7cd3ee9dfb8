import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { JobKind, JobSummary } from '../../contract/domains/jobs';
import { EngineError, toWireError } from '../core/errors';
import type { EventBus } from '../core/events';
import { RunQueue, generateSlots } from './queue';

type Kind = z.infer<typeof JobKind>;

export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  /** Report progress; fraction 0..1. ETA is estimated from elapsed time. */
  progress(fraction: number, stage: string): void;
  /** Throws a `cancelled` EngineError when the job was cancelled: call between steps. */
  throwIfCancelled(): void;
}

interface Entry {
  summary: z.infer<typeof JobSummary>;
  controller: AbortController;
}

/**
 * Owns every long operation: ids, progress events (rate-limited), cancellation and the final event.
 * `start` returns at once with the id and the promise of the result.
 */
export class JobManager {
  private readonly jobs = new Map<string, Entry>();
  /** Kinds that wait for a slot, first in first out (generations: see `generateSlots`); the others start at once. */
  private readonly queues: Map<Kind, RunQueue>;

  constructor(
    private readonly events: EventBus,
    slots: Partial<Record<Kind, number>> = { generate: generateSlots() },
  ) {
    this.queues = new Map(Object.entries(slots).map(([k, n]) => [k as Kind, new RunQueue(n)]));
  }

  start<T>(kind: Kind, label: string, work: (ctx: JobContext) => Promise<T>): { jobId: string; result: Promise<T> } {
    const jobId = randomUUID();
    const controller = new AbortController();
    const queue = this.queues.get(kind);
    const entry: Entry = { summary: { jobId, kind, state: queue ? 'queued' : 'running', label, startedAt: new Date().toISOString() }, controller };
    this.jobs.set(jobId, entry);
    let t0 = performance.now();
    let lastEmit = 0;
    let lastShape = '';
    const ctx: JobContext = {
      jobId,
      signal: controller.signal,
      progress: (fraction, stage) => {
        const now = performance.now();
        // At most 10 updates/s of the same kind of stage; a new kind ("decode" after "step i/n") is always shown, so a
        // fast job on an idle machine still reports each of its stages.
        const shape = stage.replace(/\d+/g, '#');
        if (now - lastEmit < 100 && fraction < 1 && shape === lastShape) return;
        lastEmit = now;
        lastShape = shape;
        const f = Math.min(1, Math.max(0, fraction));
        const elapsed = (now - t0) / 1000;
        const etaSec = f > 0.02 ? (elapsed * (1 - f)) / f : null;
        this.events.emit('job:progress', { jobId, kind, fraction: f, stage, etaSec });
      },
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw new EngineError('cancelled', `${label}: cancelled`);
      },
    };
    const begin = (): Promise<T> => {
      entry.summary.state = 'running';
      t0 = performance.now(); // the ETA counts from the start of the work, not of the wait
      return work(ctx);
    };
    // While in line, the place is reported as progress (1 = next); a cancel leaves the line at once.
    const onWait = (position: number): void =>
      this.events.emit('job:progress', { jobId, kind, fraction: 0, stage: `queued: ${position - 1} ahead`, etaSec: null, queued: position });
    const result = (queue ? queue.run(begin, { signal: controller.signal, onWait }) : begin()).then(
      (value) => {
        entry.summary.state = 'done';
        this.events.emit('job:done', { jobId, kind, result: value });
        return value;
      },
      (err: unknown) => {
        const cancelled = controller.signal.aborted || (err instanceof EngineError && err.code === 'cancelled');
        entry.summary.state = cancelled ? 'cancelled' : 'failed';
        this.events.emit('job:failed', { jobId, kind, error: toWireError(cancelled ? new EngineError('cancelled', `${label}: cancelled`) : err) });
        throw err;
      },
    );
    result.catch(() => undefined); // the caller may not await; failures are reported by event
    return { jobId, result };
  }

  cancel(jobId: string): boolean {
    const entry = this.jobs.get(jobId);
    if (!entry || (entry.summary.state !== 'running' && entry.summary.state !== 'queued')) return false;
    entry.controller.abort();
    return true;
  }

  list(): z.infer<typeof JobSummary>[] {
    return [...this.jobs.values()].map((e) => ({ ...e.summary }));
  }
}
