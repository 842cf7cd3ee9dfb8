import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EngineError } from '../core/errors';
import type { ClipMeta } from './ingest';

/** `assets/library/index.json`: the shipped starter set, one entry per clip with its licence and author. */
export const StarterIndex = z.object({
  format: z.literal('a2s-starter/1'),
  version: z.number().int().positive(),
  clips: z.array(
    z.object({
      file: z.string().min(1),
      class: z.string().min(1),
      tags: z.array(z.string()),
      licence: z.string().min(1),
      author: z.string().min(1),
      source: z.string().min(1),
      description: z.string(),
    }),
  ),
});
export type StarterIndex = z.infer<typeof StarterIndex>;

/** `assets/library` of the repository or packaged app, found by walking up from this file (env A2S_STARTER_DIR). */
export function starterDir(): string | null {
  const env = process.env.A2S_STARTER_DIR;
  if (env) return existsSync(path.join(env, 'index.json')) ? path.resolve(env) : null;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const cand = path.join(dir, 'assets', 'library');
    if (existsSync(path.join(cand, 'index.json'))) return cand;
    dir = path.dirname(dir);
  }
  return null;
}

export function readStarter(dir: string): { index: StarterIndex; files: string[]; meta: (file: string) => ClipMeta | undefined } {
  const file = path.join(dir, 'index.json');
  let index: StarterIndex;
  try {
    index = StarterIndex.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (err) {
    throw new EngineError('bad-input', `${file}: not a valid starter library index (${(err as Error).message.slice(0, 200)})`, { file });
  }
  const byPath = new Map(index.clips.map((c) => [path.join(dir, c.file), c]));
  return {
    index,
    files: [...byPath.keys()],
    meta: (f) => {
      const c = byPath.get(f);
      return c && { source: `starter: ${c.source}`, licence: c.licence, author: c.author, description: c.description, tags: ['starter', c.class, ...c.tags] };
    },
  };
}
