import type { TimelineItem } from './timeline';

/** One playable region of an item as a DAW item: where, how long, from where in the source, and its fades. */
export interface Segment {
  position: number;
  length: number;
  sourceOffset: number;
  fadeIn: number;
  fadeOut: number;
  fadeInShape: 'linear' | 'equal-power';
  fadeOutShape: 'linear' | 'equal-power';
  /** Loop repeat number (0 for plain items). */
  repeat: number;
}

/**
 * An item as DAW items. A looping bed becomes one item per repeat, overlapping by the crossfade, each repeat's
 * fades being that crossfade (equal power), exactly the repeats mix.ts renders. The clip's own fades go on the
 * first and last repeat; a clip fade longer than one repeat is shortened to it (the .rpp/.otio cannot say more).
 * `sourceSeconds`: the source's length from the item's offset (needed for loops only).
 */
export function itemSegments(item: TimelineItem, sourceSeconds?: number): Segment[] {
  if (!item.loop || !sourceSeconds || sourceSeconds >= item.duration) {
    return [{ position: item.start, length: item.duration, sourceOffset: item.offset, fadeIn: item.fadeIn, fadeOut: item.fadeOut, fadeInShape: 'linear', fadeOutShape: 'linear', repeat: 0 }];
  }
  const len = sourceSeconds;
  const x = Math.min(item.loopCrossfade, len / 2);
  const period = len - x;
  const out: Segment[] = [];
  for (let k = 0; k * period < item.duration - 1e-9; k++) {
    const at = k * period;
    const length = Math.min(len, item.duration - at);
    const last = at + len >= item.duration - 1e-9;
    out.push({
      position: item.start + at,
      length,
      sourceOffset: item.offset,
      fadeIn: k === 0 ? Math.min(item.fadeIn, length) : x,
      fadeOut: last ? Math.min(item.fadeOut, length) : x,
      fadeInShape: k === 0 ? 'linear' : 'equal-power',
      fadeOutShape: last ? 'linear' : 'equal-power',
      repeat: k,
    });
  }
  return out;
}
