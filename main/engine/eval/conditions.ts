/**
 * The conditioning material the evaluation needs from a bundle: its retrieval pool (training-split clips,
 * `manifest.conditions.pool`) with AV-Sim audio embeddings, and its low-ambient clip (`conditions.low`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EngineError } from '../core/errors';
import { embedAudio } from '../inference/embed';
import { loadConditionWave } from '../inference/condition';
import type { Runtime } from '../inference/runtime';
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

const PoolJson = z.array(z.looseObject({ file: z.string() }));

export async function loadConditions(rt: Runtime): Promise<Conditions> {
  const b = rt.bundle;
  const c = (b.manifest as { conditions?: { low?: string; pool?: string } }).conditions;
  if (!c?.pool || !c.low) {
    throw new EngineError('unavailable', `bundle ${b.id} ships no conditions (manifest.conditions.pool/low): the RAG and clean-action rows need them — run models/a2s_models/export/pool.py`);
  }
  const poolFile = path.join(b.dir, c.pool);
  const entries = PoolJson.parse(JSON.parse(fs.readFileSync(poolFile, 'utf8')));
  const base = path.dirname(poolFile);
  const waves: Float32Array[] = [];
  for (const e of entries) waves.push(await loadConditionWave(b, path.join(base, e.file)));
  const embeddings = await embedAudio(b, waves);
  const rate = b.manifest.audio.sampleRate;
  const lowFile = path.join(b.dir, c.low);
  const lowWave = await loadConditionWave(b, lowFile);
  return {
    pool: entries.map((e, i) => ({ file: e.file, wave: waves[i]!, embedding: embeddings[i]!, bedDb: bedLevelDb(waves[i]!, rate) })),
    low: { file: c.low, wave: lowWave, bedDb: bedLevelDb(lowWave, rate) },
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
