import { describe, expect, it } from 'vitest';
import { intersects, tickStep, visibleRange, zoomAround, zoomLimits } from './viewport';

describe('timeline viewport', () => {
  it('zooming keeps the time under the mouse in place', () => {
    const lim = zoomLimits(1800, 1200);
    const r = zoomAround(50, 100, 2, 300, lim);
    expect(r.pps).toBe(100);
    expect(r.scrollTime + 300 / r.pps).toBeCloseTo(100 + 300 / 50, 9);
  });

  it('a 30-minute video never becomes wider than the browser can lay out, and fits the screen zoomed out', () => {
    const lim = zoomLimits(1800, 1200);
    expect(1800 * lim.max).toBeLessThanOrEqual(12_000_000);
    expect(1800 * lim.min).toBeLessThanOrEqual(1200);
  });

  it('virtualises: of 600 three-second clips over 30 minutes only the visible few are rendered', () => {
    const v = visibleRange(900, 1200, 100);
    const clips = Array.from({ length: 600 }, (_, i) => ({ start: i * 3, end: i * 3 + 3 }));
    const shown = clips.filter((c) => intersects(v, c.start, c.end));
    expect(shown.length).toBeLessThan(20);
    expect(shown.length).toBeGreaterThan(3);
  });

  it('ruler ticks go down to single frames at deep zoom', () => {
    expect(tickStep(4000, 1 / 25)).toBeCloseTo(1 / 25, 9);
    expect(tickStep(1, 1 / 25)).toBe(120);
  });
});
