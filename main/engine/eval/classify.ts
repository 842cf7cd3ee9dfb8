/**
 * The bundle's action classifier (`classifier.onnx`, an evaluation graph: `wave` [B, clipSamples] at the model rate →
 * `logits` [B, classes], `embedding` [B, D]). The Foley World eval scores one window per clip (classAcc, FAD); the
 * real-footage eval classifies whole takes, which are longer than a window (`classifyTake`).
 */
import path from 'node:path';
import { EngineError } from '../core/errors';
import type { Runtime } from '../inference';

export interface Classified {
  classes: number[];
  embeddings: Float32Array[];
  /** Softmax over the classes, per wave. */
  probs: Float32Array[];
}

function softmax(row: Float32Array): Float32Array {
  const top = Math.max(...row);
  const e = row.map((x) => Math.exp(x - top));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}

/** One window per wave (the first clipSamples; a shorter wave is zero-padded), in one batch. */
export async function classify(rt: Runtime, waves: Float32Array[]): Promise<Classified> {
  const spec = (rt.bundle.manifest.graphs as Record<string, { file: string } | undefined>).classifier;
  if (!spec) throw new EngineError('unavailable', `bundle ${rt.bundle.id} ships no classifier graph: classAcc, FAD and condition-class agreement need it`);
  // an evaluation graph outside the engine's GraphKey set; an adapter's bundle.dir is its base's folder, which holds it
  const session = await rt.backend.open(path.join(rt.bundle.dir, spec.file));
  const n = rt.bundle.clipSamples;
  const data = new Float32Array(waves.length * n);
  waves.forEach((w, i) => data.set(w.subarray(0, n), i * n));
  const out = await session.run({ wave: { data, dims: [waves.length, n] } });
  const logits = out.logits!.data;
  const emb = out.embedding!.data;
  const k = logits.length / waves.length;
  const d = emb.length / waves.length;
  const rows = waves.map((_, i) => logits.subarray(i * k, (i + 1) * k));
  return {
    classes: rows.map((r) => argmax(r)),
    embeddings: waves.map((_, i) => emb.slice(i * d, (i + 1) * d)),
    probs: rows.map(softmax),
  };
}

/**
 * A take longer than the classifier's window (a whole real clip): its consecutive windows of clipSamples (the
 * remainder shorter than half a window dropped; a take shorter than one window is one padded window), classified in
 * one batch; the take's class is the argmax of the windows' mean softmax, so every window votes with its confidence.
 * `wave` is at the model rate.
 */
export async function classifyTake(rt: Runtime, wave: Float32Array): Promise<{ classId: number; probs: Float32Array; windows: number[] }> {
  const n = rt.bundle.clipSamples;
  const count = Math.max(1, Math.floor(wave.length / n) + (wave.length % n >= n / 2 ? 1 : 0));
  const windows = Array.from({ length: count }, (_, i) => wave.subarray(i * n, Math.min(wave.length, (i + 1) * n)));
  const c = await classify(rt, windows);
  const probs = new Float32Array(c.probs[0]!.length);
  for (const p of c.probs) p.forEach((x, j) => (probs[j]! += x / count));
  return { classId: argmax(probs), probs, windows: c.classes };
}
