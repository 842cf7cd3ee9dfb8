import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineError } from '../core/errors';
import { checkInputFile, explainFailure } from './errors';
import { contentKey } from './hash';
import { probe } from './probe';
import { runTool } from './proc';
import { ffInput, findTools } from './tools';
import { sec } from './window';

export interface Thumbnails {
  width: number;
  height: number;
  /** JPEG files, one per slot; `time` is the slot centre (media time). */
  items: { time: number; path: string }[];
  cached: boolean;
}

export interface ThumbnailOptions {
  count: number;
  height: number;
  cacheDir?: string;
  signal?: AbortSignal;
}

/** Inputs per ffmpeg run: each is its own fast seek + decoder, so memory grows with the batch. */
const BATCH = 12;

/**
 * Filmstrip for the timeline: `count` JPEGs at the centres of equal slots, `height` pixels high, display aspect
 * (rotation applied). One ffmpeg call per batch with one seeking input per thumbnail, so a long video is not decoded
 * end to end. Cached by content under cacheDir/thumbs/<key>-<count>x<height>/.
 */
export async function thumbnails(file: string, opts: ThumbnailOptions): Promise<Thumbnails> {
  checkInputFile(file);
  const { count, height } = opts;
  if (!Number.isInteger(count) || count < 1 || count > 500) throw new EngineError('bad-input', `${file}: thumbnail count ${count} must be in 1..500`, { file }, 'count');
  if (!Number.isInteger(height) || height < 8 || height > 1080) throw new EngineError('bad-input', `${file}: thumbnail height ${height} must be in 8..1080`, { file }, 'height');
  const info = await probe(file, { signal: opts.signal });
  const v = info.video;
  if (!v) throw new EngineError('bad-input', `${file}: has no video stream — there is no filmstrip for an audio file`, { file });
  const [dw, dh] = v.rotation % 180 === 90 ? [v.height, v.width] : [v.width, v.height];
  const width = Math.max(2, 2 * Math.round((height * dw) / dh / 2));
  const dir = path.join(opts.cacheDir ?? path.join(os.tmpdir(), 'a2s-cache'), 'thumbs', `${contentKey(file)}-${count}x${height}`);
  const duration = info.duration > 0 ? info.duration : count / v.avgFps;
  const items = Array.from({ length: count }, (_, i) => ({ time: ((i + 0.5) * duration) / count, path: path.join(dir, `${String(i).padStart(4, '0')}.jpg`) }));
  if (items.every((it) => existsSync(it.path))) return { width, height, items, cached: true };
  // Build in a temp folder and rename it into place: readers never see half a filmstrip.
  const tmp = `${dir}.${process.pid}.${Date.now()}.tmp`;
  await fs.mkdir(tmp, { recursive: true });
  try {
    const { ffmpeg } = findTools();
    for (let b = 0; b < count; b += BATCH) {
      const batch = items.slice(b, b + BATCH);
      const args = ['-hide_banner', '-nostdin', '-v', 'error', '-y'];
      // Seek a frame early so rounding never lands past the last frame.
      for (const it of batch) args.push('-ss', sec(Math.max(0, it.time - 0.5 / v.avgFps)), '-i', ffInput(file));
      batch.forEach((it, k) => args.push('-map', `${k}:v:0`, '-frames:v', '1', '-vf', `scale=${width}:${height}:flags=area`, '-q:v', '4', path.join(tmp, path.basename(it.path))));
      const res = await runTool(ffmpeg, args, { file, signal: opts.signal });
      if (res.code !== 0) throw explainFailure(file, res.stderr, 'making its thumbnails');
    }
    // A seek past the last decodable frame writes nothing: repeat the previous picture so the strip has no holes.
    const inTmp = (i: number): string => path.join(tmp, path.basename(items[i]!.path));
    const made = items.map((_, i) => existsSync(inTmp(i)));
    const firstMade = made.indexOf(true);
    if (firstMade < 0) throw new EngineError('bad-input', `${file}: no frame could be decoded for thumbnails — the video stream may be damaged; re-export it`, { file });
    for (let i = 0; i < count; i++) {
      if (!made[i]) await fs.copyFile(inTmp(i < firstMade ? firstMade : i - 1), inTmp(i));
    }
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rename(tmp, dir);
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return { width, height, items, cached: false };
}
