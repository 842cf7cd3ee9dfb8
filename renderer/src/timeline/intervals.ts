/**
 * Overlap rules, pure: items on one track never overlap (a span or clip is a region of one track). A move lands on the
 * free position nearest to where the user dropped it; a trim stops at the neighbour.
 */
export interface Interval {
  id: string;
  start: number;
  end: number;
}

const EPS = 1e-9;

export function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end - EPS && b.start < a.end - EPS;
}

/** True when [start, end) is free on a track holding `others` (ignoring `ignoreId`). */
export function isFree(others: readonly Interval[], start: number, end: number, ignoreId?: string): boolean {
  return others.every((o) => o.id === ignoreId || !overlaps(o, { start, end }));
}

/** Gaps [start, end) between the other items inside [0, limit]. */
export function freeGaps(others: readonly Interval[], limit: number, ignoreId?: string): { start: number; end: number }[] {
  const sorted = others.filter((o) => o.id !== ignoreId).sort((a, b) => a.start - b.start);
  const gaps: { start: number; end: number }[] = [];
  let cursor = 0;
  for (const o of sorted) {
    if (o.start > cursor + EPS) gaps.push({ start: cursor, end: Math.min(o.start, limit) });
    cursor = Math.max(cursor, o.end);
  }
  if (cursor < limit - EPS) gaps.push({ start: cursor, end: limit });
  return gaps.filter((g) => g.end > g.start + EPS);
}

/**
 * Where an item of `length` dragged to `desired` lands: the nearest start inside a gap long enough for it, or null when
 * no gap fits (the move is refused).
 */
export function resolveMove(others: readonly Interval[], id: string, desired: number, length: number, limit: number): number | null {
  let best: number | null = null;
  for (const gap of freeGaps(others, limit, id)) {
    if (gap.end - gap.start < length - EPS) continue;
    const pos = Math.min(Math.max(desired, gap.start), gap.end - length);
    if (best === null || Math.abs(pos - desired) < Math.abs(best - desired)) best = pos;
  }
  return best;
}

/** The range an edge of item `self` may be trimmed within: from the previous neighbour's end to the next one's start. */
export function trimBounds(others: readonly Interval[], self: Interval, limit: number): { min: number; max: number } {
  let min = 0;
  let max = limit;
  for (const o of others) {
    if (o.id === self.id) continue;
    if (o.end <= self.start + EPS) min = Math.max(min, o.end);
    if (o.start >= self.end - EPS) max = Math.min(max, o.start);
  }
  return { min, max };
}
