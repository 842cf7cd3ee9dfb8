/**
 * AV-Sim embeddings for the clip library (docs/DESIGN.md §5): audio windows and video spans → L2-normalised vectors in the
 * same space, keyed by the bundle id.
 */
import { EngineError } from '../core/errors';
import { probe } from '../media';
import type { Bundle } from './bundle/load';
import { spanFrames } from './frames';
import { openRuntime, type Runtime } from './runtime';
import { planWindows } from './windows';

const CHUNK = 16;

async function runtimeFor(bundle: Bundle | string): Promise<Runtime> {
  return openRuntime(typeof bundle === 'string' ? bundle : bundle.dir);
}

function rowsOf(data: Float32Array, rows: number): Float32Array[] {
  const dim = data.length / rows;
  return Array.from({ length: rows }, (_, r) => data.slice(r * dim, (r + 1) * dim));
}

function l2normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  return v.map((x) => x / n);
}

/** avsimAudio: waves at the bundle rate, each clipSamples long (shorter ones are zero-padded, longer cut). */
export async function embedAudio(bundle: Bundle | string, waves: Float32Array[]): Promise<Float32Array[]> {
  const rt = await runtimeFor(bundle);
  if (!rt.bundle.has('avsimAudio')) throw new EngineError('unavailable', `bundle ${rt.bundle.id} has no avsimAudio graph: it cannot embed audio`);
  const n = rt.bundle.clipSamples;
  const out: Float32Array[] = [];
  for (let i = 0; i < waves.length; i += CHUNK) {
    const part = waves.slice(i, i + CHUNK);
    const data = new Float32Array(part.length * n);
    part.forEach((w, r) => data.set(w.subarray(0, n), r * n));
    const res = await rt.run('avsimAudio', { wave: { data, dims: [part.length, n] } });
    const emb = res.embedding;
    if (!emb) throw new EngineError('bad-input', `${rt.bundle.graphPath('avsimAudio')}: no "embedding" output`);
    out.push(...rowsOf(emb.data, part.length));
  }
  return out;
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
