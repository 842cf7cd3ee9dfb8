import type { ProjectDoc, Span, Track } from './domains/project-doc';

/**
 * Where each piece of audio of a project sits, and which tracks sound: the ONE rule that editor playback
 * (renderer/src/audio/voices.ts) and the offline export (main/engine/export/timeline.ts) both read, so what a user
 * hears is what the stems contain. Pure: no I/O, importable from the renderer and the engine alike.
 */
export interface PlacedAudio {
  /** Clip id, or `spanId:takeId` for a span's take. */
  id: string;
  trackId: string;
  kind: 'clip' | 'take';
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
  /** For takes: the span and the take's id (provenance for BWF descriptions, labels). */
  spanId?: string;
  takeId?: string;
}

/**
 * Clips as they are, then each span's chosen take at span.start, as long as the span (never past the take's own
 * length). `chosenTake` lets the editor audition another take without editing the document.
 */
export function placedAudio(doc: ProjectDoc, chosenTake: (span: Span) => string | null = (s) => s.activeTakeId): PlacedAudio[] {
  const items: PlacedAudio[] = doc.clips.map((c) => ({
    id: c.id,
    trackId: c.trackId,
    kind: 'clip',
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
    const takeId = chosenTake(span);
    const take = span.takes.find((t) => t.id === takeId);
    const length = span.end - span.start;
    if (!take || !(length > 0)) continue; // a span without a chosen take is silent
    items.push({
      id: `${span.id}:${take.id}`,
      trackId: span.trackId,
      kind: 'take',
      path: take.path,
      start: span.start,
      duration: Math.min(length, take.seconds),
      offset: 0,
      gainDb: span.gainDb,
      fadeIn: span.fadeIn,
      fadeOut: span.fadeOut,
      loop: false,
      loopCrossfade: 0,
      spanId: span.id,
      takeId: take.id,
    });
  }
  return items;
}

/** Tracks that sound: with any track soloed exactly the soloed ones (solo wins over mute); else every unmuted one. */
export function audibleTrackIds(tracks: readonly Track[]): Set<string> {
  const anySolo = tracks.some((t) => t.solo);
  return new Set(tracks.filter((t) => (anySolo ? t.solo : !t.mute)).map((t) => t.id));
}
