import { promises as fs } from 'node:fs';
import path from 'node:path';

/** The temp names of project's `tempNameFor` and media's `tempPathFor`: `.NAME.PID.HEX.tmp`. */
const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Signal 0 tests for a process without touching it; EPERM means it exists but belongs to someone else. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temp files in `dir` that a process which no longer exists left behind (kill -9 or a power cut between
 * create and rename; export temps can be 100 MB each). A live PID's temps are kept: another a2s may be writing them,
 * and a PID reused since only delays the cleanup. With `forFile`, only that file's temps (cheap enough for every
 * save). Best effort: returns what it removed and never throws.
 */
export async function sweepStaleTemps(dir: string, forFile?: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch((): string[] => []);
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || (forFile !== undefined && m[1] !== forFile)) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || processAlive(pid)) continue;
    const file = path.join(dir, name);
    if (await fs.rm(file, { force: true }).then(() => true, () => false)) removed.push(file);
  }
  return removed;
}
