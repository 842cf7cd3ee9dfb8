import { describe, expect, it } from 'vitest';
import { EditorStore, addSpan, createDoc, pickTake, addTakes, updateTrack, setVideo } from './index';

const take = (id: string) => ({ id, path: `/r/${id}.wav`, seed: 1, seconds: 3, createdAt: '2026-01-01T00:00:00Z', bundleId: 'tiny' });

function store() {
  const s = new EditorStore();
  s.load(setVideo(createDoc('t'), { path: '/v.mp4', duration: 30, fps: { num: 25, den: 1 }, width: 64, height: 48, hasAudio: true }));
  return s;
}

describe('undo/redo', () => {
  it('undo walks back each edit in order, redo replays them, and a new edit drops the redo branch', () => {
    const s = store();
    const d0 = s.getState().doc;
    s.apply('add span', (d) => addSpan(d, { start: 2, end: 5, id: 'a' }).doc);
    s.apply('takes', (d) => addTakes(d, 'a', [take('t1'), take('t2')]));
    s.apply('pick take 2', (d) => pickTake(d, 'a', 't2'));
    const d3 = s.getState().doc;
    expect(s.undo()).toBe('pick take 2');
    expect(s.getState().doc.spans[0]!.activeTakeId).toBe('t1');
    s.undo();
    s.undo();
    expect(s.getState().doc).toBe(d0);
    expect(s.undo()).toBeNull();
    s.redo();
    s.redo();
    s.redo();
    expect(s.getState().doc).toBe(d3);
    s.undo();
    s.apply('mute', (d) => updateTrack(d, 'action-1', { mute: true }));
    expect(s.redo()).toBeNull();
  });

  it('a continuous gesture with one coalesce key is one undo step', () => {
    const s = store();
    for (const g of [-1, -2, -3, -6]) s.apply('gain', (d) => updateTrack(d, 'action-1', { gainDb: g }), { coalesce: 'gain:action-1' });
    expect(s.getState().doc.tracks[1]!.gainDb).toBe(-6);
    s.undo();
    expect(s.getState().doc.tracks[1]!.gainDb).toBe(0);
  });

  it('a refused edit changes nothing and leaves no history entry', () => {
    const s = store();
    const before = s.getState().doc;
    expect(() => s.apply('bad', (d) => addSpan(d, { start: 1, end: 1 }).doc)).toThrow();
    expect(s.getState().doc).toBe(before);
    expect(s.getState().undoLabel).toBeNull();
  });

  it('the document is dirty after an edit and clean again when undone back to the saved state', () => {
    const s = store();
    s.apply('mute', (d) => updateTrack(d, 'action-1', { mute: true }));
    expect(s.getState().dirty).toBe(true);
    s.undo();
    expect(s.getState().dirty).toBe(false);
  });

  it('undoing the creation of the selected span clears the selection', () => {
    const s = store();
    s.apply('add span', (d) => addSpan(d, { start: 2, end: 5, id: 'a' }).doc);
    s.select({ kind: 'span', id: 'a' });
    s.undo();
    expect(s.getState().selection).toBeNull();
  });
});
