import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';

/** A real named pipe (mkfifo(1)). */
export function mkfifo(file: string): string {
  execFileSync('mkfifo', [file]);
  return file;
}

/**
 * Wakes anything blocked opening `fifo` for reading: an O_RDWR open never blocks on Linux and counts as a writer.
 * Only for cleanup after a failing (pre-fix) run, so a stuck libuv thread does not hang the test process.
 */
export function unblock(fifo: string): void {
  try {
    closeSync(openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK));
  } catch {
    /* gone already */
  }
}
