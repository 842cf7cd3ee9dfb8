import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GenerateResult } from '../../main/contract/domains/inference';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/media-fixtures';
import { TINY_BUNDLE } from '../inference/fixtures';

// Issue 20: a cold CLI chooses its ORT threads from what other processes used since it started (cpu-load.ts), not
// from the one-minute load average, which still counts the runs that just ended. The built CLI, a real process.
const tmp = tempDir('a2s-cli-threads-');
afterAll(() => rmSync(tmp.dir, { recursive: true, force: true }));

describe('a2s generate: the thread count follows the load measured now', () => {
  it.runIf(process.platform === 'linux')('reports the measured load of other processes and reads it', () => {
    const video = path.join(tmp.dir, 'clip.mp4');
    execFileSync('ffmpeg', ['-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=2.5', '-pix_fmt', 'yuv420p', video]);
    const args = ['generate', video, '--bundle', TINY_BUNDLE, '--data', path.join(tmp.dir, 'data'), '--steps', '2', '--ambient', 'none', '--start', '0', '--end', '2', '--out', path.join(tmp.dir, 'out'), '--json'];
    const r = runCli(args, { env: { A2S_THREADS: '' } });
    expect(r.code, r.stderr).toBe(0);
    const t = GenerateResult.parse(JSON.parse(r.stdout)).threading;
    expect(t.othersBusy).toEqual(expect.any(Number));
    expect(t.othersBusy).toBeGreaterThanOrEqual(0);
    expect(t.reason).toMatch(/others busy \d+\.\d\d \(load average \d+\.\d\d\)/);
    // the rule of threads.ts on what was measured
    expect(t.intraOp).toBe(Math.min(t.cores, Math.max(1, Math.round(t.cores - t.othersBusy!))));
  });
});
