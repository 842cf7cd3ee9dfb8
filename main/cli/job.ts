/**
 * Waiting on one engine job from the CLI (`a2s generate`, `a2s adapt`): progress lines on stderr, Ctrl+C cancels
 * the job, the result parsed with the caller's schema, a failure thrown as the job's own EngineError. Subscribed
 * before the job starts: a short job can end before its id comes back from the start call.
 */
import type { z } from 'zod';
import { events } from '../contract';
import type { WireError } from '../contract/errors';
import { EngineError } from '../engine/core/errors';
import type { Engine } from '../engine/host';
import type { CliIO } from './command';

type Outcome = { ok: true; result: unknown } | { ok: false; error: WireError };

export interface JobWait<T> {
  /** Starts the job (the engine call); resolves with its id. */
  start(): Promise<{ jobId: string }>;
  /** The job's result as the command reads it (`job:done` carries it untyped). */
  result: z.ZodType<T>;
  io: CliIO;
  /** No progress lines (`--json`: stderr stays quiet for scripts). */
  quiet: boolean;
  /** Words added to a failure's message (e.g. how to resume). */
  afterFailure?(error: WireError): string;
}

/** `  42%  stage  (ETA 12 s)`; a line is printed only when more than its ETA changed (training reports often). */
export function progressLine(fraction: number, stage: string, etaSec: number | null): string {
  return `${(fraction * 100).toFixed(0).padStart(3)}%  ${stage}${etaSec !== null ? `  (ETA ${etaSec.toFixed(0)} s)` : ''}`;
}

export async function runJob<T>(engine: Engine, o: JobWait<T>): Promise<T> {
  const finished = new Map<string, Outcome>();
  let jobId: string | null = null;
  let wake: (() => void) | null = null;
  let last = '';
  const off = engine.events.subscribe((event, payload) => {
    if (event === 'job:progress') {
      const p = events['job:progress'].payload.parse(payload);
      if (o.quiet || p.jobId !== jobId) return;
      const line = progressLine(p.fraction, p.stage, p.etaSec);
      const withoutEta = line.replace(/ {2}\(ETA \d+ s\)$/, '');
      if (withoutEta !== last) o.io.err(line);
      last = withoutEta;
    } else if (event === 'job:done') {
      const p = events['job:done'].payload.parse(payload);
      finished.set(p.jobId, { ok: true, result: p.result });
      wake?.();
    } else if (event === 'job:failed') {
      const p = events['job:failed'].payload.parse(payload);
      finished.set(p.jobId, { ok: false, error: p.error });
      wake?.();
    }
  });
  const cancel = (): void => {
    if (jobId !== null) void engine.call('job:cancel', { jobId }).catch(() => undefined);
  };
  process.once('SIGINT', cancel);
  try {
    const id = (await o.start()).jobId;
    jobId = id;
    while (!finished.has(id)) await new Promise<void>((r) => (wake = r));
    const outcome = finished.get(id)!;
    if (!outcome.ok) {
      const e = outcome.error;
      throw new EngineError(e.code, `${e.message}${o.afterFailure?.(e) ?? ''}`, e.details, e.field);
    }
    return o.result.parse(outcome.result);
  } finally {
    process.off('SIGINT', cancel);
    off();
  }
}
