import { EngineError } from '../core/errors';
import { checkInputFile, explainFailure } from './errors';
import { probe } from './probe';
import { runTool } from './proc';
import { findTools } from './tools';
import { checkWindow, sec } from './window';

export interface DecodeFramesOptions {
  start: number;
  end: number;
  count: number;
  width: number;
  height: number;
  /** 'left' (default, models/SPEC.md): t_i = start + i·(end−start)/count; 'center': (i + 0.5). */
  sampling?: 'left' | 'center';
  resize?: 'area' | 'bilinear';
  signal?: AbortSignal;
}

export interface DecodedFrames {
  /** RGB uint8, interleaved, [count, height, width, 3]. */
  data: Uint8Array;
  count: number;
  width: number;
  height: number;
  /** Media time (s) of the picture returned in each slot: the last frame with pts ≤ its sample time. */
  timestamps: number[];
  /** The sample times t_i that were asked for. */
  sampleTimes: number[];
}

const MAX_OUT_BYTES = 512 * 1024 * 1024;
/** Half a microsecond: sample times computed in floating point must not miss a frame that starts exactly there. */
const EPS = 1e-6;

interface Window {
  pts: number[];
  pixels: Buffer;
}

/** One ffmpeg run: accurate seek to `seekStart`, every frame up to `until` scaled small and streamed raw, with pts. */
async function decodeWindow(file: string, seekStart: number, until: number, o: DecodeFramesOptions): Promise<Window> {
  const { ffmpeg } = findTools();
  const flags = o.resize === 'bilinear' ? 'bilinear' : 'area';
  const args = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info'];
  if (seekStart > 0) args.push('-ss', sec(seekStart)); // input seek; ffmpeg's accurate_seek drops frames before it
  args.push('-i', file, '-map', '0:v:0', '-an', '-sn', '-dn');
  // trim (not -t, which drops frames after the filters) ends the graph; showinfo then reports each frame's pts in
  // stderr in output order (vsync passthrough keeps 1:1).
  args.push('-vf', `trim=end=${sec(until - seekStart)},showinfo,scale=${o.width}:${o.height}:flags=${flags}+accurate_rnd,format=rgb24`, '-vsync', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  const res = await runTool(ffmpeg, args, { file, signal: o.signal, stderrLimit: 4 * 1024 * 1024 });
  if (res.code !== 0) throw explainFailure(file, res.stderr, 'decoding its frames');
  const tb = /config in time_base: (\d+)\/(\d+)/.exec(res.stderr);
  const frameBytes = o.width * o.height * 3;
  const pts: number[] = [];
  if (tb) {
    const scale = Number(tb[1]) / Number(tb[2]);
    for (const m of res.stderr.matchAll(/\] n:\s*\d+\s+pts:\s*(-?\d+)/g)) pts.push(Number(m[1]) * scale + seekStart);
  }
  const frames = Math.floor(res.stdout.length / frameBytes);
  if (pts.length !== frames) {
    throw new EngineError('internal', `${file}: ffmpeg returned ${frames} frames but ${pts.length} timestamps — cannot place frames exactly`, { file });
  }
  return { pts, pixels: res.stdout };
}

/**
 * `count` frames uniformly over [start, end): slot i shows the picture displayed at t_i (the last frame with
 * pts ≤ t_i), resized to width×height. One ffmpeg call per window (it runs for every generation window).
 */
export async function decodeFrames(file: string, o: DecodeFramesOptions): Promise<DecodedFrames> {
  checkInputFile(file);
  const ints = { count: o.count, width: o.width, height: o.height };
  for (const [k, v] of Object.entries(ints)) {
    if (!Number.isInteger(v) || v < 1 || v > 8192) throw new EngineError('bad-input', `${file}: ${k} ${v} must be an integer in 1..8192`, { file }, k);
  }
  if (o.count * o.width * o.height * 3 > MAX_OUT_BYTES) throw new EngineError('bad-input', `${file}: ${o.count} frames of ${o.width}×${o.height} exceed 512 MB — ask for fewer or smaller frames`, { file });
  const info = await probe(file, { signal: o.signal });
  if (!info.video) throw new EngineError('bad-input', `${file}: has no video stream (audio only?) — open a video file, or use it as an audio clip`, { file });
  checkWindow(file, o.start, o.end, info.duration);
  const step = (o.end - o.start) / o.count;
  const offset = o.sampling === 'center' ? 0.5 : 0;
  const sampleTimes = Array.from({ length: o.count }, (_, i) => o.start + (i + offset) * step);
  const frameDur = 1 / Math.max(1, info.video.avgFps);
  const until = sampleTimes.at(-1)! + frameDur;
  // Seek a little before the first sample so the frame displayed at t_0 (pts ≤ t_0) is decoded; widen for VFR gaps.
  let win: Window | null = null;
  for (const margin of [2 * frameDur + 0.01, 2, Infinity]) {
    const seekStart = Math.max(0, o.start - margin);
    win = await decodeWindow(file, seekStart, until, o);
    if (seekStart === 0 || (win.pts.length > 0 && win.pts[0]! <= sampleTimes[0]! + EPS)) break;
  }
  if (!win || win.pts.length === 0) {
    throw new EngineError('bad-input', `${file}: no video frames between ${o.start.toFixed(3)} s and ${o.end.toFixed(3)} s (the video is ${info.duration.toFixed(3)} s) — choose a span inside the video`, { file });
  }
  const frameBytes = o.width * o.height * 3;
  const data = new Uint8Array(o.count * frameBytes);
  const timestamps: number[] = [];
  let j = 0;
  for (let i = 0; i < o.count; i++) {
    const t = sampleTimes[i]!;
    while (j + 1 < win.pts.length && win.pts[j + 1]! <= t + EPS) j++;
    // Before the first frame (a late-starting stream) the first picture is shown; after the last, the last.
    data.set(win.pixels.subarray(j * frameBytes, (j + 1) * frameBytes), i * frameBytes);
    timestamps.push(win.pts[j]!);
  }
  return { data, count: o.count, width: o.width, height: o.height, timestamps, sampleTimes };
}
