import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/media-fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Gone, or a zombie waiting for a reaper (PID 1 in a container may not reap): either way no longer running. */
function running(pid: number): boolean {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return false;
  return !/^State:\s+Z/m.test(readFileSync(status, 'utf8'));
}

describe('owned child processes', () => {
  it('an ffmpeg still running when the engine process exits is killed with it', async () => {
    const out = path.join(tmp.dir, 'exit-child.cjs');
    buildSync({ entryPoints: [path.join(__dirname, 'fixtures', 'exit-child.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'error' });
    const pid = Number(execFileSync(process.execPath, [out], { encoding: 'utf8', timeout: 120_000 }));
    expect(pid).toBeGreaterThan(0);
    await expect.poll(() => running(pid), { timeout: 60_000 }).toBe(false); // a loaded machine reaps late, not never
  });
});
