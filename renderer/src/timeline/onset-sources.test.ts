import { describe, expect, it } from 'vitest';
import { ProjectDoc } from '../../../main/contract/domains/project-doc';
import { EditorStore, addOnset, addSpan, createDoc, moveOnset, moveSpan, onsetMarks, resetOnsets, setGuideOnsets, setPredictedOnsets, setVideo, trimSpan } from './index';
import { toProjectDoc } from './serialize';

const fps = { num: 25, den: 1 };
const base = () => addSpan(setVideo(createDoc('t'), { path: '/v.mp4', duration: 30, fps, width: 64, height: 48, hasAudio: true }), { start: 2, end: 5, id: 'a' }).doc;
const marks = (doc: ProjectDoc) => onsetMarks(doc.spans[0]!).map((m) => `${m.t}:${m.source}`);

// Issue 15: onset markers say who placed them (user, model, guide track), in step with the times through every edit.
describe('onset marker sources', () => {
  it('guide-track markers replace earlier guide and predicted markers, keep the user\'s, and are tagged guide', () => {
    let doc = setPredictedOnsets(base(), 'a', [2.4, 3]);
    expect(marks(doc)).toEqual(['2.4:model', '3:model']);
    doc = addOnset(doc, 'a', 4.2); // the first edit copies the prediction, still the model's
    expect(marks(doc)).toEqual(['2.4:model', '3:model', '4.2:user']);
    doc = setGuideOnsets(doc, 'a', [2.21, 3.48, 4.2, 7]); // snapped; 4.2 is the user's frame; 7 is outside
    expect(marks(doc)).toEqual(['2.2:guide', '3.48:guide', '4.2:user']);
    doc = setGuideOnsets(doc, 'a', [2.6]);
    expect(marks(doc)).toEqual(['2.6:guide', '4.2:user']);
    doc = moveOnset(doc, 'a', 0, 2.8); // a moved marker is the user's
    expect(marks(doc)).toEqual(['2.8:user', '4.2:user']);
  });

  it('trims and moves keep sources in step; reset forgets them', () => {
    let doc = setGuideOnsets(addOnset(base(), 'a', 2.2), 'a', [3, 4.4]);
    expect(marks(doc)).toEqual(['2.2:user', '3:guide', '4.4:guide']);
    doc = trimSpan(doc, 'a', 'start', 2.6);
    expect(marks(doc)).toEqual(['3:guide', '4.4:guide']);
    doc = moveSpan(doc, 'a', 10.6);
    expect(onsetMarks(doc.spans[0]!).map((m) => m.source)).toEqual(['guide', 'guide']);
    doc = resetOnsets(doc, 'a');
    expect(doc.spans[0]!.onsetSources).toBeUndefined();
    expect(doc.spans[0]!.onsets).toBeNull();
  });

  it('documents without sources (or with a list that does not match) read as the user\'s markers', () => {
    const old = JSON.parse(JSON.stringify(toProjectDoc(addOnset(base(), 'a', 3)))) as { spans: Record<string, unknown>[] };
    delete old.spans[0]!.onsetSources;
    expect(marks(ProjectDoc.parse(old))).toEqual(['3:user']);
    old.spans[0]!.onsetSources = ['guide', 'guide'];
    expect(marks(ProjectDoc.parse(old))).toEqual(['3:user']);
    const saved = ProjectDoc.parse(JSON.parse(JSON.stringify(toProjectDoc(setGuideOnsets(base(), 'a', [3])))));
    expect(marks(saved)).toEqual(['3:guide']); // survives a save
  });

  it('one undo removes the guide-track markers', () => {
    const s = new EditorStore();
    s.load(addOnset(base(), 'a', 2.2));
    const before = s.getState().doc;
    s.apply('markers from guide track', (d) => setGuideOnsets(d, 'a', [3, 4]));
    expect(marks(s.getState().doc)).toEqual(['2.2:user', '3:guide', '4:guide']);
    expect(s.undo()).toBe('markers from guide track');
    expect(s.getState().doc).toBe(before);
  });
});
