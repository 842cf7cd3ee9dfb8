import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../main/engine/host';
import { sha256File } from '../../main/engine/project';
import { makeVideo, makeWav, tmpDir } from './helpers';

describe('project persistence', () => {
  const root = tmpDir('project');
  const engine = new Engine({ dataDir: path.join(root, 'data') });
  const video = makeVideo(path.join(root, 'shot.mp4'), { timecode: '01:00:00:00' });

  it('creates NAME.a2s with project.json, renders/ and a probed, hashed video', async () => {
    const res = await engine.call('project:new', { dir: root, name: 'Demo', video });
    expect(res.path).toBe(path.join(root, 'Demo.a2s'));
    expect(existsSync(path.join(res.path, 'renders'))).toBe(true);
    const doc = JSON.parse(readFileSync(path.join(res.path, 'project.json'), 'utf8'));
    expect(doc.format).toBe('a2s-project/1');
    expect(doc.video).toMatchObject({ width: 64, height: 36, fps: { num: 25, den: 1 }, hasAudio: true, startTimecode: '01:00:00:00' });
    expect(doc.video.sha256).toBe(await sha256File(video));
    expect(doc.video.duration).toBeCloseTo(1, 1);
    // original sound: a muted track with the video's audio as its clip
    expect(doc.tracks[0]).toMatchObject({ kind: 'original', mute: true });
    expect(doc.clips[0]).toMatchObject({ trackId: 'original', source: { path: video } });
  });

  it('refuses an existing project folder and a name that cannot be a folder', async () => {
    await expect(engine.call('project:new', { dir: root, name: 'Demo' })).rejects.toMatchObject({ code: 'bad-input', message: expect.stringContaining('already exists') });
    await expect(engine.call('project:new', { dir: root, name: '../evil' })).rejects.toMatchObject({ code: 'bad-input', field: 'payload.name' });
  });

  it('reports a file that is not a video, naming it, and leaves no folder behind', async () => {
    const notVideo = path.join(root, 'notes.txt');
    writeFileSync(notVideo, 'hello');
    await expect(engine.call('project:new', { dir: root, name: 'Bad', video: notVideo })).rejects.toMatchObject({ code: 'bad-input', message: expect.stringContaining(notVideo) });
    expect(existsSync(path.join(root, 'Bad.a2s'))).toBe(false);
  });

  it('saves atomically with a backup of the previous version, and round-trips', async () => {
    const p = path.join(root, 'Demo.a2s');
    const { doc } = await engine.call('project:open', { path: p });
    doc.markers.push({ id: 'm1', time: 0.5, label: 'hit' });
    const saved = await engine.call('project:save', { path: p, doc });
    const bak = JSON.parse(readFileSync(path.join(p, 'project.json.bak'), 'utf8'));
    expect(bak.markers).toEqual([]);
    const again = await engine.call('project:open', { path: path.join(p, 'project.json') });
    expect(again.doc.markers).toEqual([{ id: 'm1', time: 0.5, label: 'hit' }]);
    expect(again.doc.modified).toBe(saved.modified);
    expect(again.warnings).toEqual([]);
  });

  it('opens the backup (with a warning) when project.json is damaged', async () => {
    const p = path.join(root, 'Demo.a2s');
    writeFileSync(path.join(p, 'project.json'), '{"format": "a2s-proj');
    const res = await engine.call('project:open', { path: p });
    expect(res.warnings[0]).toContain('project.json could not be read');
    expect(res.doc.markers).toEqual([]);
    // a save now must not replace the good backup with the damaged file
    await engine.call('project:save', { path: p, doc: res.doc });
    expect(JSON.parse(readFileSync(path.join(p, 'project.json.bak'), 'utf8')).format).toBe('a2s-project/1');
  });

  it('fails clearly on a folder that is not a project', async () => {
    const empty = path.join(root, 'Empty.a2s');
    mkdirSync(empty);
    await expect(engine.call('project:open', { path: empty })).rejects.toMatchObject({ code: 'bad-input', message: expect.stringContaining(path.join(empty, 'project.json')) });
    await expect(engine.call('project:open', { path: path.join(root, 'nope.a2s') })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('lists media that moved and relinks it by sha256 even when renamed', async () => {
    const p = path.join(root, 'Demo.a2s');
    const { doc } = await engine.call('project:open', { path: p });
    const wav = makeWav(path.join(root, 'bed.wav'), 0.2, 220);
    const take = makeWav(path.join(p, 'renders', 'take1.wav'), 0.2, 880);
    doc.clips.push({ id: 'bed', trackId: 'ambient-1', source: { path: wav, sha256: await sha256File(wav) }, start: 0, duration: 1, offset: 0, gainDb: 0, fadeIn: 0, fadeOut: 0, loop: true, loopCrossfade: 0.05 });
    doc.spans.push({
      id: 's1', trackId: 'action-1', start: 0.1, end: 0.3, condition: { mode: 'custom', source: { kind: 'file', path: wav } }, onsets: null, predictedOnsets: [],
      settings: { takes: 1, seed: 1, steps: 25, guidance: 3 }, takes: [{ id: 't1', path: 'renders/take1.wav', seed: 1, seconds: 0.2, createdAt: 'now', bundleId: 'b' }], activeTakeId: 't1', gainDb: 0, fadeIn: 0, fadeOut: 0,
    });
    await engine.call('project:save', { path: p, doc });
    expect((await engine.call('project:open', { path: p })).missing).toEqual([]); // relative take path resolves in the folder

    const moved = path.join(root, 'moved', 'deeper');
    mkdirSync(moved, { recursive: true });
    makeWav(path.join(moved, 'bed.wav'), 0.2, 330); // same name, different content: must not be chosen
    renameSync(wav, path.join(moved, 'renamed-bed.wav'));
    const opened = await engine.call('project:open', { path: p });
    expect(opened.missing).toEqual([{ path: wav, sha256: await sha256File(path.join(moved, 'renamed-bed.wav')), kind: 'clip', where: ['clip:bed', 'span:s1/condition'] }]);

    const res = await engine.call('project:relink', { path: p, folder: path.join(root, 'moved') });
    expect(res.relinked).toEqual([{ from: wav, to: path.join(moved, 'renamed-bed.wav') }]);
    expect(res.missing).toEqual([]);
    expect(res.doc.clips.find((c) => c.id === 'bed')!.source.path).toBe(path.join(moved, 'renamed-bed.wav'));
    expect(res.doc.spans[0]!.condition.source).toMatchObject({ kind: 'file', path: path.join(moved, 'renamed-bed.wav') });
    expect(existsSync(take)).toBe(true);
  });

  it('keeps a recent list, newest first, without duplicates', async () => {
    const other = await engine.call('project:new', { dir: root, name: 'Other' });
    await engine.call('project:open', { path: path.join(root, 'Demo.a2s') });
    const { projects } = await engine.call('project:recent', {});
    expect(projects.map((p) => p.path)).toEqual([path.join(root, 'Demo.a2s'), other.path]);
    writeFileSync(path.join(root, 'data', 'recent.json'), 'garbage');
    expect((await engine.call('project:recent', {})).projects).toEqual([]);
  });
});
