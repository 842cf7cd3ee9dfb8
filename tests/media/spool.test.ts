import { existsSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFrameWindows, findTools } from '../../main/engine/media';
import { runTool } from '../../main/engine/media/proc';
import { makeIndexedVideo, tempDir } from '../helpers/media-fixtures';

// Spooled children (issue 20): ffmpeg writes to files, so it finishes while the calling thread is blocked (the
// inference worker opening ORT sessions synchronously); through pipes it would stop at 64 KiB unread.
const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Exited (a zombie nobody reaped yet, since this thread is blocked) or gone. */
function exited(pid: number): boolean {
  const status = `/proc/${pid}/status`;
  return !existsSync(status) || /^State:\s+Z/m.test(readFileSync(status, 'utf8'));
}

/** Blocks this thread (no event loop turns) until the process exits; false if the guard runs out first. */
function blockUntilExited(pid: number, guardMs: number): boolean {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; waited < guardMs; waited += 50) {
    if (exited(pid)) return true;
    Atomics.wait(cell, 0, 0, 50);
  }
  return exited(pid);
}

const spoolDirs = (): string[] => readdirSync(os.tmpdir()).filter((n) => n.startsWith('a2s-spool-'));

describe.skipIf(process.platform !== 'linux')('runTool spool', () => {
  it('a spooled ffmpeg writing megabytes finishes while this thread is blocked, and its output comes back whole', async () => {
    const { ffmpeg } = findTools();
    const args = ['-hide_banner', '-nostdin', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=2', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'];
    let pid = 0;
    const before = spoolDirs().length;
    const pending = runTool(ffmpeg, args, { file: 'testsrc', spool: true, onSpawn: (p) => (pid = p) });
    expect(pid).toBeGreaterThan(0);
    // A hang guard, not a speed bound: a piped child would still be waiting on its first 64 KiB.
    expect(blockUntilExited(pid, 120_000)).toBe(true);
    const res = await pending;
    expect(res.code).toBe(0);
    expect(res.stdout.length).toBe(50 * 320 * 240 * 3);
    expect(res.stderr).toMatch(/Stream #0:0/);
    expect(spoolDirs().length).toBe(before); // its folder is removed
  });

  it('frames decoded spooled are the frames decoded through pipes', async () => {
    const video = path.join(tmp.dir, 'v.mp4');
    makeIndexedVideo(video, { frames: 40 });
    const windows = [{ start: 0, end: 0.6 }, { start: 0.4, end: 1.2 }];
    const o = { count: 8, width: 16, height: 12, luma: { count: 8, width: 8, height: 8 } };
    const piped = await decodeFrameWindows(video, windows, o);
    const spooled = await decodeFrameWindows(video, windows, { ...o, spool: true });
    expect(spooled).toEqual(piped);
  });

  it('a failing spooled run reports the tool\'s stderr and exit code', async () => {
    const res = await runTool(findTools().ffmpeg, ['-hide_banner', '-i', path.join(tmp.dir, 'missing.mp4')], { file: 'missing.mp4', spool: true });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/No such file/);
  });
});
