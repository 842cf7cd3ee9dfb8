import { existsSync } from 'node:fs';
import path from 'node:path';

/** `rel` (and, inside it, `marker`) in the nearest folder up from this file that has it: the repo or the package. */
export function findUp(rel: string, marker = '.'): string | null {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const cand = path.join(dir, rel);
    if (existsSync(path.join(cand, marker))) return cand;
    dir = path.dirname(dir);
  }
  return null;
}

/** The shipped evaluation set (`assets/eval/foleyworld`). */
export function defaultEvalDataDir(): string | null {
  return findUp(path.join('assets', 'eval', 'foleyworld'));
}
