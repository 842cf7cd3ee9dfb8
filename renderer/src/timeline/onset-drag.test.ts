import { describe, expect, it } from 'vitest';
import { createDoc, type ProjectDoc } from './doc';
import { addSpan } from './spans';
import { dragOnset, effectiveOnsets, setPredictedOnsets } from './onsets';
import { setVideo } from './tracks';

/** Issue 18 defect 6: a slow drag of an onset marker moved it one frame instead of following the pointer. */
describe('dragging an onset marker', () => {
  function doc(): ProjectDoc {
    let d = setVideo(createDoc('drag'), { path: '/v.mp4', duration: 10, fps: { num: 25, den: 1 }, width: 64, height: 48, hasAudio: false });
    d = addSpan(d, { start: 1, end: 5, id: 's' }).doc;
    return setPredictedOnsets(d, 's', [2, 2.2, 2.4, 3]);
  }

  it('follows the pointer step by step, past its neighbours, as the same marker', () => {
    let d = doc();
    let at = 2;
    // Ten small steps of a drag that started on the marker at 2 s, towards 2.6 s.
    for (let k = 1; k <= 10; k++) {
      const r = dragOnset(d, 's', at, 2 + (0.6 * k) / 10);
      d = r.doc;
      at = r.at;
    }
    expect(at).toBe(2.6);
    expect(effectiveOnsets(d.spans[0]!)).toEqual([2.2, 2.4, 2.6, 3]);
  });

  it('stays inside the span and reports where it landed', () => {
    const r = dragOnset(doc(), 's', 3, 9);
    expect(r.at).toBe(4.96);
    expect(effectiveOnsets(r.doc.spans[0]!)).toContain(4.96);
  });
});
