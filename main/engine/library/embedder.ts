import path from 'node:path';
import { EngineError } from '../core/errors';
import { sha256File } from '../core/file-hash';
import { Backend, embedVideoSpan, makeBundle, readManifest } from '../inference';
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
  /** The bundle folder, where the embedder is `bundleAudioEmbedder(dir)`: import worker threads open their own. */
  readonly dir?: string;
  /** One vector per window (each `windowSamples` long, 16 kHz mono). */
  embedAudio(waves: Float32Array[]): Promise<Float32Array[]>;
  /** The AV-Sim video embedding of [start, end) of a video; absent where this embedder cannot see video. */
  embedVideoSpan?(file: string, start: number, end: number): Promise<Float32Array>;
  dispose?(): Promise<void>;
}

/** Windows per ORT call: large enough to amortise the call, small enough to keep memory flat. */
const CHUNK = 16;

/**
 * An audio embedder over a bundle folder's `avsimAudio` graph (through the inference backend, which owns ORT).
 * Returns null when the bundle has no AV-Sim audio graph. `threads` defaults to 1: import runs the decode on the JS
 * thread and VAD on another, so one ORT thread keeps two cores busy without oversubscribing them.
 */
export async function bundleAudioEmbedder(dir: string, opts: { threads?: number; backend?: Backend } = {}): Promise<Embedder | null> {
  const manifest = readManifest(dir);
  const bundle = makeBundle(dir, manifest);
  if (!bundle.has('avsimAudio')) return null;
  // Only this graph is opened (not the whole bundle): import needs nothing else. Its hash is still checked.
  const file = bundle.graphPath('avsimAudio');
  const want = manifest.sha256[path.basename(file)];
  if (want && (await sha256File(file)) !== want) throw new EngineError('bad-input', `${file}: sha256 mismatch with the bundle manifest (corrupt or replaced)`, { file });
  const backend = opts.backend ?? new Backend({ threads: opts.threads ?? 1 });
  const session = await backend.open(file);
  const rate = manifest.audio.sampleRate;
  const samples = bundle.clipSamples;
  const windowSamples = Math.round((samples * ANALYSIS_RATE) / rate);
  return {
    bundleId: bundle.id,
    windowSamples,
    dir,
    async embedAudio(waves) {
      const out: Float32Array[] = [];
      for (let i = 0; i < waves.length; i += CHUNK) {
        const part = waves.slice(i, i + CHUNK);
        const data = new Float32Array(part.length * samples);
        part.forEach((w, b) => data.set((rate === ANALYSIS_RATE ? w : resampleMono(w, ANALYSIS_RATE, rate)).subarray(0, samples), b * samples));
        const res = await session.run({ wave: { data, dims: [part.length, samples] } });
        const emb = res.embedding ?? Object.values(res)[0]!;
        const dim = emb.dims[emb.dims.length - 1]!;
        for (let b = 0; b < part.length; b++) out.push(emb.data.slice(b * dim, (b + 1) * dim));
      }
      return out;
    },
    // Video goes through the inference engine (frame sampling per models/SPEC.md lives there).
    embedVideoSpan: bundle.has('avsimVideo') ? (video, start, end) => embedVideoSpan(dir, video, start, end) : undefined,
    dispose: opts.backend ? undefined : () => backend.dispose(),
  };
}
