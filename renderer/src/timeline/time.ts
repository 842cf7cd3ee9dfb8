/**
 * Frame arithmetic on the video's rational frame rate. Times are seconds (float) as in the project document; every
 * snapped time is recomputed from an integer frame index, so snapping is idempotent and never accumulates error.
 */
export interface Fps {
  num: number;
  den: number;
}

export const DEFAULT_FPS: Fps = { num: 30, den: 1 };

export function fpsValue(fps: Fps): number {
  return fps.num / fps.den;
}

/** Duration of one frame in seconds. */
export function frameDuration(fps: Fps): number {
  return fps.den / fps.num;
}

/** Index of the frame nearest to `t` (ties round up, as a playhead between frames shows the later one). */
export function nearestFrame(t: number, fps: Fps): number {
  // The small epsilon absorbs float error from a previous frame→seconds conversion (1001/30000 is not exact).
  return Math.floor((t * fps.num) / fps.den + 0.5 + 1e-9);
}

/** Index of the frame displayed at `t` (last frame with pts ≤ t). */
export function frameAt(t: number, fps: Fps): number {
  return Math.floor((t * fps.num) / fps.den + 1e-9);
}

export function frameToTime(frame: number, fps: Fps): number {
  return (frame * fps.den) / fps.num;
}

export function snapToFrame(t: number, fps: Fps): number {
  return frameToTime(nearestFrame(t, fps), fps);
}

/** True for the NTSC rates that use drop-frame timecode (29.97, 59.94). */
export function isDropFrame(fps: Fps): boolean {
  return fps.den === 1001 && (fps.num === 30000 || fps.num === 60000);
}

/**
 * SMPTE timecode HH:MM:SS:FF at the video's rate; drop-frame (`;` before frames) for 29.97/59.94, skipping frame
 * numbers 0 and 1 (0–3 at 59.94) at every minute except each tenth (SMPTE 12M).
 */
export function formatTimecode(t: number, fps: Fps): string {
  let frame = Math.max(0, frameAt(t, fps));
  const nominal = Math.round(fpsValue(fps));
  if (isDropFrame(fps)) {
    const drop = nominal === 60 ? 4 : 2;
    const perMin = nominal * 60 - drop;
    const per10Min = perMin * 10 + drop;
    const tens = Math.floor(frame / per10Min);
    const rem = frame % per10Min;
    frame += drop * 9 * tens + (rem > drop ? drop * Math.floor((rem - drop) / perMin) : 0);
  }
  const ff = frame % nominal;
  const totalSec = Math.floor(frame / nominal);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sep = isDropFrame(fps) ? ';' : ':';
  return `${pad(Math.floor(totalSec / 3600))}:${pad(Math.floor(totalSec / 60) % 60)}:${pad(totalSec % 60)}${sep}${pad(ff)}`;
}

/** Ruler label: minutes:seconds.millis, for places where a frame count is too fine. */
export function formatClock(t: number): string {
  const s = Math.max(0, t);
  const m = Math.floor(s / 60);
  return `${m}:${(s - m * 60).toFixed(3).padStart(6, '0')}`;
}
