import type { z } from 'zod';
import type { EventPayloadOf, ResponseOf } from '../../../main/contract';
import type { A2sClient } from '../transport/types';
import { Observable } from './observable';

export interface JobView {
  jobId: string;
  label: string;
  kind: string;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  fraction: number;
  stage: string;
  etaSec: number | null;
  error?: string;
  /** The span a generation job renders takes for (so the span can show its progress). */
  spanId?: string;
  /** The engine accepted a cancel; the job ends (cancelled) at its next check, which may take a moment. */
  cancelling?: boolean;
}

/** A job that ended without a result: the engine's error code (`cancelled` for a cancel) and message. */
export class JobFailed extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

type Done = EventPayloadOf<'job:done'>;
type JobSummary = ResponseOf<'job:list'>['jobs'][number];
type Failed = EventPayloadOf<'job:failed'>;

/**
 * The renderer's one job tracker: jobs as the UI sees them (the Jobs panel, a span's progress, the export and adapt
 * dialogs), fed by `job:*` events. A job the engine has accepted but not started reporting is shown as queued.
 * Callers wait for a job's end with `track` (results come back on the event, not the request), parsed with the
 * result schema the contract gives for that job.
 */
export class JobsModel extends Observable<JobView[]> {
  private readonly waiters = new Map<string, { resolve(r: unknown): void; reject(e: Error): void }>();
  private readonly early = new Map<string, Done | Failed>();
  private readonly off: (() => void)[];

  constructor(private readonly client: A2sClient) {
    super([]);
    this.off = [
      // A generation waiting for a slot reports its place in line (`queued`): it is queued, not running.
      client.on('job:progress', (p) => this.patch(p.jobId, { state: p.queued ? 'queued' : 'running', fraction: p.fraction, stage: p.stage, etaSec: p.etaSec }, p.kind)),
      client.on('job:done', (p) => this.finish(p)),
      client.on('job:failed', (p) => this.finish(p)),
    ];
  }

  /**
   * Registers a started job; resolves when it ends (with its result parsed by `result`, when given), rejects with
   * JobFailed on failure or cancel, or when the result does not match its schema.
   */
  track(jobId: string, label: string, kind: string): Promise<void>;
  track<T>(jobId: string, label: string, kind: string, result: z.ZodType<T>, spanId?: string): Promise<T>;
  async track<T>(jobId: string, label: string, kind: string, result?: z.ZodType<T>, spanId?: string): Promise<T | void> {
    this.patch(jobId, { label, kind, ...(spanId ? { spanId } : {}) }, kind);
    const raw = await new Promise<unknown>((resolve, reject) => {
      this.waiters.set(jobId, { resolve, reject });
      const e = this.early.get(jobId); // the job may have finished before the request's answer came back
      if (e) this.finish(e);
    });
    if (!result) return;
    const parsed = result.safeParse(raw);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new JobFailed(`the ${kind} finished but its result was not understood (${issue?.path.join('.') || 'result'}: ${issue?.message})`, 'internal');
  }

  /** Stops listening to the engine (a tracker made for one dialog). */
  dispose(): void {
    for (const off of this.off.splice(0)) off();
  }

  /**
   * Jobs the engine started on its own (the first-run starter library import) or before this window connected: shown
   * under the engine's label, so a long import is visible from its start, not from its first progress report.
   */
  adopt(jobs: readonly JobSummary[]): void {
    const byId = new Map(jobs.map((j) => [j.jobId, j]));
    const known = new Set(this.get().map((j) => j.jobId));
    const fresh = jobs.filter((j) => !known.has(j.jobId));
    this.update((xs) => [
      // A job first seen by its progress is labelled by its kind only ("import"): the engine's label says which.
      ...xs.map((j) => (j.label === j.kind && byId.has(j.jobId) ? { ...j, label: byId.get(j.jobId)!.label } : j)),
      ...fresh.map((j): JobView => ({ jobId: j.jobId, label: j.label, kind: j.kind, state: j.state, fraction: j.state === 'done' ? 1 : 0, stage: j.state === 'running' ? 'started' : j.state, etaSec: null })),
    ]);
  }

  /**
   * Asks the engine to cancel; once it has accepted, the row says "cancelling…" until the job's end arrives (a job
   * stops at its next check: between sampling steps, or when a child process it waits for is killed).
   */
  async cancel(jobId: string): Promise<void> {
    const r = await this.client.invoke('job:cancel', { jobId });
    if (r.cancelled) this.update((xs) => xs.map((j) => (j.jobId === jobId && (j.state === 'running' || j.state === 'queued') ? { ...j, cancelling: true } : j)));
  }

  clearFinished(): void {
    this.update((xs) => xs.filter((j) => j.state === 'running' || j.state === 'queued'));
  }

  private patch(jobId: string, patch: Partial<JobView>, kind: string): void {
    this.update((xs) => {
      const i = xs.findIndex((j) => j.jobId === jobId);
      if (i < 0) return [...xs, { jobId, label: kind, kind, state: 'queued', fraction: 0, stage: 'queued', etaSec: null, ...patch }];
      const copy = [...xs];
      copy[i] = { ...copy[i]!, ...patch, state: copy[i]!.state === 'queued' || copy[i]!.state === 'running' ? (patch.state ?? copy[i]!.state) : copy[i]!.state };
      return copy;
    });
  }

  private finish(p: Done | Failed): void {
    const w = this.waiters.get(p.jobId);
    if (!w) {
      this.early.set(p.jobId, p);
      if (this.early.size > 100) this.early.delete(this.early.keys().next().value!);
    }
    const failed = 'error' in p;
    const state = failed ? (p.error.code === 'cancelled' ? 'cancelled' : 'failed') : 'done';
    this.update((xs) => xs.map((j) => (j.jobId === p.jobId ? { ...j, state, fraction: failed ? j.fraction : 1, etaSec: null, stage: failed ? p.error.message : 'done', error: failed ? p.error.message : undefined } : j)));
    if (!w) return;
    this.waiters.delete(p.jobId);
    this.early.delete(p.jobId);
    if (failed) w.reject(new JobFailed(p.error.message, p.error.code));
    else w.resolve(p.result);
  }
}
