import type { OnsetSource, Span } from '../../../main/contract/domains/project-doc';
import type { ProjectDoc } from './doc';
import { findSpan, fpsOf } from './doc';
import { frameDuration, snapToFrame } from './time';

/** The onsets the next generation follows: the user's edits when any, else the model's prediction. */
export function effectiveOnsets(span: Span): number[] {
  return span.onsets ?? span.predictedOnsets;
}

/** An onset marker with who placed it. */
export interface OnsetMark {
  t: number;
  source: OnsetSource;
}

/**
 * The effective onsets with their sources: the prediction is the model's; edited onsets carry their tags (a
 * document without tags, or with a list that does not match, counts them as the user's).
 */
export function onsetMarks(span: Span): OnsetMark[] {
  if (!span.onsets) return span.predictedOnsets.map((t) => ({ t, source: 'model' }));
  const tags = span.onsetSources?.length === span.onsets.length ? span.onsetSources : undefined;
  return span.onsets.map((t, i) => ({ t, source: tags?.[i] ?? 'user' }));
}

/** The span with these marks as its edited onsets (times and sources kept in step). */
export function withMarks(span: Span, marks: OnsetMark[]): Span {
  return { ...span, onsets: marks.map((m) => m.t), onsetSources: marks.map((m) => m.source) };
}

function editOnsets(doc: ProjectDoc, spanId: string, fn: (xs: OnsetMark[], span: Span) => OnsetMark[]): ProjectDoc {
  const span = findSpan(doc, spanId);
  const fps = fpsOf(doc);
  // Snapped, inside the span, sorted and without duplicates (two markers on one frame are one onset: the first kept).
  const seen = new Set<number>();
  const next: OnsetMark[] = [];
  for (const m of fn(onsetMarks(span), span)) {
    const t = snapToFrame(m.t, fps);
    if (t < span.start || t >= span.end || seen.has(t)) continue;
    seen.add(t);
    next.push({ t, source: m.source });
  }
  next.sort((a, b) => a.t - b.t);
  return { ...doc, spans: doc.spans.map((s) => (s.id === spanId ? withMarks(s, next) : s)) };
}

/** Stores the timing head's prediction (timeline seconds); the user's edits, if any, are kept. */
export function setPredictedOnsets(doc: ProjectDoc, spanId: string, times: number[]): ProjectDoc {
  const fps = fpsOf(doc);
  return { ...doc, spans: doc.spans.map((s) => (s.id === spanId ? { ...s, predictedOnsets: times.map((t) => snapToFrame(t, fps)) } : s)) };
}

export function addOnset(doc: ProjectDoc, spanId: string, t: number): ProjectDoc {
  return editOnsets(doc, spanId, (xs) => [...xs, { t, source: 'user' }]);
}

export function moveOnset(doc: ProjectDoc, spanId: string, index: number, t: number): ProjectDoc {
  // A dragged marker stays inside its span (clamped to the last frame) rather than vanishing off its edge.
  // A moved marker is the user's, wherever it came from.
  const moved = (s: Span): OnsetMark => ({ t: Math.min(Math.max(t, s.start), s.end - frameDuration(fpsOf(doc))), source: 'user' });
  return editOnsets(doc, spanId, (xs, s) => xs.map((x, i) => (i === index ? moved(s) : x)));
}

/**
 * A drag step: the marker now at time `from` moves to `to`; returns where it landed (snapped, inside the span), which
 * is the `from` of the next step. Following the marker by time, not index, keeps a drag on the same marker when it
 * passes a neighbour (the list is re-sorted). A frame another marker holds is skipped (the drag waits there, then
 * hops over): two markers on one frame would merge and the neighbour would be lost. An unknown `from` changes nothing.
 */
export function dragOnset(doc: ProjectDoc, spanId: string, from: number, to: number): { doc: ProjectDoc; at: number } {
  const span = findSpan(doc, spanId);
  const marks = onsetMarks(span);
  const index = marks.findIndex((m) => m.t === from);
  if (index < 0) return { doc, at: from };
  const fps = fpsOf(doc);
  const at = snapToFrame(Math.min(Math.max(to, span.start), span.end - frameDuration(fps)), fps);
  if (at !== from && marks.some((m) => m.t === at)) return { doc, at: from };
  return { doc: moveOnset(doc, spanId, index, to), at };
}

export function deleteOnset(doc: ProjectDoc, spanId: string, index: number): ProjectDoc {
  return editOnsets(doc, spanId, (xs) => xs.filter((_, i) => i !== index));
}

/**
 * Markers from the guide track (the video's own sound): they replace the span's earlier guide-track and model
 * markers; markers the user placed stay (on a shared frame the user's wins).
 */
export function setGuideOnsets(doc: ProjectDoc, spanId: string, times: number[]): ProjectDoc {
  return editOnsets(doc, spanId, (xs) => [...xs.filter((m) => m.source === 'user'), ...times.map((t) => ({ t, source: 'guide' as const }))]);
}

/** Back to the model's prediction. */
export function resetOnsets(doc: ProjectDoc, spanId: string): ProjectDoc {
  return { ...doc, spans: doc.spans.map((s) => (s.id === spanId ? { ...s, onsets: null, onsetSources: undefined } : s)) };
}

/** The span's edited onsets (and their sources, in step) that lie inside [start, end): for trimming a span. */
export function onsetsInside(span: Span, start: number, end: number): Pick<Span, 'onsets' | 'onsetSources'> {
  if (!span.onsets) return { onsets: null, onsetSources: span.onsetSources };
  const kept = onsetMarks(span).filter((m) => m.t >= start && m.t < end);
  return { onsets: kept.map((m) => m.t), onsetSources: kept.map((m) => m.source) };
}
