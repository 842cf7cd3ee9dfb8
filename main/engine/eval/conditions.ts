/**
 * The conditioning material the evaluation needs from a bundle: its retrieval pool (training-split clips,
 * `manifest.conditions.pool`) with AV-Sim audio embeddings, and its low-ambient clip (`conditions.low`).
 */
import path from 'node:path';
import { EngineError } from '../core/errors';
import { embedAudio, loadConditionWave, readPool, type Runtime } from '../inference';
import { bedLevelDb } from './levels';

export interface PoolClip {
  file: string;
  wave: Float32Array;
  embedding: Float32Array;
  bedDb: number;
}

export interface Conditions {
  pool: PoolClip[];
  low: { file: string; wave: Float32Array; bedDb: number };
}

export async function loadConditions(rt: Runtime): Promise<Conditions> {
  const b = rt.bundle;
  const low = b.manifest.conditions?.low;
  const entries = readPool(b); // the inference engine's reader: files checked, paths relative to the bundle
  if (!low || entries.length === 0) {
    throw new EngineError('unavailable', `bundle ${b.id} ships no conditions (manifest.conditions.pool/low): the RAG and clean-action rows need them — run models/a2s_models/export/pool.py`);
  }
  const waves: Float32Array[] = [];
  for (const e of entries) waves.push(await loadConditionWave(b, path.join(b.dir, e.file)));
  // Stored embeddings (models/scripts/pool_embed.mjs) are used as they are; a pool without them is embedded here.
  const stored = entries.every((e) => e.embedding?.length);
  const embeddings = stored ? entries.map((e) => Float32Array.from(e.embedding!)) : await embedAudio(b, waves);
  const rate = b.manifest.audio.sampleRate;
  const lowWave = await loadConditionWave(b, path.join(b.dir, low));
  return {
    pool: entries.map((e, i) => ({ file: e.file, wave: waves[i]!, embedding: embeddings[i]!, bedDb: bedLevelDb(waves[i]!, rate) })),
    low: { file: low, wave: lowWave, bedDb: bedLevelDb(lowWave, rate) },
  };
}

/** Index of the pool clip whose audio embedding is closest (cosine; embeddings are unit vectors) to `query`. */
export function nearest(pool: PoolClip[], query: Float32Array): { index: number; score: number } {
  let best = { index: 0, score: -Infinity };
  pool.forEach((p, i) => {
    let s = 0;
    for (let k = 0; k < query.length; k++) s += query[k]! * p.embedding[k]!;
    if (s > best.score) best = { index: i, score: s };
  });
  return best;
}
