/**
 * Stage 1 input: the frames of one window from the media engine, normalised for the video graphs.
 * SPEC "Frame sampling": frame i shows the picture at start + i·clipSeconds/frames (left), area-resized.
 * A bundle with a motion timing graph also gets its luma frames (`motion` size) from the same decode pass.
 */
import { decodeFrameWindows, decodeFrames, framesSource, type DecodedFrames, type FramesSource } from '../media';
import { hasMotionTiming, type Bundle } from './bundle/load';

/** uint8 RGB [T,H,W,3] → float32 [T,3,H,W], (x/255 − mean)/std per channel. */
export function normaliseFrames(rgb: Uint8Array, count: number, width: number, height: number, mean: readonly number[], std: readonly number[]): Float32Array {
  const plane = width * height;
  const out = new Float32Array(count * 3 * plane);
  for (let f = 0; f < count; f++) {
    const src = f * plane * 3;
    const dst = f * 3 * plane;
    for (let c = 0; c < 3; c++) {
      const m = mean[c];
      const s = 255 * std[c];
      const o = dst + c * plane;
      for (let p = 0; p < plane; p++) out[o + p] = (rgb[src + p * 3 + c] - 255 * m) / s;
    }
  }
  return out;
}

export async function windowFrames(bundle: Bundle, file: string, windowStart: number, signal?: AbortSignal): Promise<Float32Array> {
  const v = bundle.manifest.video;
  const clip = bundle.manifest.audio.clipSeconds;
  const frames = await decodeFrames(file, {
    start: windowStart,
    end: windowStart + clip,
    count: v.frames,
    width: v.width,
    height: v.height,
    sampling: v.sampling,
    resize: v.resize,
    signal,
  });
  return normaliseFrames(frames.data, v.frames, v.width, v.height, v.mean, v.std);
}

/** Every window of a span in one pass where they are close (the media engine shares seeks between windows). */
export async function spanFrames(bundle: Bundle, file: string, starts: readonly number[], signal?: AbortSignal): Promise<Float32Array[]> {
  const v = bundle.manifest.video;
  const clip = bundle.manifest.audio.clipSeconds;
  const decoded = await decodeFrameWindows(
    file,
    starts.map((s) => ({ start: s, end: s + clip })),
    { count: v.frames, width: v.width, height: v.height, sampling: v.sampling, resize: v.resize, signal },
  );
  return decoded.map((f) => normaliseFrames(f.data, v.frames, v.width, v.height, v.mean, v.std));
}

/** gray uint8 [T,H,W] → float32 gray/255: the motion timing graph's `frames`. */
export function lumaToFloat(gray: Uint8Array): Float32Array {
  const out = new Float32Array(gray.length);
  for (let i = 0; i < gray.length; i++) out[i] = gray[i]! / 255;
  return out;
}

export interface WindowInputs {
  /** Video-graph frames per window, [T,3,H,W] normalised. */
  readonly frames: Float32Array[];
  /** Motion-graph frames per window, [T,H,W] gray/255; null when the bundle has no motion timing graph. */
  readonly luma: Float32Array[] | null;
}

function lumaOf(bundle: Bundle): { count: number; width: number; height: number } | undefined {
  const mo = bundle.manifest.motion;
  return mo && hasMotionTiming(bundle) ? { count: mo.frames, width: mo.width, height: mo.height } : undefined;
}

function inputsOf(bundle: Bundle, decoded: DecodedFrames[]): WindowInputs {
  const v = bundle.manifest.video;
  const frames = decoded.map((f) => normaliseFrames(f.data, v.frames, v.width, v.height, v.mean, v.std));
  const luma = lumaOf(bundle) ? decoded.map((f) => lumaToFloat(f.luma!.data)) : null;
  return { frames, luma };
}

/**
 * spanFrames plus, for a bundle with a motion timing graph, its luma frames from the same decode pass. `offset`:
 * the file is a frames proxy whose media time + offset is the video's (`sourceFor`); `starts` are the video's times.
 * `spool`: ffmpeg writes to files, so it keeps decoding while this thread is blocked (media/proc.ts).
 */
export async function spanInputs(bundle: Bundle, file: string, starts: readonly number[], signal?: AbortSignal, offset = 0, spool = false): Promise<WindowInputs> {
  const v = bundle.manifest.video;
  const clip = bundle.manifest.audio.clipSeconds;
  const decoded = await decodeFrameWindows(
    file,
    starts.map((s) => ({ start: s, end: s + clip })),
    { count: v.frames, width: v.width, height: v.height, sampling: v.sampling, resize: v.resize, luma: lumaOf(bundle), offset, signal, spool },
  );
  return inputsOf(bundle, decoded);
}

/**
 * The file this bundle's frames come from for `video` (issue 20): its frames proxy when the video is above 720p,
 * the proxy is ready in `cacheDir` and holds at least twice the bundle's largest frame side; else the video.
 */
export function sourceFor(bundle: Bundle, video: string, o: { cacheDir?: string; use?: 'auto' | 'original'; signal?: AbortSignal }): Promise<FramesSource> {
  const v = bundle.manifest.video;
  const luma = lumaOf(bundle);
  const need = Math.max(v.width, v.height, luma?.width ?? 0, luma?.height ?? 0);
  return framesSource(video, { cacheDir: o.cacheDir, use: o.use, need, signal: o.signal });
}

/** windowFrames plus the motion graph's luma frames (one window: `a2s eval` on Foley World). */
export async function windowInputs(bundle: Bundle, file: string, windowStart: number, signal?: AbortSignal): Promise<{ frames: Float32Array; luma: Float32Array | null }> {
  const r = await spanInputs(bundle, file, [windowStart], signal);
  return { frames: r.frames[0]!, luma: r.luma?.[0] ?? null };
}
