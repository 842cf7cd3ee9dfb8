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
