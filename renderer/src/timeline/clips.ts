import type { Clip, MediaRef } from '../../../main/contract/domains/project-doc';
import type { ProjectDoc } from './doc';
import { findClip, fpsOf, newId, occupancy, timelineLength } from './doc';
import { EditError } from './errors';
import { isFree, resolveMove, trimBounds } from './intervals';
import { frameDuration, snapToFrame } from './time';
import { addTrack } from './tracks';

export interface NewClip {
  trackId?: string;
  source: MediaRef;
  start: number;
  duration: number;
  loop?: boolean;
  libraryClipId?: number;
  label?: string;
  id?: string;
}

/**
 * Places a clip at the nearest free spot of its track. Ambient clips without a track go on the first ambient track
 * with room (a new one when none has), and loop with crossfades to fill their length (docs/DESIGN.md §1.4).
 */
export function addClip(doc: ProjectDoc, c: NewClip): { doc: ProjectDoc; clipId: string } {
  const fps = fpsOf(doc);
  const limit = timelineLength(doc);
  const duration = Math.min(Math.max(c.duration, frameDuration(fps)), limit);
  const start = snapToFrame(Math.max(0, c.start), fps);
  let trackId = c.trackId;
  if (!trackId) {
    trackId = doc.tracks.find((t) => t.kind === 'ambient' && isFree(occupancy(doc, t.id), start, start + duration))?.id;
    if (!trackId) {
      trackId = newId('ambient');
      doc = addTrack(doc, 'ambient', trackId);
    }
  }
  const track = doc.tracks.find((t) => t.id === trackId);
  if (!track) throw new EditError(`no track ${trackId}`);
  if (track.kind === 'original') throw new EditError('the original-sound track holds only the video\'s own sound');
  const landed = resolveMove(occupancy(doc, trackId), '', start, duration, limit);
  if (landed === null) throw new EditError(`no room for a ${duration.toFixed(2)} s clip on ${track.name}`);
  const clip: Clip = {
    id: c.id ?? newId('clip'), trackId, source: c.source, start: snapToFrame(landed, fps), duration, offset: 0, gainDb: 0,
    fadeIn: 0.05, fadeOut: 0.05, loop: c.loop ?? track.kind === 'ambient', loopCrossfade: 0.5,
    ...(c.libraryClipId !== undefined ? { libraryClipId: c.libraryClipId } : {}), ...(c.label ? { label: c.label } : {}),
  };
  return { doc: { ...doc, clips: [...doc.clips, clip] }, clipId: clip.id };
}

function mapClip(doc: ProjectDoc, id: string, fn: (c: Clip) => Clip): ProjectDoc {
  findClip(doc, id);
  return { ...doc, clips: doc.clips.map((c) => (c.id === id ? fn(c) : c)) };
}

export function moveClip(doc: ProjectDoc, id: string, desiredStart: number, trackId?: string): ProjectDoc {
  const clip = findClip(doc, id);
  const track = trackId ?? clip.trackId;
  if (clip.trackId === 'original' || track === 'original') throw new EditError('the original sound stays aligned with the picture');
  const fps = fpsOf(doc);
  const landed = resolveMove(occupancy(doc, track), id, snapToFrame(desiredStart, fps), clip.duration, timelineLength(doc));
  if (landed === null) throw new EditError('no room for this clip on that track');
  return mapClip(doc, id, (c) => ({ ...c, trackId: track, start: snapToFrame(landed, fps) }));
}

/**
 * Trims an edge to a frame, stopping at neighbours. Trimming the start of a non-looped clip also moves its source
 * offset, so the audio under the rest of the clip does not slide.
 */
export function trimClip(doc: ProjectDoc, id: string, edge: 'start' | 'end', t: number): ProjectDoc {
  const clip = findClip(doc, id);
  const fps = fpsOf(doc);
  const one = frameDuration(fps);
  const self = { id, start: clip.start, end: clip.start + clip.duration };
  const { min, max } = trimBounds(occupancy(doc, clip.trackId), self, timelineLength(doc));
  return mapClip(doc, id, (c) => {
    if (edge === 'end') {
      const end = Math.max(Math.min(snapToFrame(t, fps), max), c.start + one);
      return { ...c, duration: end - c.start };
    }
    const lo = c.loop ? min : Math.max(min, c.start - c.offset); // cannot reveal audio before the source's start
    const start = Math.min(Math.max(snapToFrame(t, fps), lo), self.end - one);
    const offset = c.loop ? c.offset : Math.max(0, c.offset + (start - c.start));
    return { ...c, start, duration: self.end - start, offset };
  });
}

export function setClipMix(doc: ProjectDoc, id: string, patch: Partial<Pick<Clip, 'gainDb' | 'fadeIn' | 'fadeOut' | 'loopCrossfade'>>): ProjectDoc {
  return mapClip(doc, id, (c) => {
    const fadeIn = Math.min(Math.max(0, patch.fadeIn ?? c.fadeIn), c.duration);
    const fadeOut = Math.min(Math.max(0, patch.fadeOut ?? c.fadeOut), c.duration - fadeIn);
    return { ...c, gainDb: Math.min(24, Math.max(-120, patch.gainDb ?? c.gainDb)), fadeIn, fadeOut, loopCrossfade: Math.max(0, patch.loopCrossfade ?? c.loopCrossfade) };
  });
}

export function deleteClip(doc: ProjectDoc, id: string): ProjectDoc {
  if (findClip(doc, id).trackId === 'original') throw new EditError('the original sound cannot be deleted (mute its track instead)');
  return { ...doc, clips: doc.clips.filter((c) => c.id !== id) };
}
