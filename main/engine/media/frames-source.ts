/**
 * Which file the models decode a video's frames from (issue 20): the original, or its frames proxy when the source
 * is above 720p and the proxy is ready. The proxy keeps every frame's time; `offset` maps its media times onto the
 * original's exactly (0 unless the container starts the two at different times, e.g. sound before picture).
 */
import { existsSync } from 'node:fs';
import { FRAMES_PROXY_HEIGHT, proxyPathFor } from './proxy';
import { probe } from './probe';
import type { MediaInfo } from './types';

/** Sources whose short side is above this get a frames proxy. */
export const PROXY_ABOVE = 720;

export interface FramesSource {
  readonly kind: 'original' | 'proxy';
  /** The file decoded. */
  readonly path: string;
  /** Original media time = this file's media time + offset (seconds). */
  readonly offset: number;
  readonly width: number;
  readonly height: number;
  /**
   * The frames proxy: `used`; `missing` (wanted, not built yet); `not-needed` (720p or below); `declined` (the
   * original was asked for, or the models need more pixels than the proxy has).
   */
  readonly proxy: 'used' | 'missing' | 'not-needed' | 'declined';
  /** Why this file (said in the result). */
  readonly reason: string;
}

export interface FramesSourceOptions {
  /** Proxy cache (`<dataDir>/cache`); without it the original is used. */
  readonly cacheDir?: string;
  /** The largest frame side the models need; a proxy is used only when it has at least twice that. */
  readonly need: number;
  /** `original`: never the proxy (the user asked). */
  readonly use?: 'auto' | 'original';
  readonly signal?: AbortSignal;
}

/** Whether a source is worth a frames proxy: its short side above 720 px. */
export function wantsFramesProxy(info: MediaInfo): boolean {
  return !!info.video && Math.min(info.video.width, info.video.height) > PROXY_ABOVE;
}

export async function framesSource(file: string, o: FramesSourceOptions): Promise<FramesSource> {
  const info = await probe(file, { signal: o.signal, cacheDir: o.cacheDir });
  const v = info.video!;
  const original = (proxy: FramesSource['proxy'], reason: string): FramesSource => ({ kind: 'original', path: file, offset: 0, width: v.width, height: v.height, proxy, reason });
  const size = `${v.width}×${v.height}`;
  if (!wantsFramesProxy(info)) return original('not-needed', `${size}: ${PROXY_ABOVE}p or below, decoded as is`);
  if (o.use === 'original') return original('declined', `${size}: original asked for`);
  if (Math.min(FRAMES_PROXY_HEIGHT, v.height) < 2 * o.need) return original('declined', `${size}: the models need ${o.need} px, more than a ${FRAMES_PROXY_HEIGHT}p proxy serves`);
  if (!o.cacheDir) return original('missing', `${size}: no proxy cache`);
  const proxy = proxyPathFor(file, o.cacheDir, 'frames');
  if (!existsSync(proxy)) return original('missing', `${size}: no frames proxy yet`);
  const p = await probe(proxy, { signal: o.signal, cacheDir: o.cacheDir });
  if (!p.video) return original('missing', `${size}: the proxy has no picture`);
  // The same first frame in both files: the proxy's times shift by the difference of the first frames' times.
  const offset = v.startTime - p.video.startTime;
  return { kind: 'proxy', path: proxy, offset, width: p.video.width, height: p.video.height, proxy: 'used', reason: `${size} above ${PROXY_ABOVE}p: its ${p.video.width}×${p.video.height} frames proxy` };
}
