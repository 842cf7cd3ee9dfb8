import type { Span } from '../../../main/contract/domains/project-doc';
import type { ProjectDoc } from './doc';
import { findSpan, fpsOf } from './doc';
import { frameDuration, snapToFrame } from './time';

/** The onsets the next generation follows: the user's edits when any, else the model's prediction. */
export function effectiveOnsets(span: Span): number[] {
  return span.onsets ?? span.predictedOnsets;
}

function editOnsets(doc: ProjectDoc, spanId: string, fn: (xs: number[], span: Span) => number[]): ProjectDoc {
  const span = findSpan(doc, spanId);
  const fps = fpsOf(doc);
  // Snapped, inside the span, sorted and without duplicates (two markers on one frame are one onset).
  const next = [...new Set(fn([...effectiveOnsets(span)], span).map((t) => snapToFrame(t, fps)))]
    .filter((t) => t >= span.start && t < span.end)
    .sort((a, b) => a - b);
  return { ...doc, spans: doc.spans.map((s) => (s.id === spanId ? { ...s, onsets: next } : s)) };
}

/** Stores the timing head's prediction (timeline seconds); the user's edits, if any, are kept. */
export function setPredictedOnsets(doc: ProjectDoc, spanId: string, times: number[]): ProjectDoc {
  const fps = fpsOf(doc);
  return { ...doc, spans: doc.spans.map((s) => (s.id === spanId ? { ...s, predictedOnsets: times.map((t) => snapToFrame(t, fps)) } : s)) };
}

export function addOnset(doc: ProjectDoc, spanId: string, t: number): ProjectDoc {
  return editOnsets(doc, spanId, (xs) => [...xs, t]);
}

export function moveOnset(doc: ProjectDoc, spanId: string, index: number, t: number): ProjectDoc {
  // A dragged marker stays inside its span (clamped to the last frame) rather than vanishing off its edge.
  return editOnsets(doc, spanId, (xs, s) => xs.map((x, i) => (i === index ? Math.min(Math.max(t, s.start), s.end - frameDuration(fpsOf(doc))) : x)));
}

export function deleteOnset(doc: ProjectDoc, spanId: string, index: number): ProjectDoc {
  return editOnsets(doc, spanId, (xs) => xs.filter((_, i) => i !== index));
}

/** Back to the model's prediction. */
export function resetOnsets(doc: ProjectDoc, spanId: string): ProjectDoc {
  return { ...doc, spans: doc.spans.map((s) => (s.id === spanId ? { ...s, onsets: null } : s)) };
}
