import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectDoc } from '../../main/contract/domains/project-doc';
import { Engine } from '../../main/engine/host';
import { resolveLibraryRefs } from '../../main/engine/project';
import { makeWav, tmpDir } from './helpers';

/**
 * Issue 18 defect 1: takes generated in auto/clean mode stored the library clip's id as a file path ("path": "7"),
 * so every reopen listed "7" as missing media that no folder could relink. Condition sources now have a kind; old
 * documents are migrated on read.
 */
function oldDocument(wav: string): unknown {
  const take = (id: string, condition: unknown) => ({ id, path: `renders/${id}.wav`, seed: 1, seconds: 0.2, createdAt: 'now', bundleId: 'b', condition });
  return {
    format: 'a2s-project/1', name: 'Old', created: 'then', modified: 'then', video: null,
    tracks: [{ id: 'action-1', kind: 'action', name: 'Action', gainDb: 0, mute: false, solo: false }],
    spans: [{
      id: 's1', trackId: 'action-1', start: 0.1, end: 0.3, onsets: null, predictedOnsets: [], settings: { takes: 1, seed: 1, steps: 25, guidance: 3 },
      condition: { mode: 'custom', source: { path: wav }, libraryClipId: 3 },
      takes: [take('t1', { mode: 'joint', source: { path: '7' }, score: 0.42 }), take('t2', { mode: 'custom', source: { path: wav } })],
      activeTakeId: 't1', gainDb: 0, fadeIn: 0, fadeOut: 0,
    }],
  };
}

describe('condition sources (library clip, bundle clip, file)', () => {
  const root = tmpDir('cond-refs');
  const wav = makeWav(path.join(root, 'rain.wav'));

  it('migrates an old document: a library id is a library reference, a path with a library id too, a plain path a file', () => {
    const doc = ProjectDoc.parse(oldDocument(wav));
    const span = doc.spans[0]!;
    expect(span.condition).toEqual({ mode: 'custom', source: { kind: 'library', clipId: 3, path: wav } });
    expect(span.takes[0]!.condition).toEqual({ mode: 'joint', source: { kind: 'library', clipId: 7 }, score: 0.42 });
    expect(span.takes[1]!.condition).toEqual({ mode: 'custom', source: { kind: 'file', path: wav } });
  });

  it('opens an old document without reporting a library id as missing media', async () => {
    const dir = path.join(root, 'Old.a2s');
    mkdirSync(path.join(dir, 'renders'), { recursive: true });
    for (const t of ['t1', 't2']) makeWav(path.join(dir, 'renders', `${t}.wav`));
    writeFileSync(path.join(dir, 'project.json'), JSON.stringify(oldDocument(wav)));
    // An engine whose (empty) library cannot resolve clip 7: the reference stays, by id, and is not "missing".
    const engine = new Engine({ dataDir: path.join(root, 'data') });
    const opened = await engine.call('project:open', { path: dir });
    expect(opened.missing).toEqual([]);
    expect(opened.doc.spans[0]!.takes[0]!.condition!.source).toEqual({ kind: 'library', clipId: 7 });
  }, 60_000);

  it('a library reference the library knows gets its file, which is then checked like any media', () => {
    const doc = ProjectDoc.parse(oldDocument(wav));
    const gone = path.join(root, 'moved-away.wav');
    const n = resolveLibraryRefs(doc, (id) => (id === 7 ? { path: gone, sha256: 'a'.repeat(64), name: 'forest day' } : null));
    expect(n).toBe(1);
    expect(doc.spans[0]!.takes[0]!.condition!.source).toEqual({ kind: 'library', clipId: 7, path: gone, sha256: 'a'.repeat(64), name: 'forest day' });
  });

  it('a bundle clip is never media of the project; files and library clips are', async () => {
    const dir = path.join(root, 'New.a2s');
    mkdirSync(path.join(dir, 'renders'), { recursive: true });
    makeWav(path.join(dir, 'renders', 't1.wav'));
    const doc = ProjectDoc.parse(oldDocument(wav));
    const span = doc.spans[0]!;
    span.takes = [{ ...span.takes[0]!, condition: { mode: 'clean', source: { kind: 'bundle', bundleId: 'tiny', file: 'conditions/low.wav' } } }];
    span.condition = { mode: 'custom', source: { kind: 'library', clipId: 3, path: path.join(root, 'nowhere.wav'), name: 'nowhere' } };
    writeFileSync(path.join(dir, 'project.json'), JSON.stringify(doc));
    const engine = new Engine({ dataDir: path.join(root, 'data2') });
    const opened = await engine.call('project:open', { path: dir });
    expect(opened.missing).toEqual([{ path: path.join(root, 'nowhere.wav'), kind: 'condition', where: ['span:s1/condition'] }]);
  }, 60_000);
});
