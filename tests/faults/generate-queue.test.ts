import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../main/contract/domains/jobs';
import { inferenceRunner } from '../../main/engine/handlers/inference';
import { Engine } from '../../main/engine/host';
import { TINY_BUNDLE } from '../inference/fixtures';
import { makeVideo, tempDir } from '../inference/media';

/**
 * Issue 21 defect 6, through the engine with real (tiny-bundle) generations: started together, they used to run
 * interleaved and finish together. With one slot they run one after another in the order they were started, and
 * the waiting ones say where they stand in line.
 */
describe('generate:start queue', () => {
  const dir = tempDir('a2s-gen-queue-');
  process.env.A2S_GENERATE_SLOTS = '1';
  const engine = new Engine({ dataDir: path.join(dir, 'data') });
  delete process.env.A2S_GENERATE_SLOTS;
  const video = makeVideo(dir, 2);
  const log: { event: string; jobId: string; queued?: number }[] = [];
  let wake: (() => void) | null = null;
  engine.events.subscribe((event, payload) => {
    const p = payload as Partial<JobProgress> & { jobId?: string };
    if (p.jobId) log.push({ event, jobId: p.jobId, queued: p.queued });
    wake?.();
  });
  afterAll(() => inferenceRunner(engine.services).close());

  const ended = (ids: string[]): Promise<void> =>
    new Promise((resolve) => {
      const look = (): void => {
        if (ids.every((id) => log.some((e) => e.jobId === id && (e.event === 'job:done' || e.event === 'job:failed')))) resolve();
      };
      wake = look;
      look();
    });

  it('three generations: one at a time, first in first out, queue places reported', async () => {
    const start = (seed: number): Promise<{ jobId: string }> =>
      engine.call('generate:start', { video, start: 0, end: 1, takes: 1, seed, steps: 2, threads: 1, ambient: { mode: 'none' }, bundle: TINY_BUNDLE, outDir: path.join(dir, `r${seed}`) });
    const ids = [(await start(1)).jobId, (await start(2)).jobId, (await start(3)).jobId];
    await ended(ids);
    const of = (id: string): typeof log => log.filter((e) => e.jobId === id);
    expect(ids.map((id) => of(id).at(-1)!.event)).toEqual(['job:done', 'job:done', 'job:done']);
    // Places in line: the second was 1st, the third 2nd then 1st.
    expect(of(ids[1]!).filter((e) => e.queued !== undefined).map((e) => e.queued)).toEqual([1]);
    expect(of(ids[2]!).filter((e) => e.queued !== undefined).map((e) => e.queued)).toEqual([2, 1]);
    // Nothing of a later job's own work happens before the earlier one's work is over.
    const work = (id: string): number[] => log.flatMap((e, i) => (e.jobId === id && e.event === 'job:progress' && e.queued === undefined ? [i] : []));
    const doneAt = (id: string): number => log.findIndex((e) => e.jobId === id && e.event === 'job:done');
    expect(work(ids[1]!)[0]).toBeGreaterThan(work(ids[0]!).at(-1)!);
    expect(work(ids[2]!)[0]).toBeGreaterThan(work(ids[1]!).at(-1)!);
    expect(doneAt(ids[0]!)).toBeLessThan(doneAt(ids[1]!));
    expect(doneAt(ids[1]!)).toBeLessThan(doneAt(ids[2]!));
  }, 300_000); // a hang guard only
});
