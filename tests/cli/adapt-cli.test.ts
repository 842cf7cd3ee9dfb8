import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeBounceVideo } from '../adapt/fixtures';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/media-fixtures';

// `a2s adapt` as a real process (dist/cli.cjs): its job wait (main/cli/job.ts) prints progress, Ctrl+C cancels the
// job and the process says that no adapter was written; a bad input exits 1 naming it. Needs Python 3 + PyTorch for
// the cancel (it is sent once training has reported a step, synchronised on the CLI's own progress lines).
describe('a2s adapt (built CLI)', { timeout: 600_000 }, () => {
  const { dir, cleanup } = tempDir('a2s-adapt-cli-');
  afterAll(cleanup);
  const data = path.join(dir, 'data');

  it('a missing input: exit 1 with the reason', () => {
    const r = runCli(['adapt', path.join(dir, 'nope'), '--out', 'x', '--base', 'default', '--data', data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nope: no such file or folder/);
  });

  it('Ctrl+C while training cancels the job: exit 1, no adapter, and how to resume', async () => {
    const shoot = path.join(dir, 'shoot');
    mkdirSync(shoot);
    makeBounceVideo(path.join(shoot, 'a.mp4'), { seconds: 6, period: 0.5, first: 0.3 });
    const base = path.join(dir, 'base'); // a private copy: the repository's default may be re-exported meanwhile
    cpSync('models/bundles/default', base, { recursive: true });
    const child = spawn(process.execPath, [path.resolve('dist/cli.cjs'), 'adapt', shoot, '--out', 'cli', '--base', base, '--max-steps', '1000', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      const had = /training step/.test(stderr);
      stderr += b.toString('utf8');
      if (!had && /training step/.test(stderr)) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toMatch(/^ {0,2}\d{1,3}% {2}checking clip 1\/1/m);
    expect(code).toBe(1);
    expect(stderr).toMatch(/cancelled — no adapter was written; the same command resumes from the last checkpoint/);
    expect(existsSync(path.join(data, 'bundles', 'cli'))).toBe(false);
  });
});
