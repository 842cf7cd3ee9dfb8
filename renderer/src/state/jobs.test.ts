import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ChannelName, EventName, EventPayloadOf, RequestOf, ResponseOf } from '../../../main/contract';
import { eventListeners } from '../transport/listeners';
import type { A2sClient } from '../transport/types';
import { JobFailed, JobsModel } from './jobs';

const Result = z.object({ takes: z.number().int() });

/** A client whose events the test emits and whose `job:cancel` answers as the engine would. */
function client(accepts: boolean): A2sClient & { emit<E extends EventName>(e: E, p: EventPayloadOf<E>): void; cancels: string[] } {
  const ev = eventListeners();
  const cancels: string[] = [];
  return {
    transport: 'websocket',
    on: ev.on,
    emit: (e, p) => ev.emit(e, p),
    cancels,
    invoke<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
      if (channel !== 'job:cancel') throw new Error(`unexpected ${channel}`);
      cancels.push((payload as RequestOf<'job:cancel'>).jobId);
      return Promise.resolve({ cancelled: accepts } as ResponseOf<C>);
    },
  };
}

/** Issue 18 (the skipped queue e2e): a generation waiting in the engine's line was shown as running. */
describe('JobsModel', () => {
  it('a job reporting its place in line is queued, and running once it reports work', () => {
    const c = client(true);
    const jobs = new JobsModel(c);
    void jobs.track('a', 'span 1', 'generate', Result, 'span-1');
    c.emit('job:progress', { jobId: 'a', kind: 'generate', fraction: 0, stage: 'queued: 0 ahead', etaSec: null, queued: 1 });
    expect(jobs.get()[0]).toMatchObject({ state: 'queued', spanId: 'span-1', stage: 'queued: 0 ahead' });
    c.emit('job:progress', { jobId: 'a', kind: 'generate', fraction: 0.1, stage: 'window 1/1 · step 1/2', etaSec: 3 });
    expect(jobs.get()[0]).toMatchObject({ state: 'running', fraction: 0.1 });
  });

  it('a cancel the engine accepted shows as cancelling until the job ends as cancelled', async () => {
    const c = client(true);
    const jobs = new JobsModel(c);
    const ended = jobs.track('a', 'span 1', 'generate', Result, 'span-1');
    c.emit('job:progress', { jobId: 'a', kind: 'generate', fraction: 0.2, stage: 'step', etaSec: null });
    await jobs.cancel('a');
    expect(c.cancels).toEqual(['a']);
    expect(jobs.get()[0]).toMatchObject({ state: 'running', cancelling: true });
    c.emit('job:failed', { jobId: 'a', kind: 'generate', error: { code: 'cancelled', message: 'cancelled' } });
    await expect(ended).rejects.toThrow('cancelled');
    await expect(ended).rejects.toBeInstanceOf(JobFailed);
    expect(jobs.get()[0]!.state).toBe('cancelled');
  });

  it('the result comes back parsed by the job\'s schema, also when the job ended before it was tracked', async () => {
    const c = client(true);
    const jobs = new JobsModel(c);
    c.emit('job:done', { jobId: 'early', kind: 'generate', result: { takes: 2, extra: 'dropped' } });
    await expect(jobs.track('early', 'span 1', 'generate', Result)).resolves.toEqual({ takes: 2 });
    const wrong = jobs.track('b', 'span 2', 'generate', Result);
    c.emit('job:done', { jobId: 'b', kind: 'generate', result: { takes: 'two' } });
    await expect(wrong).rejects.toThrow(/generate finished but its result was not understood \(takes: /);
  });

  it('a tracker that is disposed stops following the engine', () => {
    const c = client(true);
    const jobs = new JobsModel(c);
    jobs.dispose();
    c.emit('job:progress', { jobId: 'a', kind: 'export', fraction: 0.5, stage: 'mix', etaSec: null });
    expect(jobs.get()).toEqual([]);
  });

  it('a cancel the engine refused (the job had already ended) changes nothing', async () => {
    const c = client(false);
    const jobs = new JobsModel(c);
    void jobs.track('a', 'span 1', 'generate');
    c.emit('job:progress', { jobId: 'a', kind: 'generate', fraction: 0.5, stage: 'step', etaSec: null });
    await jobs.cancel('a');
    expect(jobs.get()[0]!.cancelling).toBeUndefined();
  });
});
