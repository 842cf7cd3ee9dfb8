import { EngineError } from '../core/errors';
import { checkInputFile, explainFailure } from './errors';
import { packedLayout, rgbLayout, type FrameLayout } from './packed';
import { probe } from './probe';
import { runTool } from './proc';
import { ffInput, findTools } from './tools';
import { checkWindow, sec, seekTicks } from './window';

export interface DecodeFramesOptions {
  start: number;
  end: number;
  count: number;
  width: number;
  height: number;
  /** 'left' (default, models/SPEC.md): t_i = start + i·(end−start)/count; 'center': (i + 0.5). */
  sampling?: 'left' | 'center';
  resize?: 'area' | 'bilinear';
  /**
   * Also `count` luma frames at this size over the same window and sampling, from the same decode (packed.ts):
   * the motion timing graph's input (issue 16). Always area-scaled.
   */
  luma?: { count: number; width: number; height: number };
  /**
   * The caller's media time = this file's media time + offset (a frames proxy whose first frame the container put
   * at a different time than the original did, frames-source.ts). Windows, sample times and timestamps are all in
   * the caller's time. Default 0.
   */
  offset?: number;
  /**
   * ffmpeg writes to temporary files instead of pipes (proc.ts `spool`): the decode goes on while the calling thread
   * is blocked (the inference worker opening its graphs, issue 20). Same frames either way.
   */
  spool?: boolean;
  signal?: AbortSignal;
}

/** Luma uint8 [count, height, width] (ffmpeg `format=gray`), picked as the RGB frames are. */
export interface DecodedLuma {
  data: Uint8Array;
  count: number;
  width: number;
  height: number;
  timestamps: number[];
  sampleTimes: number[];
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
  /** Present when `luma` was asked for. */
  luma?: DecodedLuma;
}

const MAX_OUT_BYTES = 512 * 1024 * 1024;
/** Half a microsecond: sample times computed in floating point must not miss a frame that starts exactly there. */
const EPS = 1e-6;

interface Window {
  pts: number[];
  pixels: Buffer;
}

function layoutOf(o: DecodeFramesOptions): FrameLayout {
  const flags = o.resize === 'bilinear' ? 'bilinear' : 'area';
  return o.luma ? packedLayout(o, flags, o.luma) : rgbLayout(o, flags);
}

/** One ffmpeg run: accurate seek to `seekStart`, every frame up to `until` scaled small and streamed raw, with pts. */
async function decodeWindow(file: string, seekStart: number, until: number, layout: FrameLayout, o: DecodeFramesOptions): Promise<Window> {
  const { ffmpeg } = findTools();
  const args = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info'];
  if (seekStart > 0) args.push('-ss', sec(seekStart)); // input seek; ffmpeg's accurate_seek drops frames before it
  args.push('-i', ffInput(file), '-map', '0:v:0', '-an', '-sn', '-dn');
  // trim (not -t, which drops frames after the filters) ends the graph; showinfo then reports each frame's pts in
  // stderr in output order (vsync passthrough keeps 1:1). No checksums: adler32 of every full-size frame cost ~30 %
  // of a 1080p decode, and only the pts are read.
  args.push('-vf', `trim=end=${sec(until - seekStart)},showinfo=checksum=0,${layout.filter}`, '-vsync', 'passthrough', '-f', 'rawvideo', '-pix_fmt', layout.pixFmt, 'pipe:1');
  // Parse pts as stderr streams in (a long window logs megabytes; the kept stderr tail is only for errors).
  const ticks: number[] = [];
  let tb: [number, number] | null = null;
  let partial = '';
  const onStderr = (text: string): void => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const m = /\] n:\s*\d+\s+pts:\s*(-?\d+)/.exec(line);
      if (m) ticks.push(Number(m[1]));
      else if (tb === null) {
        const t = /config in time_base: (\d+)\/(\d+)/.exec(line);
        if (t) tb = [Number(t[1]), Number(t[2])];
      }
    }
  };
  const res = await runTool(ffmpeg, args, { file, signal: o.signal, onStderr, spool: o.spool });
  onStderr('\n');
  if (res.code !== 0) throw explainFailure(file, res.stderr, 'decoding its frames');
  const frameBytes = layout.frameBytes;
  if (tb === null && ticks.length > 0) throw new EngineError('internal', `${file}: ffmpeg reported no time base — cannot place frames exactly`, { file });
  // Undo ffmpeg's own shift (the seek, rounded to the time base) in ticks, so a frame's time is exactly its pts:
  // adding seekStart in seconds was off by up to half a tick, and a sample time on a frame's pts got the frame before.
  const [num, den] = tb ?? [0, 1];
  const offset = tb ? seekTicks(seekStart, num, den) : 0;
  const pts = ticks.map((t) => ((t + offset) * num) / den);
  const frames = Math.floor(res.stdout.length / frameBytes);
  if (pts.length !== frames) {
    throw new EngineError('internal', `${file}: ffmpeg returned ${frames} frames but ${pts.length} timestamps — cannot place frames exactly`, { file });
  }
  return { pts, pixels: res.stdout };
}

