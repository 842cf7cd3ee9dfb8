import path from 'node:path';
import { EngineError } from '../core/errors';
import { embedVideoSpan, makeBundle, openAudioEmbedder, readManifest, type Backend, type InferenceRunner, type Target } from '../inference';
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
 * The library's view of a bundle's AV-Sim audio graph (inference's `openAudioEmbedder`, which owns the session):
 * 16 kHz analysis windows resampled to the bundle rate. Null when the bundle has no AV-Sim audio graph. `threads`
 * defaults to 1: import runs the decode on the JS thread and VAD on another, so one ORT thread keeps two cores busy
 * without oversubscribing them.
 */
export async function bundleAudioEmbedder(dir: string, opts: { threads?: number; backend?: Backend } = {}): Promise<Embedder | null> {
  const audio = await openAudioEmbedder(dir, { threads: opts.threads ?? 1, backend: opts.backend });
  if (!audio) return null;
  const { bundle } = audio;
  const rate = bundle.manifest.audio.sampleRate;
  return {
    bundleId: bundle.id,
    windowSamples: Math.round((bundle.clipSamples * ANALYSIS_RATE) / rate),
    dir,
    embedAudio: (waves) => audio.embed(waves, rate === ANALYSIS_RATE ? undefined : (w) => resampleMono(w, ANALYSIS_RATE, rate)),
    // Video goes through the inference engine (frame sampling per models/SPEC.md lives there).
    embedVideoSpan: bundle.has('avsimVideo') ? (video, start, end) => embedVideoSpan(dir, video, start, end) : undefined,
    dispose: opts.backend ? undefined : () => audio.dispose(),
  };
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
