import { EngineError } from '../core/errors';

/** Validates a [start, end) window in seconds; errors name the file and the bad value. */
export function checkWindow(file: string, start: number, end: number | undefined, duration: number): void {
  if (!Number.isFinite(start) || start < 0) throw new EngineError('bad-input', `${file}: start ${start} s must be a number ≥ 0`, { file }, 'start');
  if (end !== undefined && (!Number.isFinite(end) || end <= start)) {
    throw new EngineError('bad-input', `${file}: end ${end} s must be after start ${start} s`, { file }, 'end');
  }
  if (duration > 0 && start >= duration) {
    throw new EngineError('bad-input', `${file}: start ${start.toFixed(3)} s is past the end of the media (${duration.toFixed(3)} s) — choose a time inside it`, { file }, 'start');
  }
}

/** ffmpeg wants plain decimal seconds; 9 decimals is below any sample period. */
export const sec = (t: number): string => t.toFixed(9);

/**
 * The shift ffmpeg applies to an input seeked with `-ss sec(seekStart)`, in ticks of the stream time base num/den:
 * av_parse_time keeps 6 decimals (µs, truncated), av_rescale_q rounds to nearest (half away from zero).
 * Frame pts after the seek + this = the frame's pts in the file (for a file whose start time is 0).
 */
export function seekTicks(seekStart: number, num: number, den: number): number {
  if (seekStart <= 0) return 0;
  const [whole, frac = ''] = sec(seekStart).split('.');
  const us = BigInt(whole!) * 1_000_000n + BigInt((frac + '000000').slice(0, 6));
  const c = 1_000_000n * BigInt(num);
  return Number((us * BigInt(den) + c / 2n) / c);
}
