import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Bounds of the main window, remembered across runs in `userData/window-state.json`. */
export const WindowState = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(32_000),
  height: z.number().int().min(200).max(32_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A corrupt or missing file is not an error: the window just opens at its default size. */
export function loadWindowState(file: string): WindowState | null {
  try {
    const parsed = WindowState.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Atomic (temp + fsync + rename), synchronous because it runs while the window closes and the app may quit next. */
export function saveWindowState(file: string, state: WindowState): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(state));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch {
    // Losing the window position is harmless; never let it block quitting.
    rmSync(tmp, { force: true });
  }
}

/**
 * Saved bounds to restore, or null when their title-bar strip is on no current display (a monitor was unplugged):
 * the window must never come back off screen.
 */
export function visibleBounds(state: WindowState, workAreas: readonly Rect[]): Rect | null {
  const strip = { x: state.x, y: state.y, width: state.width, height: 40 };
  const overlaps = workAreas.some((a) => {
    const w = Math.min(strip.x + strip.width, a.x + a.width) - Math.max(strip.x, a.x);
    const h = Math.min(strip.y + strip.height, a.y + a.height) - Math.max(strip.y, a.y);
    return w >= 100 && h >= 20;
  });
  return overlaps ? { x: state.x, y: state.y, width: state.width, height: state.height } : null;
}
