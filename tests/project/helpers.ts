import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tmpDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `a2s-${prefix}-`));
}

/** A 1 s, 64×36, 25 fps H.264 video with a 440 Hz tone and a 01:00:00:00 start timecode. */
export function makeVideo(file: string, opts: { seconds?: number; timecode?: string; audio?: boolean } = {}): string {
  const secs = String(opts.seconds ?? 1);
  const args = ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=64x36:rate=25:duration=${secs}`];
  if (opts.audio !== false) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${secs}`);
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  if (opts.audio !== false) args.push('-c:a', 'aac', '-b:a', '64k');
  if (opts.timecode) args.push('-timecode', opts.timecode);
  args.push(file);
  execFileSync('ffmpeg', args);
  return file;
}

/** A mono 16-bit WAV of a sine (via sox), for media references. */
export function makeWav(file: string, seconds = 0.2, freq = 440, rate = 48000): string {
  execFileSync('sox', ['-n', '-r', String(rate), '-c', '1', '-b', '16', file, 'synth', String(seconds), 'sine', String(freq), 'vol', '0.5']);
  return file;
}
