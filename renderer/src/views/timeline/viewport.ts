/**
 * Timeline geometry, pure: zoom limits, zoom around a point, the visible time range (what gets rendered: the timeline
 * is virtualised so a 30-minute video with 20 tracks draws only what is on screen), and ruler tick spacing.
 */
export const HEADER_PX = 184;
/** Chromium lays out elements up to ~16.7 M px wide; stay well under it at the deepest zoom. */
const MAX_CONTENT_PX = 12_000_000;

export function zoomLimits(length: number, viewportPx: number): { min: number; max: number } {
  const min = Math.max(0.05, (viewportPx - 20) / Math.max(length, 1));
  const max = Math.max(min, Math.min(4000, MAX_CONTENT_PX / Math.max(length, 1)));
  return { min, max };
}

/** New pixels-per-second and left-edge time so the time under `anchorPx` (from the lanes' left edge) stays put. */
export function zoomAround(pps: number, scrollTime: number, factor: number, anchorPx: number, limits: { min: number; max: number }): { pps: number; scrollTime: number } {
  const anchorTime = scrollTime + anchorPx / pps;
  const next = Math.min(limits.max, Math.max(limits.min, pps * factor));
  return { pps: next, scrollTime: Math.max(0, anchorTime - anchorPx / next) };
}

export interface Visible {
  t0: number;
  t1: number;
}

/**
 * The range lanes render: the viewport plus a margin, snapped to a grid of half screens. While scrolling, it changes
 * only every half screen, so lanes (and their waveform canvases) re-render at that rate, not on every scroll frame.
 */
export function visibleRange(scrollTime: number, viewportPx: number, pps: number): Visible {
  const q = viewportPx / pps / 2;
  const k = Math.floor(scrollTime / q);
  return { t0: Math.max(0, (k - 1) * q), t1: (k + 3) * q };
}

export function intersects(v: Visible, start: number, end: number): boolean {
  return end >= v.t0 && start <= v.t1;
}

/** Major tick step (seconds) so labels sit at least `minPx` apart: 1/fps frames up to 10-minute steps. */
export function tickStep(pps: number, frameSec: number, minPx = 80): number {
  const steps = [frameSec, frameSec * 2, frameSec * 5, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800];
  return steps.find((s) => s * pps >= minPx) ?? 3600;
}
