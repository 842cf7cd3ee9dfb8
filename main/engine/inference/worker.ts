/**
 * Entry of the inference worker thread (dist/inference-worker.cjs): ONNX sessions and the sampling loop run here,
 * off the event loop of the UI/server. Sessions stay warm between jobs; `cancel` aborts within one denoiser step.
 */
// First: its CPU sample is the start of the interval the thread count reads the machine's load over (cpu-load.ts).
import { inheritSample } from './cpu-load';
import { parentPort, workerData } from 'node:worker_threads';
import { toWireError } from '../core/errors';
import type { FromWorker, ToWorker } from './protocol';
import { closeTasks, loadTarget, runTask } from './tasks';

const port = parentPort;
if (!port) throw new Error('inference worker: must run as a worker thread');
inheritSample((workerData as { cpuSample?: unknown } | null)?.cpuSample);
const running = new Map<number, AbortController>();
const send = (m: FromWorker): void => port.postMessage(m);

port.on('message', (msg: ToWorker) => {
  switch (msg.type) {
    case 'load':
      loadTarget(msg.target).then(
        (info) => send({ type: 'ready', id: msg.id, info }),
        (err: unknown) => send({ type: 'error', id: msg.id, error: toWireError(err) }),
      );
      break;
    case 'run': {
      const ac = new AbortController();
      running.set(msg.id, ac);
      runTask(msg.target, msg.task, ac.signal, (fraction, stage) => send({ type: 'progress', id: msg.id, fraction, stage }))
        .then(
          (result) => send({ type: 'result', id: msg.id, result }),
          (err: unknown) => send({ type: 'error', id: msg.id, error: toWireError(err) }),
        )
        .finally(() => running.delete(msg.id));
      break;
    }
    case 'cancel':
      running.get(msg.id)?.abort();
      break;
    case 'shutdown':
      for (const ac of running.values()) ac.abort();
      void closeTasks().finally(() => port.close());
      break;
  }
});
