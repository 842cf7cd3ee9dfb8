import { statSync } from 'node:fs';
import { EngineError } from '../core/errors';
import { checkInputFile, explainFailure } from './errors';
import { playableInChromium } from './playable';
import { readProbe, writeProbe } from './probe-cache';
import { runTool } from './proc';
import { ffInput, findTools } from './tools';
import type { AudioStreamInfo, MediaInfo, VideoStreamInfo } from './types';

/** Above this many pixels per frame (DCI 8K) we refuse: decoding would need gigabytes per second of frames. */
export const MAX_PIXELS = 8192 * 4320;

interface FfStream {
  codec_type?: string;
  codec_name?: string;
  codec_tag_string?: string;
  profile?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  field_order?: string;
  bits_per_raw_sample?: string;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  nb_frames?: string;
  start_time?: string;
  duration?: string;
  sample_rate?: string;
  channels?: number;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
  side_data_list?: { rotation?: number }[];
}
interface FfFormat {
  format_name?: string;
  duration?: string;
  start_time?: string;
}

function rational(s: string | undefined): { num: number; den: number } | null {
  const m = /^(\d+)\/(\d+)$/.exec(s ?? '');
  if (!m || Number(m[1]) === 0 || Number(m[2]) === 0) return null;
  return { num: Number(m[1]), den: Number(m[2]) };
}

const num = (s: string | undefined, fallback = 0): number => (s !== undefined && Number.isFinite(Number(s)) ? Number(s) : fallback);

function videoInfo(file: string, s: FfStream, container: string, t0: number): VideoStreamInfo {
  const codec = s.codec_name ?? 'none';
  if (codec === 'none' || codec === 'unknown') {
    const tag = s.codec_tag_string && s.codec_tag_string !== '[0][0][0][0]' ? ` "${s.codec_tag_string}"` : '';
    throw new EngineError('bad-input', `${file}: its video codec${tag} is not supported by this ffmpeg — transcode it to H.264 or ProRes first`, { file });
  }
  const width = s.width ?? 0;
  const height = s.height ?? 0;
  if (width * height > MAX_PIXELS) {
    throw new EngineError('bad-input', `${file}: the video is ${width}×${height}, above the ${MAX_PIXELS / 1e6} MP limit (8192×4320) — make a smaller proxy (e.g. 3840×2160) first`, { file, width, height });
  }
  const avg = rational(s.avg_frame_rate);
  const base = rational(s.r_frame_rate);
  const fps = avg ?? base ?? { num: 25, den: 1 };
  const avgFps = fps.num / fps.den;
  const vfr = !!avg && !!base && Math.abs(avg.num / avg.den - base.num / base.den) / avgFps > 0.002;
  const rot = s.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation ?? -num(s.tags?.rotate);
  const rotation = ((Math.round(-rot / 90) * 90) % 360 + 360) % 360;
  const interlaced = !!s.field_order && !['progressive', 'unknown'].includes(s.field_order);
  const pixFmt = s.pix_fmt ?? 'unknown';
  const bitDepth = num(s.bits_per_raw_sample, /10|12/.test(pixFmt) ? Number(/(10|12)/.exec(pixFmt)![1]) : 8);
  return {
    codec, fps, avgFps, vfr, width, height, rotation,
    frameCount: s.nb_frames && Number(s.nb_frames) > 0 ? Number(s.nb_frames) : null,
    pixFmt,
    playableInChromium: playableInChromium(container, codec, pixFmt, interlaced, s.profile ?? ''),
    startTime: Math.max(0, num(s.start_time, t0) - t0),
    interlaced,
    bitDepth,
  };
}

/**
 * Frame-interval check on the first packets: containers such as Matroska report a nominal rate even for variable
 * frame rate, so the rates alone miss it. True when intervals differ by more than 5 %.
 */
async function packetsLookVariable(ffprobe: string, file: string, signal?: AbortSignal): Promise<boolean> {
  const res = await runTool(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-read_intervals', '%+#240', '-show_entries', 'packet=pts', '-of', 'csv=p=0', '--', ffInput(file)], { file, signal });
  if (res.code !== 0) return false;
  const pts = res.stdout.toString('utf8').split(/\r?\n/).filter((l) => l.trim() !== '').map(Number).filter(Number.isFinite);
  pts.sort((a, b) => a - b);
  const deltas = pts.slice(1).map((p, i) => p - pts[i]!).filter((d) => d > 0);
  if (deltas.length < 3) return false;
  return Math.max(...deltas) / Math.min(...deltas) > 1.05;
}

const cache = new Map<string, MediaInfo>();

/**
 * ffprobe → MediaInfo. Cached per (path, size, mtime) in memory, so callers may probe before every decode, and with
 * `cacheDir` on disk across processes (probe-cache.ts).
 */
export async function probe(file: string, opts: { signal?: AbortSignal; cacheDir?: string } = {}): Promise<MediaInfo> {
  const sizeBytes = checkInputFile(file);
  const key = `${file}|${sizeBytes}|${statSync(file).mtimeMs}`;
  const hit = cache.get(key) ?? (opts.cacheDir ? readProbe(file, opts.cacheDir) : null);
  if (hit) {
    cache.set(key, hit);
    return structuredClone(hit);
  }
  const { ffprobe } = findTools();
  const [res, variable] = await Promise.all([
    runTool(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '--', ffInput(file)], { file, signal: opts.signal }),
    packetsLookVariable(ffprobe, file, opts.signal),
  ]);
  let parsed: { streams?: FfStream[]; format?: FfFormat };
  try {
    parsed = JSON.parse(res.stdout.toString('utf8')) as typeof parsed;
  } catch {
    parsed = {};
  }
  if (res.code !== 0 || !parsed.format) throw explainFailure(file, res.stderr, 'probing it');
  const container = parsed.format.format_name ?? 'unknown';
  const startTime = num(parsed.format.start_time);
  const streams = parsed.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audio: AudioStreamInfo[] = streams
    .filter((s) => s.codec_type === 'audio' && s.codec_name && s.codec_name !== 'none')
    .map((s) => ({ codec: s.codec_name!, sampleRate: num(s.sample_rate), channels: s.channels ?? 0, startTime: Math.max(0, num(s.start_time, startTime) - startTime) }));
  if (!v && audio.length === 0) {
    const unknown = streams.some((s) => s.codec_type === 'audio' || s.codec_type === 'video');
    throw new EngineError('bad-input', unknown ? `${file}: its streams use codecs this ffmpeg cannot decode — transcode it to H.264/AAC or WAV first` : `${file}: contains no video or audio stream — choose a video or audio file`, { file });
  }
  const video = v ? videoInfo(file, v, container, startTime) : null;
  if (video && variable) video.vfr = true;
  const durations = streams.map((s) => num(s.duration) + Math.max(0, num(s.start_time, startTime) - startTime));
  const duration = num(parsed.format.duration, Math.max(0, ...durations));
  const info: MediaInfo = { path: file, container, duration, startTime, video, audio, sizeBytes };
  if (cache.size > 256) cache.clear();
  cache.set(key, info);
  if (opts.cacheDir) writeProbe(file, opts.cacheDir, info);
  return structuredClone(info);
}
