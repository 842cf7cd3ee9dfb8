import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, constants, existsSync, openSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface FfmpegGate {
  /** Environment for `a2s serve`: the engine runs ffmpeg through the gate's wrapper. */
  env: { A2S_FFMPEG: string };
  /** From now on every frame decode waits (the real ffmpeg has not started yet) until `open`. */
  close(): void;
  /** Lets every waiting decode (and every later one) run; safe to call when already open. */
  open(): void;
}

/**
 * Holds the engine's frame decodes while closed, so a test can act on a generation that is certainly still running
 * (or still waiting in line behind one) however fast or loaded the machine is: no race against the job's speed.
 * A frame decode is an ffmpeg run whose filter graph has `showinfo` (main/engine/media/frames.ts); everything else
 * (probes, peaks, thumbnails, audio) runs straight through. The real ffmpeg runs once the gate opens, and a cancel
 * kills the waiting wrapper as it would kill ffmpeg (media/proc.ts). The gate is a named pipe: a decode waits in
 * `open()` of it until a writer appears, and reads end-of-file when the last writer closes.
 */
export function ffmpegGate(dir: string): FfmpegGate {
  const fifo = path.join(dir, 'ffmpeg-gate.fifo');
  const wrapper = path.join(dir, 'ffmpeg-gated');
  const ffmpeg = execFileSync('sh', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).trim();
  writeFileSync(wrapper, [
    '#!/bin/sh',
    `case "$*" in *showinfo*) if [ -p '${fifo}' ]; then { read -r _ < '${fifo}'; } 2>/dev/null || true; fi ;; esac`,
    `exec '${ffmpeg}' "$@"`,
    '',
  ].join('\n'));
  chmodSync(wrapper, 0o755);
  return {
    env: { A2S_FFMPEG: wrapper },
    close: () => execFileSync('mkfifo', [fifo]),
    open: () => {
      if (!existsSync(fifo)) return;
      // Opening read-write never blocks and wakes every decode waiting to open the pipe; with the pipe unlinked no
      // later decode waits; closing the last writer gives the woken ones end-of-file, and they run ffmpeg.
      const fd = openSync(fifo, constants.O_RDWR);
      unlinkSync(fifo);
      closeSync(fd);
    },
  };
}
