/**
 * What conditioned a generation, said by kind (a library clip by id, a clip shipped in the bundle, a plain file) and
 * in plain words. The handler adds it to the result (the editor stores it on each take, so a reopened project finds
 * the clip again) and to each take's sidecar JSON.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { conditionModeFor } from '../../contract/condition-mode';
import { conditionWords } from '../../contract/condition-words';
import type { GenerateResult } from '../../contract/domains/inference';
import type { Condition, ConditionSource } from '../../contract/domains/project-doc';
import { writeFileAtomic } from '../project';

const Sidecar = z.record(z.string(), z.unknown());

/** The library clip the engine retrieved for the span (what `condition.clip` names by id). */
export interface RetrievedClip {
  id: number;
  path: string;
  name: string;
  sha256: string;
}

/** The result's condition as a typed source; null when nothing conditioned the takes (mode none, silent fallback). */
export function conditionSourceOf(c: GenerateResult['condition'], retrieved: RetrievedClip | null, bundle: { id: string; dir: string }): ConditionSource | null {
  if (c.mode === 'none') return null;
  if (retrieved && (c.mode === 'auto' || c.mode === 'low') && c.clip === String(retrieved.id)) {
    return { kind: 'library', clipId: retrieved.id, path: retrieved.path, sha256: retrieved.sha256, name: retrieved.name };
  }
  const file = c.path ?? c.clip;
  if (file === null || file === undefined || !path.isAbsolute(file)) return null;
  const inBundle = path.relative(bundle.dir, file);
  if (!inBundle.startsWith('..') && !path.isAbsolute(inBundle)) return { kind: 'bundle', bundleId: bundle.id, file: inBundle.split(path.sep).join('/') };
  return { kind: 'file', path: file };
}

/** Adds `conditionedBy` (words, mode, source, score) to each take's sidecar; a sidecar that cannot be read is left. */
export async function recordInSidecars(result: GenerateResult, source: ConditionSource | null): Promise<void> {
  const c = result.condition;
  const cond: Condition = { mode: conditionModeFor(c.mode), source, ...(c.score !== null ? { score: c.score } : {}) };
  const conditionedBy = { words: conditionWords(cond), mode: cond.mode, source, score: c.score };
  for (const t of result.takes) {
    let meta: z.infer<typeof Sidecar>;
    try {
      meta = Sidecar.parse(JSON.parse(readFileSync(t.metadata, 'utf8')));
    } catch {
      continue; // the take itself is fine; its sidecar is a description, not needed to play it
    }
    await writeFileAtomic(t.metadata, `${JSON.stringify({ ...meta, conditionedBy }, null, 2)}\n`);
  }
}
