import { describe, expect, it } from 'vitest';
import { EventBus } from '../core/events';
import { JobManager } from './jobs';

function collect(bus: EventBus): { event: string; payload: unknown }[] {
  const out: { event: string; payload: unknown }[] = [];
  bus.subscribe((event, payload) => out.push({ event, payload }));
  return out;
}

describe('JobManager progress', () => {
  it('always reports a new kind of stage, and throttles bursts of the same kind (fast job on an idle machine)', async () => {
    const bus = new EventBus();
    const events = collect(bus);
    const jobs = new JobManager(bus);
    const { result } = jobs.start('generate', 'test', async (ctx) => {
      ctx.progress(0.1, 'decoding frames');
      for (let i = 1; i <= 50; i++) ctx.progress(0.1 + (0.8 * i) / 50, `window 1/1 · step ${i}/50`);
      ctx.progress(0.95, 'decoding audio');
      return 42;
    });
    expect(await result).toBe(42);
    const stages = events.filter((e) => e.event === 'job:progress').map((e) => (e.payload as { stage: string }).stage);
    expect(stages).toContain('decoding frames');
    expect(stages).toContain('window 1/1 · step 1/50');
    expect(stages).toContain('decoding audio');
    expect(stages.length).toBeLessThan(10); // the 50 steps in a burst are not all sent
    expect(events.at(-1)).toMatchObject({ event: 'job:done', payload: { result: 42 } });
  });

  it('reports cancellation as job:failed with code cancelled', async () => {
    const bus = new EventBus();
    const events = collect(bus);
    const jobs = new JobManager(bus);
    const { jobId, result } = jobs.start('export', 'slow', async (ctx) => {
      await new Promise((r) => setTimeout(r, 20));
      ctx.throwIfCancelled();
      return 1;
    });
    expect(jobs.cancel(jobId)).toBe(true);
    await expect(result).rejects.toMatchObject({ code: 'cancelled' });
    expect(events.at(-1)).toMatchObject({ event: 'job:failed', payload: { error: { code: 'cancelled' } } });
    expect(jobs.list()[0]).toMatchObject({ state: 'cancelled' });
  });
});
