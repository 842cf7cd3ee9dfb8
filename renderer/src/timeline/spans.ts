import type { Condition, Span, Take } from '../../../main/contract/domains/project-doc';
import type { ProjectDoc } from './doc';
import { findSpan, fpsOf, newId, occupancy, timelineLength } from './doc';
import { EditError } from './errors';
import { isFree, resolveMove, trimBounds } from './intervals';
import { onsetsInside } from './onsets';
import { frameDuration, snapToFrame } from './time';
import { addTrack } from './tracks';

export const DEFAULT_SETTINGS: Span['settings'] = { takes: 2, seed: 0, steps: 25, guidance: 3 };

/**
 * Adds a span over [start, end) snapped to frames. It goes on `trackId` when given and free; otherwise on the first
 * action track with room, and a new action track is made when none has (layering, docs/DESIGN.md §1.4). `defaults` are the
 * active bundle's sampler settings (steps, guidance), which override the fallbacks above.
 */
export function addSpan(
  doc: ProjectDoc,
  range: { start: number; end: number; trackId?: string; id?: string },
  defaults: Partial<Span['settings']> = {},
): { doc: ProjectDoc; spanId: string } {
  const fps = fpsOf(doc);
  const limit = timelineLength(doc);
  let start = snapToFrame(Math.max(0, Math.min(range.start, range.end)), fps);
  let end = snapToFrame(Math.min(limit, Math.max(range.start, range.end)), fps);
  if (end - start < frameDuration(fps) - 1e-9) throw new EditError('a span needs at least one frame: drag a range or set I and O first');
  start = Math.max(0, start);
  end = Math.min(end, limit);
  let target = range.trackId;
  if (target) {
    const t = doc.tracks.find((x) => x.id === target);
    if (!t || t.kind !== 'action') throw new EditError('spans go on action tracks');
    if (!isFree(occupancy(doc, target), start, end)) target = undefined;
  }
  target ??= doc.tracks.find((t) => t.kind === 'action' && isFree(occupancy(doc, t.id), start, end))?.id;
  if (!target) {
    const trackId = newId('action');
    doc = addTrack(doc, 'action', trackId);
    target = trackId;
  }
  const span: Span = {
    id: range.id ?? newId('span'), trackId: target, start, end,
    condition: { mode: 'joint', source: null }, onsets: null, predictedOnsets: [],
    settings: { ...DEFAULT_SETTINGS, ...defaults }, takes: [], activeTakeId: null, gainDb: 0, fadeIn: 0.005, fadeOut: 0.02,
  };
  return { doc: { ...doc, spans: [...doc.spans, span] }, spanId: span.id };
}

function mapSpan(doc: ProjectDoc, id: string, fn: (s: Span) => Span): ProjectDoc {
  findSpan(doc, id);
  return { ...doc, spans: doc.spans.map((s) => (s.id === id ? fn(s) : s)) };
}

/** Moves a span (onsets travel with it); it lands on the nearest free position of the target track. */
export function moveSpan(doc: ProjectDoc, id: string, desiredStart: number, trackId?: string): ProjectDoc {
  const span = findSpan(doc, id);
  const track = trackId ?? span.trackId;
  if (doc.tracks.find((t) => t.id === track)?.kind !== 'action') throw new EditError('spans go on action tracks');
  const len = span.end - span.start;
  const fps = fpsOf(doc);
  const landed = resolveMove(occupancy(doc, track), id, snapToFrame(desiredStart, fps), len, timelineLength(doc));
  if (landed === null) throw new EditError('no room for this span on that track');
  const start = snapToFrame(landed, fps);
  const d = start - span.start;
  const shift = (xs: number[]) => xs.map((x) => x + d);
  return mapSpan(doc, id, (s) => ({
    ...s, trackId: track, start, end: start + len,
    onsets: s.onsets ? shift(s.onsets) : null, predictedOnsets: shift(s.predictedOnsets),
  }));
}

/** Moves one edge to a frame, stopping at neighbours and keeping at least one frame. Onsets outside are dropped. */
export function trimSpan(doc: ProjectDoc, id: string, edge: 'start' | 'end', t: number): ProjectDoc {
  const span = findSpan(doc, id);
  const fps = fpsOf(doc);
  const { min, max } = trimBounds(occupancy(doc, span.trackId), { id, start: span.start, end: span.end }, timelineLength(doc));
  const one = frameDuration(fps);
  let start = span.start;
  let end = span.end;
  if (edge === 'start') start = Math.min(Math.max(snapToFrame(t, fps), min), end - one);
  else end = Math.max(Math.min(snapToFrame(t, fps), max), start + one);
  const inside = (xs: number[]) => xs.filter((x) => x >= start && x < end);
  return mapSpan(doc, id, (s) => ({ ...s, start, end, ...onsetsInside(s, start, end), predictedOnsets: inside(s.predictedOnsets) }));
}

export function deleteSpan(doc: ProjectDoc, id: string): ProjectDoc {
  return { ...doc, spans: doc.spans.filter((s) => s.id !== id) };
}

/**
 * The condition after a mode change. Clean and "action + ambience" each pick their own clip, so a clip picked for
 * another mode is dropped (keeping it would label takes "clean" that a forest bed conditioned); custom keeps the clip.
 */
export function withMode(c: Condition, mode: Condition['mode']): Condition {
  if (mode === c.mode || mode === 'custom') return { ...c, mode };
  return { mode, source: null };
}

export function setCondition(doc: ProjectDoc, id: string, condition: Condition): ProjectDoc {
  return mapSpan(doc, id, (s) => ({ ...s, condition }));
}

export function setSettings(doc: ProjectDoc, id: string, patch: Partial<Span['settings']>): ProjectDoc {
  return mapSpan(doc, id, (s) => ({ ...s, settings: { ...s.settings, ...patch } }));
}

/** Gain and fades of the span's take; fades never overlap each other. */
export function setSpanMix(doc: ProjectDoc, id: string, patch: Partial<Pick<Span, 'gainDb' | 'fadeIn' | 'fadeOut'>>): ProjectDoc {
  return mapSpan(doc, id, (s) => {
    const len = s.end - s.start;
    const fadeIn = Math.min(Math.max(0, patch.fadeIn ?? s.fadeIn), len);
    const fadeOut = Math.min(Math.max(0, patch.fadeOut ?? s.fadeOut), len - fadeIn);
    return { ...s, gainDb: Math.min(24, Math.max(-120, patch.gainDb ?? s.gainDb)), fadeIn, fadeOut };
  });
}

/** New takes from a generation; the first new one becomes active so the designer hears the result at once. */
export function addTakes(doc: ProjectDoc, id: string, takes: Take[]): ProjectDoc {
  if (takes.length === 0) return doc;
  return mapSpan(doc, id, (s) => ({ ...s, takes: [...s.takes, ...takes], activeTakeId: takes[0]!.id }));
}

export function pickTake(doc: ProjectDoc, id: string, takeId: string): ProjectDoc {
  return mapSpan(doc, id, (s) => {
    if (!s.takes.some((t) => t.id === takeId)) throw new EditError(`span has no take ${takeId}`);
    return { ...s, activeTakeId: takeId };
  });
}

export function removeTake(doc: ProjectDoc, id: string, takeId: string): ProjectDoc {
  return mapSpan(doc, id, (s) => {
    const takes = s.takes.filter((t) => t.id !== takeId);
    const activeTakeId = s.activeTakeId === takeId ? (takes.at(-1)?.id ?? null) : s.activeTakeId;
    return { ...s, takes, activeTakeId };
  });
}
