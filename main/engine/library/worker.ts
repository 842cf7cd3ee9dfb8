/**
 * An import worker thread (dist/library-worker.cjs; analyser.ts starts one per core beyond the main thread's). Each runs
 * the whole per-clip work of its share of the files: reading, hashing, decoding and measuring (`analyse`), then, for
 * the clips the import keeps, Silero VAD and the AV-Sim audio embeddings as inference tasks on this thread, in its
 * own ONNX Runtime sessions (`infer`).
 * onnxruntime-node's `run` blocks the calling thread, so with the models on one thread an import used one core for
 * ORT while the other decoded (measured: ~8 ms vs ~6 ms per clip); now every thread runs the same mix.
 * Protocol: `analyse` → `result`; `infer` → `inferred` | `failed`; `release` drops kept inputs; `cancel` aborts
 * the decodes in flight (→ `cancelled`). `id` names the call (core/worker-calls.ts), `clip` the analysed clip whose
 * inputs wait here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EngineError } from '../core/errors';
import { inProcessRunner } from '../inference';
import type { Measured } from './analyse-file';
import { ClipWork, type ClipModels } from './clip-work';
import { taskEmbedder, type Embedder } from './embedder';
import type { ClipInference } from './infer';
import { SileroVad } from './vad';

/** What a worker is started with: its share of ffmpeg decodes and the model files it opens. */
export interface WorkerSetup {
  ffmpeg: number;
  /** Silero model file, or null: no speech detection. */
  vad: string | null;
  /** Bundle folders whose `avsimAudio` graph embeds the clips. */
  bundles: string[];
}

export type ToWorker =
  | { type: 'analyse'; id: number; clip: number; file: string; size: number; windowSamples: number[] }
  | { type: 'infer'; id: number; clips: number[] }
  | { type: 'release'; clips: number[] }
  | { type: 'cancel' };
export type FromWorker =
  | { type: 'result'; id: number; analysis: Measured }
  | { type: 'inferred'; id: number; results: ClipInference[] }
  | { type: 'failed'; id: number; error: string }
  | { type: 'cancelled'; id: number };

/**
 * The models as inference tasks on this thread (an in-process runner: every ONNX run of an import is a task of the
 * inference protocol, one session per model per thread), opened at start with empty runs so the first batch's
 * decoding overlaps the session loads; an open that fails is reported by the first `infer`.
 */
function openModels(setup: WorkerSetup): ClipModels {
  const runner = inProcessRunner();
  const vad = setup.vad ? SileroVad.through(runner, setup.vad) : null;
  const embedders = setup.bundles.map((dir) => taskEmbedder(runner, { bundleDir: dir, threads: 1 })).filter((e): e is Embedder => e !== null);
  void vad?.speechFrames([]).catch(() => undefined);
  for (const e of embedders) void e.embedAudio([]).catch(() => undefined);
  return { vad, embedders };
}

const port = parentPort;
if (port) {
  const setup = workerData as WorkerSetup;
  const models = Promise.resolve().then(() => openModels(setup)); // a bundle that cannot be read fails `infer`
  models.catch(() => undefined);
  const work = new ClipWork(setup.ffmpeg, () => models);
  let controller = new AbortController();
  port.on('message', (m: ToWorker) => {
    if (m.type === 'cancel') {
      controller.abort();
      controller = new AbortController();
    } else if (m.type === 'release') work.release(m.clips);
    else if (m.type === 'infer') {
      void work.infer(m.clips).then(
        (results) => port.postMessage({ type: 'inferred', id: m.id, results } satisfies FromWorker),
        (err: unknown) => port.postMessage({ type: 'failed', id: m.id, error: err instanceof Error ? err.message : String(err) } satisfies FromWorker),
      );
    } else {
      void work.analyse(m.clip, m.file, m.size, m.windowSamples, controller.signal).then(
        (analysis) => port.postMessage({ type: 'result', id: m.id, analysis } satisfies FromWorker),
        (err: unknown) => {
          const cancelled = err instanceof EngineError && err.code === 'cancelled';
          const analysis: Measured = { ok: false, error: `${m.file}: ${err instanceof Error ? err.message : String(err)}` };
          port.postMessage(cancelled ? ({ type: 'cancelled', id: m.id } satisfies FromWorker) : ({ type: 'result', id: m.id, analysis } satisfies FromWorker));
        },
      );
    }
  });
}
