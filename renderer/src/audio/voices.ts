import { audibleTrackIds, placedAudio, type PlacedAudio } from '../../../main/contract/placement';
import type { ProjectDoc } from '../timeline/doc';

/** One thing that sounds: a clip, or the active take of a span, on a track. Pure data derived from the document. */
export type Voice = Pick<PlacedAudio, 'trackId' | 'path' | 'start' | 'duration' | 'offset' | 'gainDb' | 'fadeIn' | 'fadeOut' | 'loop' | 'loopCrossfade'> & {
  key: string;
};

/** A scheduled piece of a voice: play the source from `offset` for `duration` at timeline time `at`. */
export interface Segment {
  at: number;
  offset: number;
  duration: number;
}

/** The voices of a document; the original-sound clip is left out (the <video> element plays it, in sync by design). */
export function voicesOf(doc: ProjectDoc, override: ReadonlyMap<string, string> = new Map()): Voice[] {
  return placedAudio(doc, (s) => override.get(s.id) ?? s.activeTakeId)
    .filter((p) => p.trackId !== 'original')
    .map(({ id, trackId, path, start, duration, offset, gainDb, fadeIn, fadeOut, loop, loopCrossfade }) => ({ key: id, trackId, path, start, duration, offset, gainDb, fadeIn, fadeOut, loop, loopCrossfade }));
}

/**
 * How a voice is played from a source of `sourceLength` seconds. A looped bed repeats the source with `loopCrossfade`
 * of overlap between repeats (each repeat fades in and out over it, so the sum stays level) until it fills its length.
 */
export function segmentsOf(v: Voice, sourceLength: number): Segment[] {
  if (!v.loop) return [{ at: v.start, offset: v.offset, duration: Math.min(v.duration, Math.max(0, sourceLength - v.offset)) }];
  // As the export mix (main/engine/export/mix.ts): the repeated segment runs from the clip's offset to the source end.
  const segment = Math.max(0, sourceLength - v.offset);
  const xf = Math.min(v.loopCrossfade, segment / 2);
  const hop = segment - xf;
  const out: Segment[] = [];
  for (let t = 0; t < v.duration - 1e-6 && hop > 0; t += hop) {
    out.push({ at: v.start + t, offset: v.offset, duration: Math.min(segment, v.duration - t) });
    if (out.length > 100_000) break; // a pathological 1-sample source; the bed is then just cut
  }
  return out;
}

/** Tracks that sound (the export's rule too: main/contract/placement.ts). */
export function audible(doc: ProjectDoc): Set<string> {
  return audibleTrackIds(doc.tracks);
}
