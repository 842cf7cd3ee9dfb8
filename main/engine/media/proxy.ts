import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineError } from '../core/errors';
import { tempPathFor } from './atomic';
import { checkInputFile, explainFailure } from './errors';
import { contentKey } from './hash';
import { probe } from './probe';
import { runTool } from './proc';
import { ffInput, findTools } from './tools';

/**
 * `playback`: what the editor's <video> shows for a source Chromium cannot play (≤ 720p, with sound).
 * `frames`: what the models decode for a source above 720p (issue 20): ≤ 360p, picture only, cheap to decode.
 */
export type ProxyKind = 'playback' | 'frames';

/** Height of a frames proxy: decoding it costs ~¼ of 1080p, and the models' inputs (48–224 px) are far smaller. */
export const FRAMES_PROXY_HEIGHT = 360;

export interface ProxyOptions {
  cacheDir: string;
  /** Default `playback`. */
  kind?: ProxyKind;
  signal?: AbortSignal;
  /** 0..1 */
  onProgress?: (fraction: number) => void;
  /** Run ffmpeg at a lower priority (a background build must not slow the user's generation). */
  background?: boolean;
}

/** Where the proxy of `file` lives (or will): <cacheDir>/proxies/<content key>.mp4 (`.frames.mp4` for frames). */
export function proxyPathFor(file: string, cacheDir: string, kind: ProxyKind = 'playback'): string {
  return path.join(cacheDir, 'proxies', `${contentKey(file)}${kind === 'frames' ? '.frames' : ''}.mp4`);
}

/**
 * Timing is kept in both kinds: every frame keeps its pts (vsync passthrough, the source's time base, no rate
 * change), deinterlacing is one frame per frame, and time 0 is the original's media time 0.
 */
function encodeArgs(kind: ProxyKind): string[] {
  const keep = ['-vsync', 'passthrough', '-enc_time_base:v', '-1'];
  if (kind === 'frames') {
    // Area scaling (the models' own resize), 1 s GOPs for short seeks, fastdecode (no CABAC, no deblocking).
    const vf = `yadif=mode=send_frame:deint=interlaced,scale=-2:'min(${FRAMES_PROXY_HEIGHT}\\,ih)':flags=area,format=yuv420p`;
    return ['-map', '0:v:0', '-an', '-sn', '-dn', '-vf', vf, ...keep, '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'fastdecode', '-crf', '18', '-g', '25'];
  }
  const vf = `yadif=mode=send_frame:deint=interlaced,scale=-2:'min(720\\,ih)':flags=bicubic,format=yuv420p`;
  return ['-map', '0:v:0', '-map', '0:a:0?', '-sn', '-dn', '-vf', vf, ...keep, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-profile:v', 'high', '-g', '48', '-c:a', 'aac', '-b:a', '160k'];
}

/**
 * An H.264 8-bit 4:2:0 proxy of `kind` (playback: Chromium-playable for ProRes, DNxHR, HEVC, 10-bit, interlaced
 * sources, so the timeline can show the proxy while frames for the model come from elsewhere). Cached by content;
 * written to a temp file and renamed, so an existing proxy is always complete.
 */
export async function makeProxy(file: string, opts: ProxyOptions): Promise<{ path: string; cached: boolean }> {
  checkInputFile(file);
  const kind = opts.kind ?? 'playback';
  const out = proxyPathFor(file, opts.cacheDir, kind);
  if (existsSync(out)) {
    opts.onProgress?.(1);
    return { path: out, cached: true };
  }
  const info = await probe(file, { signal: opts.signal, cacheDir: opts.cacheDir });
  if (!info.video) throw new EngineError('bad-input', `${file}: has no video stream — a proxy is only made for videos`, { file });
  await fs.mkdir(path.dirname(out), { recursive: true });
  const tmp = tempPathFor(out);
  const { ffmpeg } = findTools();
  const args = ['-hide_banner', '-nostdin', '-nostats', '-v', 'error', '-i', ffInput(file), ...encodeArgs(kind), '-movflags', '+faststart', '-f', 'mp4', '-progress', 'pipe:1', tmp];
  const total = Math.max(1e-3, info.duration);
  let text = '';
  const onStdout = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    const lines = text.split('\n');
    text = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^out_time_us=(\d+)/.exec(line);
      if (m) opts.onProgress?.(Math.min(0.99, Number(m[1]) / 1e6 / total));
    }
  };
  const onSpawn = opts.background ? (pid: number): void => lowerPriority(pid) : undefined;
  try {
    const res = await runTool(ffmpeg, args, { file, signal: opts.signal, onStdout, onSpawn });
    if (res.code !== 0) throw explainFailure(file, res.stderr, 'making its proxy');
    await fs.rename(tmp, out);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  opts.onProgress?.(1);
  return { path: out, cached: false };
}

/** Nice 15: a background build takes only the CPU that foreground work leaves. */
function lowerPriority(pid: number): void {
  try {
    os.setPriority(pid, 15);
  } catch {
    /* not permitted here: it runs at normal priority */
  }
}
