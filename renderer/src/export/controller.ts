import { ExportResult } from '../../../main/contract/domains/export';
import { JobFailed, JobsModel } from '../state/jobs';
import type { A2sClient } from '../transport/types';
import { baseName, toRequest, type ExportForm } from './form';

export type ExportPhase =
  | { kind: 'form' }
  | { kind: 'checking' }
  | { kind: 'confirm'; existing: string[] }
  | { kind: 'running'; jobId: string; fraction: number; stage: string; etaSec: number | null }
  | { kind: 'done'; result: ExportResult }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled' };

/**
 * The export dialog's logic, without React: check what would be overwritten (ask first), start the job, follow
 * its progress, cancel it, show the result. The job is followed by the renderer's one job tracker (`JobsModel`:
 * events that arrive before `export:start` answers are kept there), the editor's own when it is given.
 */
export class ExportController {
  private phase: ExportPhase = { kind: 'form' };
  private readonly listeners = new Set<() => void>();
  private readonly jobs: JobsModel;
  private readonly ownJobs: JobsModel | null;
  private form: ExportForm | null = null;

  constructor(private readonly client: A2sClient, private readonly projectPath: string, jobs?: JobsModel) {
    this.ownJobs = jobs ? null : new JobsModel(client);
    this.jobs = jobs ?? this.ownJobs!;
  }

  get = (): ExportPhase => this.phase;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  private set(p: ExportPhase): void {
    this.phase = p;
    for (const fn of this.listeners) fn();
  }

  /** Export button: list existing files first; ask before overwriting any. */
  async submit(form: ExportForm): Promise<void> {
    this.form = form;
    this.set({ kind: 'checking' });
    try {
      const { existing } = await this.client.invoke('export:check', toRequest(form, this.projectPath, false));
      if (existing.length) this.set({ kind: 'confirm', existing });
      else await this.start(false);
    } catch (err) {
      this.set({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  }

  /** "Overwrite" in the confirmation. */
  confirm(): Promise<void> {
    return this.start(true);
  }

  back(): void {
    this.set({ kind: 'form' });
  }

  async cancel(): Promise<void> {
    if (this.phase.kind === 'running' && this.phase.jobId) await this.jobs.cancel(this.phase.jobId);
  }

  dispose(): void {
    this.ownJobs?.dispose();
    this.listeners.clear();
  }

  private async start(force: boolean): Promise<void> {
    if (!this.form) return;
    this.set({ kind: 'running', jobId: '', fraction: 0, stage: 'starting', etaSec: null });
    let off = (): void => undefined;
    try {
      const request = toRequest(this.form, this.projectPath, force);
      const { jobId } = await this.client.invoke('export:start', request);
      this.set({ kind: 'running', jobId, fraction: 0, stage: 'starting', etaSec: null });
      off = this.jobs.subscribe(() => this.follow(jobId));
      const result = await this.jobs.track(jobId, baseName(request.outDir), 'export', ExportResult);
      this.set({ kind: 'done', result });
    } catch (err) {
      const code = err instanceof JobFailed ? err.code : undefined;
      this.set(code === 'cancelled' ? { kind: 'cancelled' } : { kind: 'failed', message: err instanceof Error ? err.message : String(err) });
    } finally {
      off();
    }
  }

  /** The job's progress as the tracker has it (its place-holder stage before the first report stays 'starting'). */
  private follow(jobId: string): void {
    const p = this.phase;
    const v = this.jobs.get().find((j) => j.jobId === jobId);
    if (p.kind !== 'running' || p.jobId !== jobId || !v || v.state !== 'running') return;
    this.set({ ...p, fraction: v.fraction, stage: v.stage, etaSec: v.etaSec });
  }
}
