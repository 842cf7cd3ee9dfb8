import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerCalls } from '../../main/engine/core/worker-calls';

// The one request/answer bookkeeping of the engine's worker threads (the inference runner, the import threads), on a
// real worker thread: `slow` answers after the next message arrives, so answers come back out of order.
const code = `
const { parentPort } = require('node:worker_threads');
let held = null;
parentPort.on('message', (m) => {
  if (m.type === 'die') process.exit(3);
  if (held) { parentPort.postMessage(held); held = null; }
  if (m.type === 'echo') {
    parentPort.postMessage({ id: m.id, type: 'progress', value: m.value / 2 });
    parentPort.postMessage({ id: m.id, type: 'done', value: m.value });
  } else if (m.type === 'slow') held = { id: m.id, type: 'done', value: m.value };
  else if (m.type === 'die') process.exit(3);
});`;

type Msg = { id: number; type: 'progress' | 'done'; value: number };

describe('WorkerCalls', () => {
  let worker: Worker | null = null;
  afterEach(async () => {
    await worker?.terminate();
    worker = null;
  });

  function start(log: string[]): WorkerCalls<Msg> {
    worker = new Worker(code, { eval: true });
    const calls = new WorkerCalls<Msg>({ isFinal: (m) => m.type === 'done', busy: () => log.push('busy'), idle: () => log.push('idle') });
    calls.attach(worker, (reason) => new Error(`test worker ${reason}`));
    return calls;
  }

  it('matches answers to calls by id, out of order; interim answers go to the call that asked', async () => {
    const log: string[] = [];
    const calls = start(log);
    const w = worker!;
    const progress: number[] = [];
    const slow = calls.call((id) => w.postMessage({ id, type: 'slow', value: 1 }));
    const echo = calls.call((id) => w.postMessage({ id, type: 'echo', value: 8 }), (m) => progress.push(m.value));
    expect((await echo).value).toBe(8);
    expect((await slow).value).toBe(1);
    expect(progress).toEqual([4]);
    expect(calls.size).toBe(0);
    expect(log).toEqual(['busy', 'idle']); // busy at the first call in flight, idle when none is left
  });

  it('a worker that exits rejects every call in flight with the reason', async () => {
    const calls = start([]);
    const w = worker!;
    const slow = calls.call((id) => w.postMessage({ id, type: 'slow', value: 1 }));
    const die = calls.call((id) => w.postMessage({ id, type: 'die', value: 0 }));
    const [a, b] = await Promise.allSettled([slow, die]);
    for (const r of [a, b]) expect(r).toMatchObject({ status: 'rejected', reason: { message: 'test worker exited with code 3' } });
    expect(calls.size).toBe(0);
  });
});
