import { promises as fs } from 'node:fs';
import { EngineError } from '../core/errors';
import { embeddingWindows, meanEmbedding } from './analyse';
import { decodeWavBuffer, decodeWithFfmpeg } from './decode';
import type { Embedder } from './embedder';
import { Limiter } from './analyse-file';
import { vectorBlob, type Store } from './store';

export interface BackfillProgress {
  total: number;
  done: number;
  failed: number;
}

/** Clips (present on disk) that have no embedding for this bundle yet. */
export function clipsWithout(store: Store, bundleId: string): { id: number; path: string }[] {
  return store.db
    .prepare<[string], { id: number; path: string }>(
      'SELECT id, path FROM clips c WHERE c.missing = 0 AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.clip_id = c.id AND e.bundle_id = ?) ORDER BY id',
    )
    .all(bundleId);
}

/**
 * Embeds, with a newly installed bundle, the clips imported before it existed (docs/DESIGN.md §5: recomputed in the
 * background). Decodes again (the analysis decode is not kept), one transaction per batch, cancel between batches.
 * A file that can no longer be read is skipped (the next verify marks it missing).
 */
export async function backfill(
  store: Store,
  embedder: Embedder,
  committed: (rows: { id: number; vector: Float32Array }[]) => void,
  opts: { signal?: AbortSignal; batchSize?: number; onProgress?: (p: BackfillProgress) => void } = {},
): Promise<BackfillProgress> {
  const todo = clipsWithout(store, embedder.bundleId);
  const p: BackfillProgress = { total: todo.length, done: 0, failed: 0 };
  const ffmpeg = new Limiter(2);
  const batch = opts.batchSize ?? 32;
  for (let i = 0; i < todo.length; i += batch) {
    if (opts.signal?.aborted) throw new EngineError('cancelled', `embedding with ${embedder.bundleId} cancelled`);
    const part = todo.slice(i, i + batch);
    const windows = await Promise.all(
      part.map(async (c) => {
        try {
          const buf = await fs.readFile(c.path);
          const audio = decodeWavBuffer(buf) ?? (await ffmpeg.run(() => decodeWithFfmpeg(c.path, opts.signal)));
          return embeddingWindows(audio.wave, embedder.windowSamples);
        } catch {
          return null;
        }
      }),
    );
    const flat = await embedder.embedAudio(windows.flatMap((w) => w ?? []));
    const rows: { id: number; vector: Float32Array }[] = [];
    let k = 0;
    part.forEach((c, j) => {
      const w = windows[j];
      if (!w) return void p.failed++;
      rows.push({ id: c.id, vector: meanEmbedding(flat.slice(k, k + w.length)) });
      k += w.length;
    });
    store.db.transaction(() => {
      for (const r of rows) store.putEmbedding.run(r.id, embedder.bundleId, r.vector.length, vectorBlob(r.vector));
    })();
    committed(rows);
    p.done += part.length;
    opts.onProgress?.({ ...p });
  }
  return p;
}
