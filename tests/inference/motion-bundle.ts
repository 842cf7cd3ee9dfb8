import { cpSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TINY_BUNDLE } from './fixtures';
import { tempDir } from './media';

/**
 * The tiny bundle plus an untrained motion timing graph (models/fixtures/motion-random, built once by its make.py
 * with the real exporter): a bundle with `graphs.motionTiming` for the engine tests, no Python at test time.
 */
export const MOTION_RANDOM = 'models/fixtures/motion-random';

interface Fragment {
  motion: Record<string, unknown>;
  graphs: Record<string, unknown>;
  sha256: Record<string, string>;
  bytes: Record<string, number>;
}

type Json = Record<string, unknown>;

/** A temp copy of the tiny bundle with the motion graph added; `edit` may change the manifest before it is written. */
export function motionBundle(edit?: (manifest: Json) => void): string {
  const dir = path.join(tempDir('a2s-motion-'), 'tiny-motion');
  cpSync(TINY_BUNDLE, dir, { recursive: true });
  const frag = JSON.parse(readFileSync(path.join(MOTION_RANDOM, 'manifest-fragment.json'), 'utf8')) as Fragment;
  for (const file of Object.keys(frag.sha256)) copyFileSync(path.join(MOTION_RANDOM, file), path.join(dir, file));
  const file = path.join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(file, 'utf8')) as Json & { graphs: Json; sha256: Json; bytes?: Json };
  m.id = 'tiny-motion';
  m.motion = frag.motion;
  Object.assign(m.graphs, frag.graphs);
  Object.assign(m.sha256, frag.sha256);
  m.bytes = { ...(m.bytes ?? {}), ...frag.bytes };
  edit?.(m);
  writeFileSync(file, JSON.stringify(m, null, 2));
  return dir;
}
