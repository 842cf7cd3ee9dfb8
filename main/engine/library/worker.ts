/**
 * The import worker thread (dist/library-worker.cjs): file reading, hashing, decoding and analysis run here while
 * the main thread runs ONNX Runtime (onnxruntime-node's `run` is synchronous on the calling thread, so without this
 * thread an import would use one core however it is pipelined). Protocol: `analyse` → `result`; `cancel` aborts
 * the decodes in flight.
 */
import { parentPort } from 'node:worker_threads';
import { EngineError } from '../core/errors';
import { Limiter, analyseFile, transferables, type FileAnalysis } from './analyse-file';

export type ToWorker = { type: 'analyse'; id: number; file: string; size: number; windowSamples: number[] } | { type: 'cancel' };
export type FromWorker = { type: 'result'; id: number; analysis: FileAnalysis } | { type: 'cancelled'; id: number };

const port = parentPort;
if (port) {
  const ffmpeg = new Limiter(2);
  let controller = new AbortController();
  port.on('message', (m: ToWorker) => {
    if (m.type === 'cancel') {
      controller.abort();
      controller = new AbortController();
      return;
    }
    const signal = controller.signal;
    void analyseFile(m.file, m.size, m.windowSamples, ffmpeg, signal).then(
      (analysis) => port.postMessage({ type: 'result', id: m.id, analysis } satisfies FromWorker, transferables(analysis)),
      (err: unknown) => {
        const cancelled = err instanceof EngineError && err.code === 'cancelled';
        const analysis: FileAnalysis = { ok: false, error: `${m.file}: ${err instanceof Error ? err.message : String(err)}` };
        port.postMessage(cancelled ? ({ type: 'cancelled', id: m.id } satisfies FromWorker) : ({ type: 'result', id: m.id, analysis } satisfies FromWorker));
      },
    );
  });
}
