/**
 * A bundle's condition pool gets its stored AV-Sim audio vectors (`--ambient auto` ranks the pool by the span's
 * video embedding without embedding every clip per request). Built into dist/pool-embed.cjs and run by
 * models/scripts/pool_embed.mjs after `a2s_models.export.pool`: the vectors come from the engine's own embedding of
 * the engine's own condition wave, so they are the ones a generation would compute.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../core/errors';
import { writeFileAtomic } from '../project/atomic';
import { makeBundle, readManifest } from './bundle/load';
import { loadConditionWave } from './condition';
import { l2normalise, openAudioEmbedder } from './embed';
import { readPool } from './pool';

/** Embeds every pool clip of the bundle in `dir` and rewrites its pool JSON (other fields kept). */
export async function embedPool(dir: string): Promise<{ file: string; clips: number; dims: number }> {
  const bundle = makeBundle(dir, readManifest(dir));
  const rel = bundle.manifest.conditions?.pool;
  if (!rel) throw new EngineError('not-found', `${path.join(dir, 'manifest.json')}: no conditions.pool to embed — run a2s_models.export.pool first`);
  const file = path.join(bundle.dir, rel);
  const entries = readPool(bundle); // checked; files relative to the bundle folder
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>[];
  const embedder = await openAudioEmbedder(dir);
  if (!embedder) throw new EngineError('unavailable', `bundle ${bundle.id} has no avsimAudio graph: its pool cannot be embedded`);
  try {
    const waves: Float32Array[] = [];
    for (const e of entries) waves.push(await loadConditionWave(bundle, path.join(bundle.dir, e.file)));
    const vectors = await embedder.embed(waves);
    // Stored unit length at 1e-5 (cosine ranking; the JSON stays small).
    raw.forEach((entry, i) => (entry.embedding = Array.from(l2normalise(vectors[i]!), (v) => Math.round(v * 1e5) / 1e5)));
    await writeFileAtomic(file, JSON.stringify(raw));
    return { file, clips: raw.length, dims: vectors[0]?.length ?? 0 };
  } finally {
    await embedder.dispose();
  }
}
