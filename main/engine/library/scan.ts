import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { fileKind } from '../core/regular-file';

/** Extensions taken from folders (a file named explicitly is tried whatever its extension). */
export const AUDIO_EXTENSIONS = new Set(['.wav', '.wave', '.bwf', '.aif', '.aiff', '.aifc', '.flac', '.ogg', '.oga', '.opus', '.mp3', '.m4a', '.aac', '.caf', '.w64', '.wma', '.mka']);

export interface ScanResult {
  files: string[];
  /** Paths given that do not exist or cannot be read. */
  errors: { path: string; error: string }[];
}

/**
 * Expands files and folders (recursively) into absolute audio file paths, sorted, without duplicates. Hidden
 * entries are skipped, and symlinked folders are not followed (no cycles); symlinked files are taken. A named pipe,
 * device or socket with an audio name is reported, never read (reading a FIFO would wait for a writer forever).
 */
export async function scanPaths(paths: readonly string[], signal?: AbortSignal): Promise<ScanResult> {
  const files = new Set<string>();
  const errors: ScanResult['errors'] = [];
  const walk = async (dir: string): Promise<void> => {
    if (signal?.aborted) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      errors.push({ path: dir, error: `${dir}: cannot read folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (!AUDIO_EXTENSIONS.has(path.extname(e.name).toLowerCase())) continue;
      else if (e.isFile()) files.add(full);
      else take(full, await fs.stat(full).catch(() => null)); // a symlink (followed), or a pipe, device, socket
    }
  };
  const take = (file: string, st: Stats | null): void => {
    if (st && !st.isFile()) errors.push({ path: file, error: `${file}: is ${fileKind(st)}, not an audio file; skipped` });
    else files.add(file); // a dangling symlink is taken: preparing it reports it, named
  };
  for (const p of paths) {
    const abs = path.resolve(p);
    try {
      const st = await fs.stat(abs);
      if (st.isDirectory()) await walk(abs);
      else take(abs, st);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      errors.push({ path: abs, error: code === 'ENOENT' ? `${abs}: no such file or folder` : `${abs}: cannot read (${code ?? (err as Error).message})` });
    }
  }
  return { files: [...files], errors };
}
