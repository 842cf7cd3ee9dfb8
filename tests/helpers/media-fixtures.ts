/**
 * Real test media made with ffmpeg (issue 3). Small and short on purpose: tests run on 2 shared cores.
 *
 * - `makeIndexedVideo(file, opts)`: solid-colour frames whose colour encodes the frame index (`frameColour(n)`),
 *   optionally with a click track muxed in; decode a frame and `frameIndexOf(rgb)` tells which frame it was.
 * - `makeClickAudio(file, opts)`: silence with single-sample clicks at known times (sample round(t·rate)).
 * - `makeHitsVideo(file, opts)`: a picture with a "production sound" track: percussive hits (decaying noise bursts) at
 *   known times over a quiet noise bed, like a shot's own recording (guide-track onsets, issue 15).
 * - `tempDir(prefix)`: a fresh folder under os.tmpdir() and its cleanup.
 * - `vfrFrameTime(n, fps, frames)`: the pts of frame n in a `vfr: true` video (normal rate for the first half of
 *   the frames, then half rate).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tempDir(prefix = 'a2s-media-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
}

/** 256 distinct colours, 32 levels apart per channel so codec error (a few levels) never flips the index. */
export function frameColour(n: number): [number, number, number] {
  return [16 + 32 * (n % 8), 16 + 32 * (Math.floor(n / 8) % 8), 32 + 64 * (Math.floor(n / 64) % 4)];
}

export function frameIndexOf(rgb: ArrayLike<number>): number {
  const r = Math.round((rgb[0]! - 16) / 32);
  const g = Math.round((rgb[1]! - 16) / 32);
  const b = Math.round((rgb[2]! - 32) / 64);
  return Math.max(0, Math.min(7, r)) + 8 * Math.max(0, Math.min(7, g)) + 64 * Math.max(0, Math.min(3, b));
}

export function vfrFrameTime(n: number, fps: number, frames: number): number {
  const half = Math.floor(frames / 2);
  return n < half ? n / fps : half / fps + (2 * (n - half)) / fps;
}

function clickExpr(clicksAt: number[], rate: number): string {
  if (clicksAt.length === 0) return '0';
  return clicksAt.map((t) => `0.9*eq(n\\,${Math.round(t * rate)})`).join('+');
}

export interface ClickAudioOptions {
  seconds: number;
  rate?: number;
  channels?: 1 | 2;
  clicksAt?: number[];
  /** ffmpeg audio codec; default from the extension (pcm for .wav). */
  codec?: string;
}

export function makeClickAudio(file: string, o: ClickAudioOptions): void {
  const rate = o.rate ?? 48_000;
  const args = ['-f', 'lavfi', '-i', `aevalsrc=${clickExpr(o.clicksAt ?? [], rate)}:s=${rate}:d=${o.seconds}`, '-ac', String(o.channels ?? 1)];
  if (o.codec) args.push('-c:a', o.codec);
  ffmpeg([...args, file]);
}

export interface IndexedVideoOptions {
  fps?: number;
  frames?: number;
  width?: number;
  height?: number;
  /** 'h264' (default, yuv420p mp4/mkv), 'prores' (.mov, 4:2:2 10-bit), 'vp9', 'mjpeg' or any ffmpeg encoder name. */
  codec?: string;
  /** Mux a click track (48 kHz mono) with clicks at these media times. */
  clicksAt?: number[];
  /** Audio codec for the click track (default aac in mp4, pcm_s16le in mov/mkv). */
  audioCodec?: string;
  /** The audio stream starts this many seconds after the video. */
  audioOffset?: number;
  /** Variable frame rate: see `vfrFrameTime`. Needs a .mkv or .mp4 target. */
  vfr?: boolean;
}

export function makeIndexedVideo(file: string, o: IndexedVideoOptions = {}): void {
  const fps = o.fps ?? 25;
  const frames = o.frames ?? 50;
  const w = o.width ?? 64;
  const h = o.height ?? 64;
  const seconds = frames / fps;
  const [r, g, b] = ['16+32*mod(N\\,8)', '16+32*mod(floor(N/8)\\,8)', '32+64*mod(floor(N/64)\\,4)'];
  let vf = `format=gbrp,geq=r='${r}':g='${g}':b='${b}'`;
  const half = Math.floor(frames / 2);
  if (o.vfr) vf += `,setpts='(if(lt(N\\,${half})\\,N\\,${half}+2*(N-${half}))/${fps})/TB'`;
  const args = ['-f', 'lavfi', '-i', `color=c=black:s=${w}x${h}:r=${fps}:d=${seconds}`];
  const ext = path.extname(file).toLowerCase();
  let tmpAudio: string | null = null;
  if (o.clicksAt) {
    tmpAudio = `${file}.clicks.wav`;
    makeClickAudio(tmpAudio, { seconds: seconds + 0.5, clicksAt: o.clicksAt.map((t) => t - (o.audioOffset ?? 0)) });
    if (o.audioOffset) args.push('-itsoffset', String(o.audioOffset));
    args.push('-i', tmpAudio, '-map', '0:v', '-map', '1:a', '-shortest');
    args.push('-c:a', o.audioCodec ?? (ext === '.mp4' ? 'aac' : 'pcm_s16le'));
  }
  args.push('-vf', vf, '-frames:v', String(frames));
  if (o.vfr) args.push('-vsync', 'passthrough');
  const codec = o.codec ?? 'h264';
  if (codec === 'h264') args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '10', '-pix_fmt', 'yuv420p');
  else if (codec === 'prores') args.push('-c:v', 'prores_ks', '-profile:v', '2', '-pix_fmt', 'yuv422p10le');
  else if (codec === 'vp9') args.push('-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-crf', '10', '-b:v', '0', '-pix_fmt', 'yuv420p');
  else args.push('-c:v', codec);
  try {
    ffmpeg([...args, file]);
  } finally {
    if (tmpAudio) rmSync(tmpAudio, { force: true });
  }
}

export interface HitsVideoOptions {
  seconds: number;
  /** Media times of the hits (decaying noise bursts, ~20 ms time constant, peak `loud`). */
  hitsAt: number[];
  /** Hits at these times with peak `quiet` (default none). */
  quietAt?: number[];
  loud?: number;
  quiet?: number;
  /** Noise bed amplitude under the hits (default 0.003, about −50 dBFS). */
  bed?: number;
}

/** An mp4 (H.264 testsrc 25 fps + AAC 44.1 kHz mono) whose sound has hits at known times. */
export function makeHitsVideo(file: string, o: HitsVideoOptions): void {
  const burst = (t: number, a: number): string => `${a}*gte(t\\,${t})*exp(-(t-${t})*50)`;
  const hits = [...o.hitsAt.map((t) => burst(t, o.loud ?? 0.8)), ...(o.quietAt ?? []).map((t) => burst(t, o.quiet ?? 0.02))];
  const amp = [String(o.bed ?? 0.003), ...hits].join('+');
  ffmpeg(['-f', 'lavfi', '-i', `testsrc=size=96x64:rate=25:duration=${o.seconds}`,
    '-f', 'lavfi', '-i', `aevalsrc=(${amp})*(2*random(0)-1):s=44100:d=${o.seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '1', '-shortest', file]);
}
