import type { TimelineItem } from './timeline';

/** A stretch of a track's stem where something sounds, named after the items that sound there. */
export interface StemRegion {
  /** Timeline seconds. */
  start: number;
  end: number;
  name: string;
}

/**
 * The interchange files (.rpp/.otio) reference the exported stems, so an export folder is self-contained: each
 * track's items become the stretches of its stem they cover (overlapping or touching items merge: the stem already
 * holds their mix, fades and loop crossfades), clipped to the exported range.
 */
export function stemRegions(items: readonly TimelineItem[], range: { start: number; end: number }): StemRegion[] {
  const spans = items
    .map((i) => ({ start: Math.max(range.start, i.start), end: Math.min(range.end, i.start + i.duration), name: i.name }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const out: { start: number; end: number; names: string[] }[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) {
      last.end = Math.max(last.end, s.end);
      if (!last.names.includes(s.name)) last.names.push(s.name);
    } else out.push({ start: s.start, end: s.end, names: [s.name] });
  }
  return out.map((r) => ({ start: r.start, end: r.end, name: r.names.join(' + ') }));
}
