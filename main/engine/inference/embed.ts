/**
 * AV-Sim embeddings (docs/DESIGN.md §5): audio windows and video spans → vectors in one space, keyed by the bundle id.
 * `embedAudioRows` is the one AV-Sim audio embedding: the generation runtime (`embedAudio`), the clip library's
 * import embedder (`openAudioEmbedder`: that graph alone, on a backend of its own) and the bundle pool's stored
 * vectors (pool-embed.ts, run by models/scripts/pool_embed.mjs) all go through it.
 */
import path from 'node:path';
import { EngineError } from '../core/errors';
import { sha256File } from '../core/file-hash';
import { probe } from '../media';
import { Backend, type Feed } from './backend';
import { makeBundle, openGraph, readManifest, type Bundle } from './bundle/load';
import { spanFrames } from './frames';
import { openRuntime, type Runtime } from './runtime';
import { planWindows } from './windows';

/** Rows per ORT call: large enough to amortise the call, small enough to keep memory flat. */
const CHUNK = 16;

type RunGraph = (feeds: Record<string, Feed>) => Promise<Record<string, Feed>>;

async function runtimeFor(bundle: Bundle | string): Promise<Runtime> {
  return openRuntime(typeof bundle === 'string' ? bundle : bundle.dir);
}

function rowsOf(data: Float32Array, rows: number): Float32Array[] {
  const dim = data.length / rows;
  return Array.from({ length: rows }, (_, r) => data.slice(r * dim, (r + 1) * dim));
}

export function l2normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  return v.map((x) => x / n);
}

/**
 * avsimAudio over waves at the bundle rate, CHUNK rows per run; each wave is cut to `clipSamples` or zero-padded.
 * One vector per wave (the graph's `embedding` output). `prepare` (a resampler) runs a chunk at a time, so a long
 * list never exists twice in memory.
 */
export async function embedAudioRows(run: RunGraph, waves: readonly Float32Array[], clipSamples: number, file: string, prepare?: (w: Float32Array) => Float32Array): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < waves.length; i += CHUNK) {
    const part = prepare ? waves.slice(i, i + CHUNK).map(prepare) : waves.slice(i, i + CHUNK);
    const data = new Float32Array(part.length * clipSamples);
    part.forEach((w, r) => data.set(w.subarray(0, clipSamples), r * clipSamples));
    const emb = (await run({ wave: { data, dims: [part.length, clipSamples] } })).embedding;
    if (!emb) throw new EngineError('bad-input', `${file}: no "embedding" output`, { file });
    out.push(...rowsOf(emb.data, part.length));
  }
  return out;
}

/** avsimAudio through the bundle's generation runtime: waves at the bundle rate, each clipSamples long. */
export async function embedAudio(bundle: Bundle | string, waves: readonly Float32Array[]): Promise<Float32Array[]> {
  return embedAudioWith(await runtimeFor(bundle), waves);
}

/** avsimAudio on the generation runtime (eval scores conditions with it; the worker's `embedAudio` task opens that graph alone). */
async function embedAudioWith(rt: Runtime, waves: readonly Float32Array[]): Promise<Float32Array[]> {
  if (!rt.bundle.has('avsimAudio')) throw new EngineError('unavailable', `bundle ${rt.bundle.id} has no avsimAudio graph: it cannot embed audio`);
  return embedAudioRows((feeds) => rt.run('avsimAudio', feeds), waves, rt.bundle.clipSamples, rt.bundle.graphPath('avsimAudio'));
}

/** A bundle's AV-Sim audio graph on its own (no generation graphs): what a clip import needs. */
export interface AudioEmbedder {
  readonly bundle: Bundle;
  /** One vector per wave; waves at the bundle rate (`bundle.manifest.audio.sampleRate`) or made so by `prepare`. */
  embed(waves: readonly Float32Array[], prepare?: (w: Float32Array) => Float32Array): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

/**
 * Opens only `avsimAudio` of the bundle in `dir` (its sha256 checked against the manifest, its I/O against the
 * manifest on open), on `backend` or on a backend of its own with `threads` (default 1). Null when the bundle has
 * no AV-Sim audio graph.
 */
export async function openAudioEmbedder(dir: string, opts: { threads?: number; backend?: Backend } = {}): Promise<AudioEmbedder | null> {
  const bundle = makeBundle(dir, readManifest(dir));
  if (!bundle.has('avsimAudio')) return null;
  const file = bundle.graphPath('avsimAudio');
  const want = bundle.manifest.sha256[path.basename(file)];
  if (want && (await sha256File(file)) !== want) throw new EngineError('bad-input', `${file}: sha256 mismatch with the bundle manifest (corrupt or replaced)`, { file });
  const backend = opts.backend ?? new Backend({ threads: opts.threads ?? 1 });
  const session = await openGraph(bundle, backend, 'avsimAudio');
  return {
    bundle,
    embed: (waves, prepare) => embedAudioRows((feeds) => session.run(feeds), waves, bundle.clipSamples, file, prepare),
    dispose: opts.backend ? async () => undefined : () => backend.dispose(),
  };
}

/** avsimVideo over [start, end): one embedding per window (as generation windows), averaged and re-normalised. */
export async function embedVideoSpan(bundle: Bundle | string, file: string, start: number, end: number, signal?: AbortSignal): Promise<Float32Array> {
  const rt = await runtimeFor(bundle);
  if (!rt.bundle.has('avsimVideo')) throw new EngineError('unavailable', `bundle ${rt.bundle.id} has no avsimVideo graph: it cannot embed video`);
  const info = await probe(file, { signal });
  if (!info.video) throw new EngineError('bad-input', `${file}: has no video stream (audio only?) — choose a video file`, { file });
  const plan = planWindows(start, end, rt.bundle.manifest.audio.clipSeconds, info.duration);
  const frames = await spanFrames(rt.bundle, file, plan.starts, signal);
  const v = rt.bundle.manifest.video;
  let acc = new Float32Array(0);
  for (let i = 0; i < frames.length; i += CHUNK) {
    const part = frames.slice(i, i + CHUNK);
    const data = new Float32Array(part.reduce((a, f) => a + f.length, 0));
    part.forEach((f, r) => data.set(f, r * f.length));
    const res = await rt.run('avsimVideo', { frames: { data, dims: [part.length, v.frames, 3, v.height, v.width] } });
    const emb = res.embedding;
    if (!emb) throw new EngineError('bad-input', `${rt.bundle.graphPath('avsimVideo')}: no "embedding" output`);
    for (const row of rowsOf(emb.data, part.length)) {
      if (acc.length === 0) acc = new Float32Array(row.length);
      for (let k = 0; k < row.length; k++) acc[k] += row[k];
    }
  }
  return l2normalise(acc);
}
