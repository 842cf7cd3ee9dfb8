import path from 'node:path';
import { EngineError } from '../core/errors';
import { inProcessRunner, makeBundle, readManifest, type InferenceRunner, type Target } from '../inference';
import { ANALYSIS_RATE } from './analyse';
import { resampleMono } from './resample';

/**
 * What the library needs from a model bundle: its AV-Sim audio embedding (import) and, for retrieval, the AV-Sim
 * video embedding of a span. Small on purpose so tests and the bench can build one from any bundle folder.
 */
export interface Embedder {
  /** The bundle id: embeddings are stored per (clip, bundle). */
  readonly bundleId: string;
  /** Samples per embedding window at the analysis rate (16 kHz). */
  readonly windowSamples: number;
  /** The bundle folder: an import worker thread opens its own session of the bundle's AV-Sim audio graph from it. */
  readonly dir?: string;
  /** One vector per window (each `windowSamples` long, 16 kHz mono). */
  embedAudio(waves: Float32Array[]): Promise<Float32Array[]>;
  /** The AV-Sim video embedding of [start, end) of a video; absent where this embedder cannot see video. */
  embedVideoSpan?(file: string, start: number, end: number): Promise<Float32Array>;
  dispose?(): Promise<void>;
}

/**
 * A bundle's embedder whose every ONNX run is an inference task on `runner` (`embedAudio` for clip windows,
 * `embedSpan` for a span's AV-Sim video vector): the engine's library on its inference worker, an import worker
 * thread on an in-process runner. Only the manifest is read here. Null when the bundle has no AV-Sim audio graph.
 */
export function taskEmbedder(runner: InferenceRunner, target: Target): Embedder | null {
  const dir = target.bundleDir;
  const bundle = makeBundle(dir, readManifest(dir));
  if (!bundle.has('avsimAudio')) return null;
  const rate = bundle.manifest.audio.sampleRate;
  // Analysis windows are 16 kHz; a bundle at another rate gets them resampled here (both shipped bundles are 16 kHz).
  const toBundleRate = (waves: Float32Array[]): Float32Array[] => (rate === ANALYSIS_RATE ? waves : waves.map((w) => resampleMono(w, ANALYSIS_RATE, rate)));
  return {
    bundleId: bundle.id,
    windowSamples: Math.round((bundle.clipSamples * ANALYSIS_RATE) / rate),
    dir,
    embedAudio: async (waves) => (await runner.run(target, { kind: 'embedAudio', waves: toBundleRate(waves) })).vectors,
    embedVideoSpan: bundle.has('avsimVideo')
      ? async (video, start, end) => {
          const r = await runner.run(target, { kind: 'embedSpan', video: path.resolve(video), start, end });
          if (!r.vector) throw new EngineError('unavailable', `bundle ${r.bundle} has no AV-Sim video graph: it cannot embed video`);
          return r.vector;
        }
      : undefined,
  };
}

/**
 * A bundle's embedder on this thread (tests, the bench, the retrieval eval): `taskEmbedder` on an in-process runner.
 * `threads` defaults to 1: import runs the decode on the JS thread and VAD on another, so one ORT thread keeps two
 * cores busy without oversubscribing them.
 */
export async function bundleAudioEmbedder(dir: string, opts: { threads?: number } = {}): Promise<Embedder | null> {
  return taskEmbedder(inProcessRunner(), { bundleDir: dir, threads: opts.threads ?? 1 });
}
