import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../core/events';
import { JobManager } from './jobs';

function collect(bus: EventBus): { event: string; payload: unknown }[] {
  const out: { event: string; payload: unknown }[] = [];
  bus.subscribe((event, payload) => out.push({ event, payload }));
  return out;
}

describe('JobManager progress', () => {
  afterEach(() => vi.useRealTimers());

  it('always reports a new kind of stage, and at most one update of the same kind per 100 ms', async () => {
    // The throttle reads performance.now(): a fake clock makes "within 100 ms" exact on any machine.
    vi.useFakeTimers({ toFake: ['performance'] });
    const bus = new EventBus();
    const events = collect(bus);
    const jobs = new JobManager(bus);
    const { result } = jobs.start('generate', 'test', async (ctx) => {
      ctx.progress(0.1, 'decoding frames');
      for (let i = 1; i <= 50; i++) ctx.progress(0.1 + (0.8 * i) / 50, `window 1/1 · step ${i}/50`); // one burst
      vi.advanceTimersByTime(99);
      ctx.progress(0.2, 'window 1/2 · step 1/50'); // 99 ms after the last update of this kind: dropped
      vi.advanceTimersByTime(1);
      ctx.progress(0.5, 'window 2/2 · step 1/50'); // 100 ms: sent
      ctx.progress(0.95, 'decoding audio'); // a new kind: sent at once
      ctx.progress(1, 'decoding audio'); // the end: sent although the same kind came 0 ms before
      return 42;
    });
    expect(await result).toBe(42);
    const progress = events.filter((e) => e.event === 'job:progress').map((e) => e.payload as { stage: string; fraction: number; etaSec: number | null });
    expect(progress.map((p) => p.stage)).toEqual(['decoding frames', 'window 1/1 · step 1/50', 'window 2/2 · step 1/50', 'decoding audio', 'decoding audio']);
    // ETA from elapsed time: half done after 0.1 s leaves 0.1 s.
    expect(progress[2]).toMatchObject({ fraction: 0.5, etaSec: 0.1 });
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
