import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../core/errors';
import { fileKind } from '../core/regular-file';
import { sweepStaleTemps } from '../core/stale-temps';

const WRITE_FAILURES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is larger than this system allows',
  EROFS: 'the disk is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** A disk-level write failure as a typed error naming the file (issue 11 fault tests); anything else unchanged. */
export function writeFailure(file: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code ?? '';
  const why = WRITE_FAILURES[code];
  return why ? new EngineError('bad-input', `cannot write "${file}": ${why} (${code}); free some space or choose another folder, then try again`, { file, errno: code }) : err;
}

/**
 * `mkdir -p` that says why it failed. Node's recursive mkdir reports ENOENT when the real cause is a read-only or
 * forbidden parent, and never returns under /proc; so: find the nearest existing ancestor, then create each missing
 * folder in turn, mapping the first failure to a message naming the folder.
 */
export async function makeFolder(dir: string): Promise<void> {
  const abs = path.resolve(dir);
  const missing: string[] = [];
  for (let p = abs; ; p = path.dirname(p)) {
    const st = await fs.stat(p).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null; // missing, or under a file: look further up
      throw cannotCreate(abs, err);
    });
    if (st?.isDirectory()) break;
    if (st) throw new EngineError('bad-input', `cannot create folder "${abs}": "${p}" is ${fileKind(st)}, not a folder`, { file: abs });
    missing.unshift(p);
    if (path.dirname(p) === p) break;
  }
  for (const m of missing) {
    await fs.mkdir(m).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw cannotCreate(abs, err);
    });
  }
}

function cannotCreate(dir: string, err: NodeJS.ErrnoException): unknown {
  const mapped = writeFailure(dir, err);
  if (mapped !== err) return mapped;
  // e.g. ENOENT from a mkdir under /proc or /sys: the file system itself does not take new folders.
  return new EngineError('bad-input', `cannot create folder "${dir}" (${err.code ?? err.message}): this place does not take new folders; choose another one`, { file: dir, errno: err.code });
}

/** A temp name next to `file` (same folder, so the rename stays on one file system and is atomic). */
export function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** fsync a folder so a rename inside it survives a power cut (POSIX); a no-op where folders cannot be opened. */
async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    /* Windows cannot fsync a directory; the rename is still atomic there */
  } finally {
    await handle?.close();
  }
}

/**
 * Write `data` to `file` so that a reader (or a crash, kill -9, power cut) sees either the old file or the new
 * one, never a half-written one: write a temp file in the same folder, fsync it, rename it over, fsync the folder.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await sweepStaleTemps(path.dirname(file), path.basename(file));
  const tmp = tempNameFor(file);
  const handle = await fs.open(tmp, 'w').catch((err: unknown) => {
    throw writeFailure(file, err);
  });
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw writeFailure(file, err);
  }
  await handle.close();
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw writeFailure(file, err);
  }
  await syncDir(path.dirname(file));
}

/**
 * Commit a file that was written elsewhere (e.g. by ffmpeg) to `tmp`: fsync, then rename over `file`.
 * Used for outputs too large to hold in memory.
 */
export async function commitTemp(tmp: string, file: string): Promise<void> {
  try {
    const handle = await fs.open(tmp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (err) {
    throw writeFailure(file, err);
  }
  await syncDir(path.dirname(file));
}
