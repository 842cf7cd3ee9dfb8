import type { ProjectDoc, Track } from '../../contract/domains/project-doc';

/**
 * One piece of audio on a track, whatever made it: a clip, or the active take of a span (placed at span.start,
 * as long as the span). The renderer (offline mix), the .rpp and the .otio writers all read this one list, so
 * they cannot disagree about where things are. Times in seconds on the video timeline.
 */
export interface TimelineItem {
  id: string;
  trackId: string;
  kind: 'clip' | 'take';
  name: string;
  /** As written in the document (absolute, or relative to the project folder). */
  path: string;
  start: number;
  duration: number;
  /** Where in the source the item starts. */
  offset: number;
  gainDb: number;
  fadeIn: number;
  fadeOut: number;
  loop: boolean;
  loopCrossfade: number;
  /** Provenance for the BWF description: the take's bundle, seed and condition clip. */
  take?: { bundleId: string; seed: number; condition: string | null };
}

export function timelineItems(doc: ProjectDoc): TimelineItem[] {
  const items: TimelineItem[] = doc.clips.map((c) => ({
    id: c.id,
    trackId: c.trackId,
    kind: 'clip',
    name: c.label ?? c.id,
    path: c.source.path,
    start: c.start,
    duration: c.duration,
    offset: c.offset,
    gainDb: c.gainDb,
    fadeIn: c.fadeIn,
    fadeOut: c.fadeOut,
    loop: c.loop,
    loopCrossfade: c.loopCrossfade,
  }));
  for (const span of doc.spans) {
    const take = span.takes.find((t) => t.id === span.activeTakeId);
    if (!take) continue; // a span without a chosen take is silent
    const length = span.end - span.start;
    if (!(length > 0)) continue;
    const condition = take.condition?.source?.path ?? span.condition.source?.path ?? null;
    items.push({
      id: `${span.id}:${take.id}`,
      trackId: span.trackId,
      kind: 'take',
      name: `${span.id} take ${take.id}`,
      path: take.path,
      start: span.start,
      duration: Math.min(length, take.seconds),
      offset: 0,
      gainDb: span.gainDb,
      fadeIn: span.fadeIn,
      fadeOut: span.fadeOut,
      loop: false,
      loopCrossfade: 0,
      take: { bundleId: take.bundleId, seed: take.seed, condition },
    });
  }
  return items.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
}

/**
 * Mute/solo as the editor plays it (renderer/src/audio/voices.ts `audible`): with any track soloed exactly the
 * soloed tracks sound (solo wins over mute); otherwise every unmuted track.
 */
export function audibleTracks(tracks: readonly Track[]): Set<string> {
  const anySolo = tracks.some((t) => t.solo);
  return new Set(tracks.filter((t) => (anySolo ? t.solo : !t.mute)).map((t) => t.id));
}

/** The exported range: the video's length from its start, unless a range is chosen; without a video, to the last item's end. */
export function exportRange(doc: ProjectDoc, items: readonly TimelineItem[], range?: { start: number; end: number }): { start: number; end: number } {
  if (range) return range;
  const end = doc.video?.duration ?? Math.max(0, ...items.map((i) => i.start + i.duration));
  return { start: 0, end };
}
