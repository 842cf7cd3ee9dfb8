import { constants, promises as fs, statSync, type Stats } from 'node:fs';

/**
 * Reading only regular files. Opening a named pipe (FIFO) for reading waits for a writer forever, and it waits in a
 * libuv pool thread: four such opens freeze every file operation of the process. A symlink to `/dev/zero` reads
 * forever, a folder fails with a bare EISDIR. So: stat first and refuse anything that is not a regular file, then
 * open non-blocking (a file swapped for a FIFO in between still cannot block) and check the descriptor again.
 */

/** What a non-regular file is, in words for an error message. */
export function fileKind(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** O_NONBLOCK changes nothing for a regular file's reads; for a FIFO it makes open return at once. */
export const READ_NONBLOCK = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Thrown by `openRegular` and `assertRegularSync`; callers turn it into their own error naming the file. */
export class NotRegularFile extends Error {
  constructor(
    readonly file: string,
    readonly kind: string,
  ) {
    super(`${file} is ${kind}, not a regular file`);
  }
}

/**
 * Opens `file` for reading if (after symlinks) it is a regular file; `extraFlags` e.g. O_NOFOLLOW. Throws
 * NotRegularFile for a FIFO, device, socket or folder, and the fs error (ENOENT, EACCES...) otherwise.
 */
export async function openRegular(file: string, extraFlags = 0): Promise<{ handle: fs.FileHandle; stat: Stats }> {
  const before = await fs.stat(file);
  if (!before.isFile()) throw new NotRegularFile(file, fileKind(before));
  const handle = await fs.open(file, READ_NONBLOCK | extraFlags);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new NotRegularFile(file, fileKind(stat));
    return { handle, stat };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** The synchronous check, for code that reads with readFileSync (bundle manifests). */
export function assertRegularSync(file: string): void {
  const st = statSync(file);
  if (!st.isFile()) throw new NotRegularFile(file, fileKind(st));
}
