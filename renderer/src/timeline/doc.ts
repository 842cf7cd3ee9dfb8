import type { Clip, ProjectDoc, Span, Track, VideoRef } from '../../../main/contract/domains/project-doc';
import type { Interval } from './intervals';
import { DEFAULT_FPS, type Fps } from './time';

export type { Clip, ProjectDoc, Span, Track, VideoRef };

/** Unique enough for a document edited by one person; readable in project.json. */
export function newId(prefix: string): string {
  const rnd = Math.random().toString(36).slice(2, 10);
  return `${prefix}-${Date.now().toString(36)}${rnd}`;
}

/** A new project: the original-sound track (muted by default, docs/DESIGN.md §1.4), one action and one ambient track. */
export function createDoc(name: string, now = new Date().toISOString()): ProjectDoc {
  return {
    format: 'a2s-project/1',
    name,
    created: now,
    modified: now,
    video: null,
    sampleRate: 48000,
    tracks: [
      { id: 'original', kind: 'original', name: 'Original sound', gainDb: 0, mute: true, solo: false },
      { id: 'action-1', kind: 'action', name: 'Action 1', gainDb: 0, mute: false, solo: false },
      { id: 'ambient-1', kind: 'ambient', name: 'Ambience 1', gainDb: 0, mute: false, solo: false },
    ],
    clips: [],
    spans: [],
    markers: [],
  };
}

export function fpsOf(doc: ProjectDoc): Fps {
  return doc.video?.fps ?? DEFAULT_FPS;
}

/** The timeline's length: the video's, or (before a video) enough room for what is on it. */
export function timelineLength(doc: ProjectDoc): number {
  if (doc.video) return doc.video.duration;
  const ends = [...doc.spans.map((s) => s.end), ...doc.clips.map((c) => c.start + c.duration)];
  return Math.max(60, ...ends);
}

export function findTrack(doc: ProjectDoc, id: string): Track {
  const t = doc.tracks.find((x) => x.id === id);
  if (!t) throw new Error(`no track ${id}`);
  return t;
}

export function findSpan(doc: ProjectDoc, id: string): Span {
  const s = doc.spans.find((x) => x.id === id);
  if (!s) throw new Error(`no span ${id}`);
  return s;
}

export function findClip(doc: ProjectDoc, id: string): Clip {
  const c = doc.clips.find((x) => x.id === id);
  if (!c) throw new Error(`no clip ${id}`);
  return c;
}

/** Everything that occupies a track (spans and clips share the no-overlap rule). */
export function occupancy(doc: ProjectDoc, trackId: string): Interval[] {
  return [
    ...doc.spans.filter((s) => s.trackId === trackId).map((s) => ({ id: s.id, start: s.start, end: s.end })),
    ...doc.clips.filter((c) => c.trackId === trackId).map((c) => ({ id: c.id, start: c.start, end: c.start + c.duration })),
  ];
}

/** Tracks that sound: solo wins over mute, as in every mixer. */
export function audibleTrackIds(doc: ProjectDoc): Set<string> {
  const anySolo = doc.tracks.some((t) => t.solo);
  return new Set(doc.tracks.filter((t) => (anySolo ? t.solo : !t.mute)).map((t) => t.id));
}
