/**
 * A bundle's own conditioning clips (manifest `conditions`): `low` (one low-ambient wav) and `pool` (a JSON list
 * [{file, embedding?, ambientDb}]). They stand in for the clip library when it has nothing for this bundle: `auto`
 * picks the pool clip closest to the span by AV-Sim, `low` the bundle's low clip, else the quietest pool clip.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../core/errors';
import type { Bundle } from './bundle/load';
import { Pool, type PoolEntry } from './bundle/manifest';

/** Checks the files `conditions` names (at bundle load, so a broken bundle fails early and names the file). */
export function checkConditions(bundle: Bundle): void {
  const c = bundle.manifest.conditions;
  if (!c) return;
  const manifest = path.join(bundle.dir, 'manifest.json');
  if (c.low && !existsSync(path.join(bundle.dir, c.low))) {
    throw new EngineError('not-found', `${path.join(bundle.dir, c.low)}: conditions.low names a missing file (${manifest})`, { file: manifest });
  }
  if (c.pool) readPool(bundle);
}

export function readPool(bundle: Bundle): PoolEntry[] {
  const rel = bundle.manifest.conditions?.pool;
  if (!rel) return [];
  const file = path.join(bundle.dir, rel);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new EngineError('bad-input', `${file}: conditions.pool is not readable JSON (${err instanceof Error ? err.message : String(err)})`, { file });
  }
  const parsed = Pool.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EngineError('bad-input', `${file}: invalid condition pool at [${issue.path.join('.')}]: ${issue.message}`, { file });
  }
  // Entry files are relative to the pool JSON's folder (as models/ exports them), else to the bundle folder.
  return parsed.data.map((e) => {
    const local = path.join(path.dirname(file), e.file);
    const resolved = existsSync(local) ? local : path.join(bundle.dir, e.file);
    if (!existsSync(resolved)) throw new EngineError('not-found', `${file}: pool clip ${e.file} is missing from the bundle`, { file });
    return { ...e, file: path.relative(bundle.dir, resolved) };
  });
}

export interface PoolPick {
  readonly entry: PoolEntry;
  readonly path: string;
  readonly score: number | null;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return d / (Math.sqrt(na * nb) || 1);
}

/** The pool clip most similar to `query` (entries with an embedding of the same size), or null. */
export function bestMatch(bundle: Bundle, pool: PoolEntry[], query: Float32Array): PoolPick | null {
  let best: PoolPick | null = null;
  for (const entry of pool) {
    if (!entry.embedding || entry.embedding.length !== query.length) continue;
    const score = Math.round(cosine(entry.embedding, query) * 10000) / 10000;
    if (!best || score > best.score!) best = { entry, path: path.join(bundle.dir, entry.file), score };
  }
  return best;
}

export function quietest(bundle: Bundle, pool: PoolEntry[]): PoolPick | null {
  const e = [...pool].sort((a, b) => a.ambientDb - b.ambientDb)[0];
  return e ? { entry: e, path: path.join(bundle.dir, e.file), score: null } : null;
}
