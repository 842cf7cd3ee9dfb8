import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The Electron binary path when one was downloaded (never on this project's CI machines), else null. */
export function electronBinaryPath(root = process.cwd()): string | null {
  const txt = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(txt)) return null;
  const bin = path.join(root, 'node_modules', 'electron', 'dist', readFileSync(txt, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}
