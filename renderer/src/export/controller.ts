import type { EventName, EventPayloadOf } from '../../../main/contract';
import { ExportResult } from '../../../main/contract/domains/export';
import type { A2sClient } from '../transport/types';
import { toRequest, type ExportForm } from './form';

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
 * its progress, cancel it, show the result. Engine events are subscribed before the job starts so none is missed.
 */
export class ExportController {
  private phase: ExportPhase = { kind: 'form' };
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: (() => void)[] = [];
  private form: ExportForm | null = null;
  /** Events that arrived for a job before `export:start` answered with its id. */
  private early: { event: EventName; payload: unknown }[] = [];

  constructor(private readonly client: A2sClient, private readonly projectPath: string) {
    const hook = <E extends EventName>(event: E): void => {
      this.unsubscribe.push(client.on(event, (p: EventPayloadOf<E>) => this.onEvent(event, p)));
    };
    hook('job:progress');
    hook('job:done');
    hook('job:failed');
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
    if (this.phase.kind === 'running') await this.client.invoke('job:cancel', { jobId: this.phase.jobId });
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
    this.listeners.clear();
  }

  private async start(force: boolean): Promise<void> {
    if (!this.form) return;
    this.early = [];
    this.set({ kind: 'running', jobId: '', fraction: 0, stage: 'starting', etaSec: null });
    try {
      const { jobId } = await this.client.invoke('export:start', toRequest(this.form, this.projectPath, force));
      this.set({ kind: 'running', jobId, fraction: 0, stage: 'starting', etaSec: null });
      const early = this.early;
      this.early = [];
      for (const e of early) this.onEvent(e.event, e.payload);
    } catch (err) {
      this.set({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  }

  private onEvent(event: EventName, payload: unknown): void {
    const p = this.phase;
    if (p.kind !== 'running') return;
    const msg = payload as { jobId: string; kind?: string };
    if (p.jobId === '') {
      if (msg.kind === 'export') this.early.push({ event, payload });
      return;
    }
    if (msg.jobId !== p.jobId) return;
    if (event === 'job:progress') {
      const g = payload as EventPayloadOf<'job:progress'>;
      this.set({ ...p, fraction: g.fraction, stage: g.stage, etaSec: g.etaSec });
    } else if (event === 'job:done') {
      const parsed = ExportResult.safeParse((payload as EventPayloadOf<'job:done'>).result);
      this.set(parsed.success ? { kind: 'done', result: parsed.data } : { kind: 'failed', message: 'the export finished but its report was not understood' });
    } else if (event === 'job:failed') {
      const e = (payload as EventPayloadOf<'job:failed'>).error;
      this.set(e.code === 'cancelled' ? { kind: 'cancelled' } : { kind: 'failed', message: e.message });
    }
  }
}
