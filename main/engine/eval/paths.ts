import { existsSync } from 'node:fs';
import path from 'node:path';

/** The shipped evaluation set (`assets/eval/foleyworld`), found by walking up from this file (repo or package). */
export function defaultEvalDataDir(): string | null {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const cand = path.join(dir, 'assets', 'eval', 'foleyworld');
    if (existsSync(cand)) return cand;
    dir = path.dirname(dir);
  }
  return null;
}
