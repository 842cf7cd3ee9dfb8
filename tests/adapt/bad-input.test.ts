import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../main/engine/host';
import { makeHitsVideo, makeIndexedVideo, tempDir } from '../helpers/media-fixtures';
import { makeBounceVideo, runAdaptJob } from './fixtures';

// Bad input to adapt (issue 22): each refusal names the file and what to do, and no adapter folder appears.
// These stop before the trainer starts (no torch needed). Generous timeouts: ffmpeg on a loaded 2-core machine.
describe('adapt: bad input', { timeout: 240_000 }, () => {
  const { dir, cleanup } = tempDir('a2s-adapt-bad-');
  afterAll(cleanup);
  const data = path.join(dir, 'data');
  const engine = new Engine({ dataDir: data });
  const adapter = (name: string): string => path.join(data, 'bundles', name);

  it('a folder with no usable audio: every clip is named with its reason', async () => {
    const folder = path.join(dir, 'shoot');
    mkdirSync(folder);
    makeIndexedVideo(path.join(folder, 'mute.mp4'), { frames: 100 }); // no audio track
    makeHitsVideo(path.join(folder, 'quiet.mp4'), { seconds: 4, hitsAt: [1, 2], loud: 0.0005, bed: 0.0001 });
    makeHitsVideo(path.join(folder, 'nohits.mp4'), { seconds: 4, hitsAt: [], bed: 0.05 });
    const r = await runAdaptJob(engine, { inputs: [folder], name: 'a1', base: 'default' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('bad-input');
    expect(r.error.message).toMatch(/no usable footage/);
    expect(r.error.message).toMatch(/mute\.mp4: has no audio track/);
    expect(r.error.message).toMatch(/quiet\.mp4: its sound is too quiet \(loudest -\d+/);
    expect(r.error.message).toMatch(/nohits\.mp4: its sound is steady, with no distinct hits \(loudest 50 ms only \d\.\d dB above its bed\)/);
    expect(existsSync(adapter('a1'))).toBe(false);
  });

  it('a single 1 s clip is shorter than one model window', async () => {
    const clip = path.join(dir, 'short.mp4');
    makeHitsVideo(clip, { seconds: 1, hitsAt: [0.2, 0.6] });
    const r = await runAdaptJob(engine, { inputs: [clip], name: 'a2', base: 'default' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/short\.mp4: is 1\.\d+ s long, shorter than one model window \(2\.048 s\)/);
    expect(existsSync(adapter('a2'))).toBe(false);
  });

  it('a single clip too short to hold one window back says how long it must be', async () => {
    const clip = path.join(dir, 'three.mp4');
    makeBounceVideo(clip, { seconds: 3, period: 0.5, first: 0.3 });
    const r = await runAdaptJob(engine, { inputs: [clip], name: 'a3', base: 'default' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/three\.mp4 is the only usable clip and is 3\.\d+ s long: one clip must be at least 4\.10 s/);
  });

  it('a video without audio is refused with the reason', async () => {
    const clip = path.join(dir, 'silent.mp4');
    makeBounceVideo(clip, { seconds: 6, period: 0.5, first: 0.3, silent: true });
    const r = await runAdaptJob(engine, { inputs: [clip], name: 'a4', base: 'default' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/silent\.mp4: has no audio track: its hits cannot be heard/);
    expect(existsSync(adapter('a4'))).toBe(false);
  });

  it('no Python, or a Python without torch: said after screening, before any decoding, with what to install', async () => {
    const clip = path.join(dir, 'usable.mp4');
    makeBounceVideo(clip, { seconds: 6, period: 0.5, first: 0.3 });
    // a real Python that cannot see the system's packages (-S: no site-packages, so no torch)
    const bare = path.join(dir, 'python-no-site');
    writeFileSync(bare, '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n');
    chmodSync(bare, 0o755);
    const saved = process.env.A2S_PYTHON;
    try {
      for (const [python, said] of [[path.join(dir, 'no-such-python'), /cannot be run: install python3/], [bare, /has no torch module: install it/]] as const) {
        process.env.A2S_PYTHON = python;
        const r = await runAdaptJob(engine, { inputs: [clip], name: 'a6', base: 'default' });
        expect(r).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(said) } });
        expect(existsSync(adapter('a6'))).toBe(false);
        expect(existsSync(path.join(data, 'adapt-work', 'a6', 'data.json'))).toBe(false); // nothing decoded
      }
    } finally {
      if (saved === undefined) delete process.env.A2S_PYTHON;
      else process.env.A2S_PYTHON = saved;
    }
  });

  it('refusals before the job: a missing input, a bad name, an existing adapter', async () => {
    await expect(runAdaptJob(engine, { inputs: [path.join(dir, 'nope')], name: 'a5', base: 'default' })).resolves.toMatchObject({
      ok: false, error: { code: 'not-found', message: expect.stringMatching(/nope: no such file or folder/) },
    });
    await expect(engine.call('adapt:start', { inputs: [dir], name: '../x', base: 'default' })).rejects.toMatchObject({ code: 'validation', field: 'payload.name' });
    mkdirSync(adapter('taken'), { recursive: true });
    await expect(engine.call('adapt:start', { inputs: [dir], name: 'taken', base: 'default' })).rejects.toThrow(/taken exists: choose another --out name or replace it \(--force\)/);
  });
});
