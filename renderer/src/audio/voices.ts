import { audibleTrackIds, placedAudio, type PlacedAudio } from '../../../main/contract/placement';
import type { ProjectDoc } from '../timeline/doc';

/** One thing that sounds: a clip, or the active take of a span, on a track. Pure data derived from the document. */
export type Voice = Pick<PlacedAudio, 'trackId' | 'path' | 'start' | 'duration' | 'offset' | 'gainDb' | 'fadeIn' | 'fadeOut' | 'loop' | 'loopCrossfade'> & {
  key: string;
};

/** The voices of a document; the original-sound clip is left out (the <video> element plays it, in sync by design). */
export function voicesOf(doc: ProjectDoc, override: ReadonlyMap<string, string> = new Map()): Voice[] {
  return placedAudio(doc, (s) => override.get(s.id) ?? s.activeTakeId)
    .filter((p) => p.trackId !== 'original')
    .map(({ id, trackId, path, start, duration, offset, gainDb, fadeIn, fadeOut, loop, loopCrossfade }) => ({ key: id, trackId, path, start, duration, offset, gainDb, fadeIn, fadeOut, loop, loopCrossfade }));
}

/** Tracks that sound (the export's rule too: main/contract/placement.ts). */
export function audible(doc: ProjectDoc): Set<string> {
  return audibleTrackIds(doc.tracks);
}
