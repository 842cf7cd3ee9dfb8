import { z } from 'zod';
import { channel, event } from '../channel';
import { WireError } from '../errors';

export const JobKind = z.enum(['generate', 'import', 'export', 'proxy', 'embed', 'eval', 'adapt']);

export const JobProgress = z.object({
  jobId: z.string(),
  kind: JobKind,
  /** 0..1 overall */
  fraction: z.number().min(0).max(1),
  /** Human-readable stage, e.g. "window 2/4 · step 13/25". */
  stage: z.string(),
  etaSec: z.number().nonnegative().nullable(),
  /** Place in line (1 = next) while the job waits for a slot (generations run a few at a time, first in first out). */
  queued: z.number().int().positive().optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const JobState = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);

export const JobSummary = z.object({ jobId: z.string(), kind: JobKind, state: JobState, label: z.string(), startedAt: z.string() });

/** `job:*` — every long operation (generation, import, export, proxy) is a job with progress and cancel. */
export const jobChannels = {
  'job:cancel': channel(z.object({ jobId: z.string().min(1) }).strict(), z.object({ cancelled: z.boolean() })),
  'job:list': channel(z.object({}).strict(), z.object({ jobs: z.array(JobSummary) })),
} as const;

export const jobEvents = {
  'job:progress': event(JobProgress),
  'job:done': event(z.object({ jobId: z.string(), kind: JobKind, result: z.unknown() })),
  'job:failed': event(z.object({ jobId: z.string(), kind: JobKind, error: WireError })),
} as const;