function sampleTimesOf(w: { start: number; end: number }, o: DecodeFramesOptions, count = o.count): number[] {
  const step = (w.end - w.start) / count;
  const offset = o.sampling === 'center' ? 0.5 : 0;
  return Array.from({ length: count }, (_, i) => w.start + (i + offset) * step);
}

/** Sample times of one window: the RGB frames', and the luma frames' when asked for. */
interface Times {
  rgb: number[];
  luma?: number[];
}

function timesOf(w: { start: number; end: number }, o: DecodeFramesOptions): Times {
  return { rgb: sampleTimesOf(w, o), ...(o.luma ? { luma: sampleTimesOf(w, o, o.luma.count) } : {}) };
}

function checkShape(file: string, o: DecodeFramesOptions): void {
  const ints = { count: o.count, width: o.width, height: o.height };
  for (const [k, v] of Object.entries(ints)) {
    if (!Number.isInteger(v) || v < 1 || v > 8192) throw new EngineError('bad-input', `${file}: ${k} ${v} must be an integer in 1..8192`, { file }, k);
  }
  if (o.count * o.width * o.height * 3 > MAX_OUT_BYTES) throw new EngineError('bad-input', `${file}: ${o.count} frames of ${o.width}×${o.height} exceed 512 MB — ask for fewer or smaller frames`, { file });
  if (o.luma) checkShape(file, { ...o.luma, start: o.start, end: o.end });
}

/** Index of the frame displayed at each time (the last with pts ≤ t; before the first frame, the first). */
function pick(pts: number[], times: number[]): number[] {
  let j = 0;
  return times.map((t) => {
    while (j + 1 < pts.length && pts[j + 1]! <= t + EPS) j++;
    return j;
  });
}

/** Decodes [first sample − margin, last sample + 1 frame] once and picks, for each time, the frame displayed then. */
async function sampleFrames(file: string, times: Times[], o: DecodeFramesOptions, fps: number, duration: number): Promise<DecodedFrames[]> {
  const all = times.flatMap((t) => [...t.rgb, ...(t.luma ?? [])]);
  const off = o.offset ?? 0;
  // In this file's own time from here to the decode; pts come back in the caller's.
  const first = Math.min(...all) - off;
  const frameDur = 1 / Math.max(1, fps);
  const until = Math.max(...all) - off + frameDur;
  const layout = layoutOf(o);
  // Seek a little before the first sample so the frame displayed at t_0 (pts ≤ t_0) is decoded; widen for VFR gaps.
  let win: Window | null = null;
  for (const margin of [2 * frameDur + 0.01, 2, Infinity]) {
    const seekStart = Math.max(0, first - margin);
    win = await decodeWindow(file, seekStart, until, layout, o);
    if (seekStart === 0 || (win.pts.length > 0 && win.pts[0]! <= first + EPS)) break;
  }
  if (!win || win.pts.length === 0) {
    throw new EngineError('bad-input', `${file}: no video frames between ${(first + off).toFixed(3)} s and ${(until + off).toFixed(3)} s (the video is ${duration.toFixed(3)} s) — choose a span inside the video`, { file });
  }
  const pts = off === 0 ? win.pts : win.pts.map((p) => p + off);
  const { pixels } = win;
  return times.map((t) => {
    const data = new Uint8Array(t.rgb.length * o.width * o.height * 3);
    const rgbIdx = pick(pts, t.rgb);
    rgbIdx.forEach((j, i) => layout.copy(pixels, j, data, i, null, 0));
    const out: DecodedFrames = { data, count: t.rgb.length, width: o.width, height: o.height, timestamps: rgbIdx.map((j) => pts[j]!), sampleTimes: t.rgb };
    if (o.luma && t.luma) {
      const l = o.luma;
      const luma = new Uint8Array(t.luma.length * l.width * l.height);
      const lumaIdx = pick(pts, t.luma);
      lumaIdx.forEach((j, k) => layout.copy(pixels, j, null, 0, luma, k));
      out.luma = { data: luma, count: t.luma.length, width: l.width, height: l.height, timestamps: lumaIdx.map((j) => pts[j]!), sampleTimes: t.luma };
    }
    return out;
  });
}

