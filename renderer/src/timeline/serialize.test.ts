import { describe, expect, it } from 'vitest';
import { ProjectDoc } from '../../../main/contract/domains/project-doc';
import { addClip, addMarker, addOnset, addSpan, addTakes, createDoc, fromProjectDoc, pickTake, setCondition, setVideo, toProjectDoc, updateTrack } from './index';

function busyDoc() {
  let doc = setVideo(createDoc('round trip'), { path: '/v.mp4', duration: 12.5, fps: { num: 30000, den: 1001 }, width: 64, height: 48, hasAudio: true });
  doc = addSpan(doc, { start: 2, end: 5, id: 'a' }).doc;
  doc = addTakes(doc, 'a', [1, 2].map((i) => ({ id: `t${i}`, path: `/r/t${i}.wav`, seed: i, seconds: 3, createdAt: '2026-01-01T00:00:00Z', bundleId: 'tiny' })));
  doc = pickTake(doc, 'a', 't2');
  doc = setCondition(doc, 'a', { mode: 'custom', source: { kind: 'library', clipId: 7, path: '/lib/rain.wav', name: 'rain' }, score: 0.81 });
  doc = addOnset(doc, 'a', 3.1);
  doc = addClip(doc, { source: { path: '/lib/wind.wav' }, start: 0, duration: 12.5, libraryClipId: 3, label: 'wind' }).doc;
  doc = updateTrack(doc, 'original', { mute: false, gainDb: -6.5 });
  return addMarker(doc, 4.2, 'door');
}

describe('serialisation to the ProjectDoc schema', () => {
  it('round-trips through JSON unchanged (except the modified stamp)', () => {
    const doc = busyDoc();
    const saved = toProjectDoc(doc, '2026-02-02T00:00:00.000Z');
    const back = fromProjectDoc(JSON.parse(JSON.stringify(saved)));
    expect(back).toEqual({ ...doc, modified: '2026-02-02T00:00:00.000Z' });
  });

  it('what the model produces is exactly the shared schema (no extra UI state leaks in)', () => {
    const saved = toProjectDoc(busyDoc());
    expect(ProjectDoc.strict().safeParse(saved).success).toBe(true);
    expect(Object.keys(saved).sort()).toEqual(['clips', 'created', 'format', 'markers', 'modified', 'name', 'sampleRate', 'spans', 'tracks', 'video']);
  });

  it('a broken document is refused naming the file and the field', () => {
    const bad = JSON.parse(JSON.stringify(toProjectDoc(busyDoc())));
    bad.spans[0].start = -1;
    expect(() => fromProjectDoc(bad, '/p/x.a2s/project.json')).toThrow(/\/p\/x\.a2s\/project\.json: spans\.0\.start/);
  });

  it('fills schema defaults for a minimal older document', () => {
    const doc = fromProjectDoc({ format: 'a2s-project/1', name: 'n', created: 'c', modified: 'm', video: null, tracks: [] });
    expect(doc.spans).toEqual([]);
    expect(doc.sampleRate).toBe(48000);
  });
});
