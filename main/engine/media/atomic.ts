import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { sweepStaleTemps } from '../core/stale-temps';

/** Temp name next to the target (same filesystem, so rename is atomic); hidden and recognisable if left behind. */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes via `write(tmp)` then renames over `file`; the temp file is removed on any failure. */
export async function atomicWrite(file: string, write: (tmp: string) => Promise<void>): Promise<void> {
  await sweepStaleTemps(path.dirname(file), path.basename(file)); // what a killed writer of this file left
  const tmp = tempPathFor(file);
  try {
    await write(tmp);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
