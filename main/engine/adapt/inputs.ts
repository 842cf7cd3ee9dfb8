/**
 * What `a2s adapt` was given → the video files to look at: files as given (any extension: the user named them),
 * folders contribute their video files by extension (not their subfolders), sorted, each path once.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../core/errors';

const VIDEO_EXTENSIONS = new Set(['.mp4', '.mov', '.m4v', '.mkv', '.avi', '.webm', '.mxf', '.mts', '.m2ts', '.mpg', '.mpeg', '.wmv', '.dv']);

export async function listInputs(inputs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const given of inputs) {
    const abs = path.resolve(given);
    const info = await stat(abs).catch(() => null);
    if (!info) throw new EngineError('not-found', `${abs}: no such file or folder`, { file: abs }, 'inputs');
    if (info.isDirectory()) {
      const names = (await readdir(abs)).filter((n) => VIDEO_EXTENSIONS.has(path.extname(n).toLowerCase())).sort();
      for (const n of names) {
        const file = path.join(abs, n);
        if ((await stat(file).catch(() => null))?.isFile()) out.push(file);
      }
    } else if (info.isFile()) out.push(abs);
    else throw new EngineError('bad-input', `${abs}: not a regular file or folder`, { file: abs }, 'inputs');
  }
  const unique = [...new Set(out)];
  if (unique.length === 0) {
    throw new EngineError('bad-input', `no video files in ${inputs.join(', ')} (looked for ${[...VIDEO_EXTENSIONS].join(' ')}): give the shots whose production sound has the hits`, { inputs: [...inputs] }, 'inputs');
  }
  return unique;
}
