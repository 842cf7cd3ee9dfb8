/** Checks a generation span against its video before any model runs; errors name the file and what to change. */
import { EngineError } from '../core/errors';
import { probe, type MediaInfo } from '../media';

export const MIN_SPAN = 0.1;
/** Spans may end up to a millisecond past the probed duration (container rounding). */
const SLACK = 1e-3;

/** `cacheDir`: probe results kept on disk across runs (media/probe-cache.ts). */
export async function checkSpan(video: string, start: number, end: number, signal?: AbortSignal, cacheDir?: string): Promise<MediaInfo> {
  if (!(end > start)) throw new EngineError('bad-input', `${video}: span end ${end} s must be after start ${start} s`, { file: video }, 'end');
  if (end - start < MIN_SPAN) {
    throw new EngineError('bad-input', `${video}: span ${start.toFixed(3)}–${end.toFixed(3)} s is ${((end - start) * 1000).toFixed(0)} ms: shorter than ${MIN_SPAN * 1000} ms — select a longer span`, { file: video }, 'end');
  }
  const info = await probe(video, { signal, cacheDir });
  if (!info.video) throw new EngineError('bad-input', `${video}: has no video stream (audio only?) — generation needs the picture; open a video file`, { file: video });
  if (start < 0 || end > info.duration + SLACK) {
    throw new EngineError('bad-input', `${video}: span ${start.toFixed(3)}–${end.toFixed(3)} s is outside the video (0–${info.duration.toFixed(3)} s) — select a span inside it`, { file: video, duration: info.duration }, start < 0 ? 'start' : 'end');
  }
  return info;
}
