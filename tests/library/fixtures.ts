import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const TINY_BUNDLE = path.join(process.cwd(), 'models', 'bundles', 'tiny');

export function tempDir(prefix = 'a2s-lib-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Real audio from sox: `sox -n <out> synth ...` with the given format. */
export function sox(file: string, synth: string[], opts: { rate?: number; channels?: number; bits?: number } = {}): string {
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('sox', ['-n', '-r', String(opts.rate ?? 48000), '-c', String(opts.channels ?? 1), ...(opts.bits ? ['-b', String(opts.bits)] : []), file, 'synth', ...synth]);
  return file;
}

/** Any format ffmpeg writes (ogg, mp3, flac...) from a lavfi source. */
export function ffmpegAudio(file: string, lavfi: string, seconds: number): string {
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', lavfi, '-t', String(seconds), file]);
  return file;
}

/** A small video with a test pattern and an audio track (for retrieve-for-span). */
export function ffmpegVideo(file: string, seconds: number): string {
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=96x96:rate=25:duration=${seconds}`, '-f', 'lavfi', '-i', `anoisesrc=d=${seconds}:c=pink:a=0.1`, '-shortest', '-pix_fmt', 'yuv420p', file]);
  return file;
}
