import type { ProjectDoc } from '../timeline/doc';

/** One thing that sounds: a clip, or the active take of a span, on a track. Pure data derived from the document. */
export interface Voice {
  key: string;
  trackId: string;
  path: string;
  start: number;
  duration: number;
  offset: number;
  gainDb: number;
  fadeIn: number;
  fadeOut: number;
  loop: boolean;
  loopCrossfade: number;
}

/** A scheduled piece of a voice: play the source from `offset` for `duration` at timeline time `at`. */
export interface Segment {
  at: number;
  offset: number;
  duration: number;
}

/** The voices of a document; the original-sound clip is left out (the <video> element plays it, in sync by design). */
export function voicesOf(doc: ProjectDoc, override: ReadonlyMap<string, string> = new Map()): Voice[] {
  const voices: Voice[] = [];
  for (const c of doc.clips) {
    if (c.trackId === 'original') continue;
    voices.push({ key: c.id, trackId: c.trackId, path: c.source.path, start: c.start, duration: c.duration, offset: c.offset, gainDb: c.gainDb, fadeIn: c.fadeIn, fadeOut: c.fadeOut, loop: c.loop, loopCrossfade: c.loopCrossfade });
  }
  for (const s of doc.spans) {
    const takeId = override.get(s.id) ?? s.activeTakeId;
    const take = s.takes.find((t) => t.id === takeId);
    if (!take) continue;
    voices.push({ key: `${s.id}:${take.id}`, trackId: s.trackId, path: take.path, start: s.start, duration: s.end - s.start, offset: 0, gainDb: s.gainDb, fadeIn: s.fadeIn, fadeOut: s.fadeOut, loop: false, loopCrossfade: 0 });
  }
  return voices;
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

/** Tracks that sound: solo wins over mute. */
export function audible(doc: ProjectDoc): Set<string> {
  const anySolo = doc.tracks.some((t) => t.solo);
  return new Set(doc.tracks.filter((t) => (anySolo ? t.solo : !t.mute)).map((t) => t.id));
}