/**
 * `count` frames uniformly over [start, end): slot i shows the picture displayed at t_i (the last frame with
 * pts ≤ t_i), resized to width×height. One ffmpeg call per window (it runs for every generation window).
 */
export async function decodeFrames(file: string, o: DecodeFramesOptions): Promise<DecodedFrames> {
  checkInputFile(file);
  checkShape(file, o);
  const info = await probe(file, { signal: o.signal });
  if (!info.video) throw new EngineError('bad-input', `${file}: has no video stream (audio only?) — open a video file, or use it as an audio clip`, { file });
  checkWindow(file, o.start, o.end, info.duration + (o.offset ?? 0));
  return (await sampleFrames(file, [timesOf(o, o)], o, info.video.avgFps, info.duration))[0]!;
}

/** Windows closer than this share one ffmpeg run (decoding the gap is cheaper than a new seek from a keyframe). */
const JOIN_GAP_SEC = 4;

/**
 * Several windows of one span at once (e.g. overlapping 2.048 s generation windows): same result as calling
 * decodeFrames per window, but nearby windows share one seek and one decode pass.
 */
export async function decodeFrameWindows(file: string, windows: { start: number; end: number }[], o: Omit<DecodeFramesOptions, 'start' | 'end'>): Promise<DecodedFrames[]> {
  checkInputFile(file);
  const shape: DecodeFramesOptions = { ...o, start: 0, end: 1 };
  checkShape(file, shape);
  if (windows.length === 0) return [];
  const info = await probe(file, { signal: o.signal });
  if (!info.video) throw new EngineError('bad-input', `${file}: has no video stream (audio only?) — open a video file, or use it as an audio clip`, { file });
  for (const w of windows) checkWindow(file, w.start, w.end, info.duration + (o.offset ?? 0));
  const order = windows.map((w, i) => ({ w, i })).sort((a, b) => a.w.start - b.w.start);
  const out: DecodedFrames[] = new Array(windows.length);
  for (let g = 0; g < order.length; ) {
    let h = g + 1;
    let reach = order[g]!.w.end;
    const groupStart = order[g]!.w.start;
    const bytesPerSec = info.video.avgFps * layoutOf(shape).frameBytes;
    const fits = (end: number): boolean => (end - groupStart + 1) * bytesPerSec < MAX_OUT_BYTES / 4;
    while (h < order.length && order[h]!.w.start - reach < JOIN_GAP_SEC && fits(Math.max(reach, order[h]!.w.end))) reach = Math.max(reach, order[h++]!.w.end);
    const group = order.slice(g, h);
    const decoded = await sampleFrames(file, group.map(({ w }) => timesOf(w, shape)), shape, info.video.avgFps, info.duration);
    group.forEach(({ i }, k) => (out[i] = decoded[k]!));
    g = h;
  }
  return out;
}
