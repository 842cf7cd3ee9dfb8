import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runJob } from '../../main/cli/job';
import { EngineError } from '../../main/engine/core/errors';
import { Engine } from '../../main/engine/host';
import { makeIndexedVideo, tempDir } from '../helpers/media-fixtures';

// The CLI's one job-wait loop (a2s generate, a2s adapt) against real engine jobs: a proxy transcode (ffmpeg) that
// succeeds, and an adaptation that fails on a missing input.
describe('cli runJob', { timeout: 120_000 }, () => {
  const { dir, cleanup } = tempDir('a2s-cli-job-');
  afterAll(cleanup);
  const engine = new Engine({ dataDir: path.join(dir, 'data') });
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
  };

  it('resolves with the result parsed by the schema; progress lines on stderr, none repeated', async () => {
    const video = path.join(dir, 'v.mp4');
    makeIndexedVideo(video, { frames: 50 });
    const c = capture();
    const r = await runJob(engine, { start: () => engine.call('media:proxy', { path: video }), result: z.object({ path: z.string() }), io: c.io, quiet: false });
    expect(r.path).toMatch(/\.mp4$/);
    expect(c.err.length).toBeGreaterThan(0);
    for (const line of c.err) expect(line).toMatch(/^ {0,2}\d{1,3}% {2}\S/);
    const withoutEta = c.err.map((l) => l.replace(/ {2}\(ETA \d+ s\)$/, ''));
    withoutEta.slice(1).forEach((l, i) => expect(l).not.toBe(withoutEta[i]));
    expect(c.out).toEqual([]);
  });

  it('quiet: no progress lines', async () => {
    const video = path.join(dir, 'w.mp4');
    makeIndexedVideo(video, { frames: 40 });
    const c = capture();
    await runJob(engine, { start: () => engine.call('media:proxy', { path: video }), result: z.object({ path: z.string() }), io: c.io, quiet: true });
    expect(c.err).toEqual([]);
  });

  it("a failed job throws its own error (code, message) with the caller's words added", async () => {
    const missing = path.join(dir, 'nope');
    const c = capture();
    const run = runJob(engine, {
      start: () => engine.call('adapt:start', { inputs: [missing], name: 'x', base: 'tiny' }),
      result: z.unknown(),
      io: c.io,
      quiet: false,
      afterFailure: (e) => ` [${e.code}]`,
    });
    await expect(run).rejects.toBeInstanceOf(EngineError);
    await expect(run).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/nope: no such file or folder \[not-found\]$/) });
  });

  it('a refused start (the engine answers with an error) throws it and leaves no SIGINT handler behind', async () => {
    const before = process.listenerCount('SIGINT');
    const c = capture();
    await expect(runJob(engine, { start: () => engine.call('adapt:start', { inputs: [dir], name: '../bad', base: 'tiny' }), result: z.unknown(), io: c.io, quiet: false }))
      .rejects.toMatchObject({ code: 'validation' });
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
