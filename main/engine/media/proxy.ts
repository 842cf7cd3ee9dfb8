import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../core/errors';
import { tempPathFor } from './atomic';
import { checkInputFile, explainFailure } from './errors';
import { contentKey } from './hash';
import { probe } from './probe';
import { runTool } from './proc';
import { ffInput, findTools } from './tools';

export interface ProxyOptions {
  cacheDir: string;
  signal?: AbortSignal;
  /** 0..1 */
  onProgress?: (fraction: number) => void;
}

/** Where the proxy of `file` lives (or will): <cacheDir>/proxies/<content key>.mp4. */
export function proxyPathFor(file: string, cacheDir: string): string {
  return path.join(cacheDir, 'proxies', `${contentKey(file)}.mp4`);
}

/**
 * A Chromium-playable proxy (H.264 8-bit 4:2:0 ≤ 720 p, AAC, faststart) for sources that are not (ProRes, DNxHR, HEVC,
 * 10-bit, interlaced). Timing is kept: every frame keeps its pts (vsync passthrough, no rate change), deinterlacing is
 * one frame per frame, and time 0 is the original's media time 0 — so the timeline can show the proxy while frames
 * for the model come from the original. Cached by content; written to a temp file and renamed.
 */
export async function makeProxy(file: string, opts: ProxyOptions): Promise<{ path: string; cached: boolean }> {
  checkInputFile(file);
  const info = await probe(file, { signal: opts.signal });
  const v = info.video;
  if (!v) throw new EngineError('bad-input', `${file}: has no video stream — a proxy is only made for videos`, { file });
  const out = proxyPathFor(file, opts.cacheDir);
  if (existsSync(out)) {
    opts.onProgress?.(1);
    return { path: out, cached: true };
  }
  await fs.mkdir(path.dirname(out), { recursive: true });
  const tmp = tempPathFor(out);
  const { ffmpeg } = findTools();
  const args = ['-hide_banner', '-nostdin', '-nostats', '-v', 'error', '-i', ffInput(file), '-map', '0:v:0', '-map', '0:a:0?', '-sn', '-dn'];
  args.push('-vf', `yadif=mode=send_frame:deint=interlaced,scale=-2:'min(720\\,ih)':flags=bicubic,format=yuv420p`);
  args.push('-vsync', 'passthrough', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-profile:v', 'high', '-g', '48');
  args.push('-c:a', 'aac', '-b:a', '160k', '-movflags', '+faststart', '-f', 'mp4', '-progress', 'pipe:1', tmp);
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
  try {
    const res = await runTool(ffmpeg, args, { file, signal: opts.signal, onStdout });
    if (res.code !== 0) throw explainFailure(file, res.stderr, 'making its proxy');
    await fs.rename(tmp, out);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  opts.onProgress?.(1);
  return { path: out, cached: false };
}
