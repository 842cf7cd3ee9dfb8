import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Small real media made with ffmpeg for the inference tests (seconds to make, kilobytes on disk). */
export function tempDir(prefix = 'a2s-inf-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'pipe' });
}

/** An mp4 (H.264 testsrc 25 fps + 440 Hz AAC tone). */
export function makeVideo(dir: string, seconds = 4, name = 'clip.mp4'): string {
  const file = path.join(dir, name);
  ffmpeg(['-f', 'lavfi', '-i', `testsrc=size=96x64:rate=25:duration=${seconds}`, '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file]);
  return file;
}

/** A wav (noise bed) usable as a condition clip. */
export function makeWav(dir: string, seconds = 1, name = 'bed.wav'): string {
  const file = path.join(dir, name);
  ffmpeg(['-f', 'lavfi', '-i', `anoisesrc=d=${seconds}:c=pink:a=0.1:r=16000`, file]);
  return file;
}

/** An audio-only m4a (a "video" without frames). */
export function makeAudioOnly(dir: string, seconds = 2, name = 'sound.m4a'): string {
  const file = path.join(dir, name);
  ffmpeg(['-f', 'lavfi', '-i', `sine=frequency=300:duration=${seconds}`, '-c:a', 'aac', file]);
  return file;
}
