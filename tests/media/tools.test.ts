import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findTools } from '../../main/engine/media';

// Finding ffmpeg runs nothing (issue 20): every decode calls findTools, in every worker thread, and a blocking
// `ffmpeg -version` there cost a cold generation 0.1–0.3 s. The version runs once, when first read.
const dir = mkdtempSync(path.join(os.tmpdir(), 'a2s-tools-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An ffmpeg that logs each run, then runs the real one. */
function loggingFfmpeg(): { bin: string; log: string } {
  const real = findTools().ffmpeg;
  const bin = path.join(dir, 'ffmpeg');
  const log = path.join(dir, 'runs.log');
  writeFileSync(bin, `#!/bin/sh\necho "$@" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(bin, 0o755);
  return { bin, log };
}

describe('findTools', () => {
  it('runs no ffmpeg to find it; version runs `ffmpeg -version` once, when read', () => {
    const { bin, log } = loggingFfmpeg();
    process.env.A2S_FFMPEG = bin;
    try {
      const tools = findTools();
      expect(tools.ffmpeg).toBe(bin);
      expect(findTools()).toBe(tools);
      expect(existsSync(log)).toBe(false);
      expect(tools.version).toMatch(/\d/);
      expect(tools.version).toMatch(/\d/);
      expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['-hide_banner -version']);
    } finally {
      delete process.env.A2S_FFMPEG;
    }
  });

  it('a found binary that does not run fails when its version is read, with what to do', () => {
    const bin = path.join(dir, 'broken-ffmpeg');
    writeFileSync(bin, '#!/bin/sh\nexit 3\n');
    chmodSync(bin, 0o755);
    process.env.A2S_FFMPEG = bin;
    try {
      const tools = findTools();
      expect(() => tools.version).toThrow(/does not run.*reinstall ffmpeg or set A2S_FFMPEG/);
    } finally {
      delete process.env.A2S_FFMPEG;
    }
  });
});
