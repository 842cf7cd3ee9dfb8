import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../core/errors';
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
