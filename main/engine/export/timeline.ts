import type { ProjectDoc } from '../../contract/domains/project-doc';
import { conditionClipName } from '../../contract/condition-words';
import { audibleTrackIds, placedAudio, type PlacedAudio } from '../../contract/placement';

/**
 * One piece of audio on a track, whatever made it: a clip, or the active take of a span (placed at span.start,
 * as long as the span). The renderer (offline mix), the .rpp and the .otio writers all read this one list, so
 * they cannot disagree about where things are. Times in seconds on the video timeline.
 */
export interface TimelineItem extends Omit<PlacedAudio, 'spanId' | 'takeId'> {
  name: string;
  /** Provenance for the BWF description: the take's bundle, seed and condition clip. */
  take?: { bundleId: string; seed: number; condition: string | null };
}

/** "rain_bed.wav" → "rain_bed" (either separator: documents travel between systems). */
function stemOf(p: string): string {
  return (p.split(/[\\/]/).filter(Boolean).at(-1) ?? p).replace(/\.[^.]+$/, '');
}

/**
 * Items are named as the timeline shows them, never by internal id: a clip by its label (else its file's name), a
 * take as "Span 2 · take 3 · seed 1236" (spans numbered by where they start, takes as the takes list counts them).
 */
export function timelineItems(doc: ProjectDoc): TimelineItem[] {
  const spans = new Map(doc.spans.map((s) => [s.id, s]));
  const spanNumber = new Map([...doc.spans].sort((a, b) => a.start - b.start || a.id.localeCompare(b.id)).map((s, i) => [s.id, i + 1]));
  const clips = new Map(doc.clips.map((c) => [c.id, c]));
  const items = placedAudio(doc).map((p): TimelineItem => {
    const { spanId, takeId, ...base } = p;
    if (p.kind === 'clip') return { ...base, name: clips.get(p.id)?.label ?? stemOf(p.path) };
    const span = spans.get(spanId!)!;
    const index = span.takes.findIndex((t) => t.id === takeId);
    const take = span.takes[index]!;
    const used = take.condition?.source ?? span.condition.source;
    const condition = used ? conditionClipName(used) : null;
    const name = `Span ${spanNumber.get(span.id)} · take ${index + 1} · seed ${take.seed}`;
    return { ...base, name, take: { bundleId: take.bundleId, seed: take.seed, condition } };
  });
  return items.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
}

/** Mute/solo as the editor plays it (one rule: main/contract/placement.ts). */
export const audibleTracks = audibleTrackIds;

/** The exported range: the video's length from its start, unless a range is chosen; without a video, to the last item's end. */
export function exportRange(doc: ProjectDoc, items: readonly TimelineItem[], range?: { start: number; end: number }): { start: number; end: number } {
  if (range) return range;
  const end = doc.video?.duration ?? Math.max(0, ...items.map((i) => i.start + i.duration));
  return { start: 0, end };
}
