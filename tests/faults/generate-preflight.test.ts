import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inferenceRunner } from '../../main/engine/handlers/inference';
import { Engine } from '../../main/engine/host';
import { TINY_BUNDLE } from '../inference/fixtures';
import { makeVideo, tempDir } from '../inference/media';
import { mkfifo, unblock } from './fifo';

/**
 * Issue 21 defect 7: a bad ambient file or an output folder that cannot be made was reported only after 9–15 s of
 * inference, and `--out /proc/x` never returned. generate:start now answers these at once, before any job starts.
 */
describe('generate:start checks its inputs before the work', () => {
  const dir = tempDir('a2s-gen-preflight-');
  const engine = new Engine({ dataDir: path.join(dir, 'data') });
  const video = makeVideo(dir, 2);
  const fifo = mkfifo(path.join(dir, 'pipe.wav'));
  afterAll(() => {
    unblock(fifo);
    return inferenceRunner(engine.services).close();
  });
  const start = (over: Record<string, unknown>) =>
    engine.handle('generate:start', { video, start: 0, end: 1, steps: 2, threads: 1, ambient: { mode: 'none' }, bundle: TINY_BUNDLE, outDir: path.join(dir, 'out'), ...over }, { transport: 'in-process', clientId: 't' });

  it.each([
    ['an output folder under /proc', { outDir: '/proc/a2s-gen/x' }, { code: 'bad-input' }, /cannot create folder "\/proc\/a2s-gen\/x"/],
    ['a missing ambient file', { ambient: { mode: 'file', path: path.join(dir, 'nope.wav') } }, { code: 'not-found', field: 'payload.ambient.path' }, /^ambient file: .*nope\.wav: file not found/],
    ['an ambient file that is a FIFO', { ambient: { mode: 'file', path: fifo } }, { code: 'bad-input', field: 'payload.ambient.path' }, /^ambient file: .*pipe\.wav: is not a regular file/],
    ['an ambient file that is not audio', { ambient: { mode: 'file', path: path.join(dir, 'notes.wav') } }, { code: 'bad-input', field: 'payload.ambient.path' }, /^ambient file: .*notes\.wav/],
  ])('%s: refused at once, no job started', async (_label, over, error, message) => {
    writeFileSync(path.join(dir, 'notes.wav'), 'these are notes, not a RIFF file\n'.repeat(10));
    const res = await start(over);
    expect(res).toMatchObject({ ok: false, error });
    expect(!res.ok && res.error.message).toMatch(message);
    expect((await engine.call('job:list', {})).jobs).toEqual([]);
  }, 60_000);
});
