import { describe, expect, it } from 'vitest';
import { JobProgress } from '../../contract/domains/jobs';
import { EventBus } from '../core/events';
import { JobManager } from './jobs';
import { RunQueue, generateSlots } from './queue';

/** A promise the test settles by hand: the order of events is decided by the test, never by timing. */
function gate(): { promise: Promise<void>; open(): void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('generation queue (issue 21 defect 6)', () => {
  it('runs at most `limit` at once, first in first out, reporting each waiting job’s place in line', async () => {
    const bus = new EventBus();
    const events: { event: string; payload: unknown }[] = [];
    bus.subscribe((event, payload) => events.push({ event, payload }));
    const jobs = new JobManager(bus, { generate: 2 });
    const gates = Array.from({ length: 6 }, gate);
    const started: number[] = [];
    const handles = gates.map((g, i) =>
      jobs.start('generate', `g${i}`, async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    const placeOf = (i: number): (number | undefined)[] =>
      events.filter((e) => e.event === 'job:progress' && (e.payload as JobProgress).jobId === handles[i]!.jobId).map((e) => (e.payload as JobProgress).queued);
    expect([2, 3, 4, 5].map((i) => placeOf(i))).toEqual([[1], [2], [3], [4]]);
    expect(jobs.list().map((j) => j.state)).toEqual(['running', 'running', 'queued', 'queued', 'queued', 'queued']);
    for (const e of events) expect(JobProgress.safeParse(e.payload).success).toBe(true);

    // A cancel in line leaves the line: its work never runs, the ones behind move up.
    expect(jobs.cancel(handles[3]!.jobId)).toBe(true);
    await expect(handles[3]!.result).rejects.toMatchObject({ code: 'cancelled' });
    expect(placeOf(4)).toEqual([3, 2]);
    expect(placeOf(5)).toEqual([4, 3]);

    // The first to finish hands its slot to the first in line.
    gates[1]!.open();
    expect(await handles[1]!.result).toBe(1);
    await settle();
    expect(started).toEqual([0, 1, 2]);
    expect(placeOf(4)).toEqual([3, 2, 1]);
    for (const i of [0, 2, 4, 5]) gates[i]!.open();
    expect(await Promise.all([0, 2, 4, 5].map((i) => handles[i]!.result))).toEqual([0, 2, 4, 5]);
    expect(started).toEqual([0, 1, 2, 4, 5]);
    const done = events.filter((e) => e.event === 'job:done').map((e) => (e.payload as { result: number }).result);
    expect(done).toEqual([1, 0, 2, 4, 5]);
  });

  it('other kinds are not queued, and the slot count comes from the cores (or A2S_GENERATE_SLOTS)', async () => {
    const jobs = new JobManager(new EventBus(), { generate: 1 });
    const g = gate();
    jobs.start('generate', 'long', () => g.promise);
    const exported = jobs.start('export', 'beside it', () => Promise.resolve('ran'));
    expect(await exported.result).toBe('ran');
    g.open();
    expect(generateSlots()).toBeGreaterThanOrEqual(1);
    process.env.A2S_GENERATE_SLOTS = '3';
    try {
      expect(generateSlots()).toBe(3);
    } finally {
      delete process.env.A2S_GENERATE_SLOTS;
    }
  });

  it('a failed job frees its slot too', async () => {
    const q = new RunQueue(1);
    const failing = q.run(() => Promise.reject(new Error('boom')));
    const next = q.run(() => Promise.resolve('next'));
    await expect(failing).rejects.toThrow('boom');
    expect(await next).toBe('next');
    expect(q.queued).toBe(0);
  });
});
