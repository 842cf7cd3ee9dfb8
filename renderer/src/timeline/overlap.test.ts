import { describe, expect, it } from 'vitest';
import { addClip, addOnset, addSpan, createDoc, moveOnset, moveSpan, setVideo, trimClip, trimSpan, effectiveOnsets, setPredictedOnsets } from './index';
import { resolveMove } from './intervals';

const fps = { num: 25, den: 1 };
const base = () => setVideo(createDoc('t'), { path: '/v.mp4', duration: 30, fps, width: 64, height: 48, hasAudio: true });

describe('overlap rules', () => {
  it('a span dropped onto another lands on the nearest free position instead of overlapping', () => {
    let doc = addSpan(base(), { start: 2, end: 5, id: 'a' }).doc;
    doc = addSpan(doc, { start: 6, end: 8, id: 'b' }).doc;
    doc = moveSpan(doc, 'b', 4.5);
    const b = doc.spans.find((s) => s.id === 'b')!;
    expect(b.start).toBe(5);
    expect(b.end).toBe(7);
  });

  it('an overlapping new span goes to a new action track (layering), not on top of the old one', () => {
    let doc = addSpan(base(), { start: 2, end: 5 }).doc;
    const r = addSpan(doc, { start: 3, end: 4 });
    doc = r.doc;
    const tracks = doc.tracks.filter((t) => t.kind === 'action');
    expect(tracks).toHaveLength(2);
    expect(doc.spans.find((s) => s.id === r.spanId)!.trackId).toBe(tracks[1]!.id);
  });

  it('a new span starts with the bundle\'s sampler settings when given, the fallbacks otherwise', () => {
    const lit = addSpan(base(), { start: 2, end: 5, id: 'a' }, { steps: 14, guidance: 2.5 }).doc.spans[0]!;
    expect(lit.settings).toEqual({ takes: 2, seed: 0, steps: 14, guidance: 2.5 });
    expect(addSpan(base(), { start: 2, end: 5 }).doc.spans[0]!.settings.steps).toBe(25);
  });

  it('a trim stops at the neighbour and keeps at least one frame', () => {
    let doc = addSpan(base(), { start: 2, end: 5, id: 'a' }).doc;
    doc = addSpan(doc, { start: 6, end: 8, id: 'b', trackId: 'action-1' }).doc;
    doc = trimSpan(doc, 'a', 'end', 7);
    expect(doc.spans.find((s) => s.id === 'a')!.end).toBe(6);
    doc = trimSpan(doc, 'a', 'start', 9);
    const a = doc.spans.find((s) => s.id === 'a')!;
    expect(a.end - a.start).toBeCloseTo(0.04, 9);
  });

  it('a move with no gap long enough is refused', () => {
    expect(resolveMove([{ id: 'x', start: 0, end: 10 }], 'y', 3, 2, 10)).toBeNull();
  });

  it('ambient library clips go on a free ambient track, looped', () => {
    let doc = addClip(base(), { source: { path: '/rain.wav' }, start: 0, duration: 10, id: 'c1' }).doc;
    doc = addClip(doc, { source: { path: '/wind.wav' }, start: 5, duration: 10, id: 'c2' }).doc;
    const c2 = doc.clips.find((c) => c.id === 'c2')!;
    expect(c2.trackId).not.toBe('ambient-1');
    expect(c2.loop).toBe(true);
  });

  it('trimming a clip start keeps its audio in place by moving the source offset', () => {
    let doc = addClip(base(), { trackId: 'action-1', source: { path: '/hit.wav' }, start: 1, duration: 4, loop: false, id: 'c' }).doc;
    doc = trimClip(doc, 'c', 'start', 2);
    const c = doc.clips[1]!;
    expect([c.start, c.duration, c.offset]).toEqual([2, 3, 1]);
    doc = trimClip(doc, 'c', 'start', 0); // cannot reveal audio before the file starts
    expect(doc.clips[1]!.start).toBe(1);
  });

  it('onset markers snap to frames, stay inside their span and move with it', () => {
    let doc = addSpan(base(), { start: 2, end: 5, id: 'a' }).doc;
    doc = setPredictedOnsets(doc, 'a', [2.51, 3.29]);
    expect(effectiveOnsets(doc.spans[0]!)).toEqual([2.52, 3.28]);
    doc = addOnset(doc, 'a', 4.013);
    doc = moveOnset(doc, 'a', 0, 9);
    expect(doc.spans[0]!.onsets).toEqual([3.28, 4.0, 4.96]);
    doc = moveSpan(doc, 'a', 10);
    expect(doc.spans[0]!.onsets!.map((x) => +x.toFixed(6))).toEqual([11.28, 12, 12.96]);
  });
});
