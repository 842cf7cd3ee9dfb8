import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepStaleTemps } from '../../main/engine/core/stale-temps';
import { writeWav } from '../../main/engine/media';
import { atomicWrite } from '../../main/engine/media/atomic';
import { createProject, saveProject, writeFileAtomic } from '../../main/engine/project';
import { tempDir } from '../shell/media-fixtures';
import { serveChild } from './small-disk';
import { connect } from './ws-client';

/**
 * Issue 21 defect 4: kill -9 during an export left hidden `.NAME.PID.HEX.tmp` files (up to 117 MB each) that no
 * later export removed. Now the next export sweeps the temps of dead processes from its folder, every atomic save
 * those of the file it writes. Real children, real SIGKILL.
 */
const temps = (dir: string): string[] => readdirSync(dir).filter((n) => /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/.test(n));
const cli = (): string => path.join(process.cwd(), 'dist', 'cli.cjs');

/** A PID that surely belonged to a process and is now gone: a child that has exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** Polls (not sleeps for) a condition: the child's temp files appear, or it exits. */
async function until(cond: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('temp files of killed writers', () => {
  it('kill -9 of `a2s export` mid-render leaves temps; the next export removes them and completes', async () => {
    const root = tempDir('a2s-kill-export-');
    const { path: project, doc } = await createProject(root, 'KillExport');
    const bed = path.join(root, 'bed.wav');
    const second = Float32Array.from({ length: 48000 }, (_, i) => 0.1 * Math.sin(i / 7));
    await writeWav(bed, { rate: 48000, channels: [second, second] }, { format: 'float32' });
    // Four minutes of a looped bed: long enough that the kill lands while the stems are being written.
    doc.clips.push({ id: 'bed', trackId: 'ambient-1', source: { path: bed }, start: 0, duration: 240, offset: 0, gainDb: 0, fadeIn: 0, fadeOut: 0, loop: true, loopCrossfade: 0.05 });
    await saveProject(project, doc);
    const out = path.join(root, 'out');
    const data = path.join(root, 'data');

    let killed: { pid: number; left: string[] } | null = null;
    for (let attempt = 0; attempt < 5 && !killed; attempt++) {
      rmSync(out, { recursive: true, force: true });
      const child = spawn(process.execPath, [cli(), 'export', project, '--out', out, '--bits', '32f', '--data', data], { stdio: 'ignore' });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await until(() => child.exitCode !== null || (existsSync(out) && temps(out).length > 0), 60_000);
      child.kill('SIGKILL');
      await exited;
      if (child.signalCode === 'SIGKILL' && temps(out).length) killed = { pid: child.pid!, left: temps(out) };
    }
    expect(killed, 'the kill never landed mid-export in 5 tries').not.toBeNull();
    expect(killed!.left.every((n) => n.includes(`.${killed!.pid}.`))).toBe(true);
    writeFileSync(path.join(out, 'keep-me.txt'), 'a file of the user');

    const again = spawnSync(process.execPath, [cli(), 'export', project, '--out', out, '--data', data], { encoding: 'utf8', timeout: 120_000 });
    expect(again.status, again.stderr).toBe(0);
    expect(temps(out)).toEqual([]);
    expect(readdirSync(out).sort()).toEqual(expect.arrayContaining(['keep-me.txt', expect.stringMatching(/mix.*\.wav$/)]));
  }, 300_000);

  it('kill -9 of `a2s serve` during project saves: the next save removes the dead process’s project.json temps', async () => {
    const root = tempDir('a2s-kill-save-temps-');
    const { path: project, doc } = await createProject(root, 'KillSaveTemps');
    const served = await serveChild(path.join(root, 'data'));
    const client = await connect(served.port, served.token);
    const markers = Array.from({ length: 20_000 }, (_, k) => ({ id: `m${k}`, time: k / 10, label: `marker ${k} of a big save` }));
    for (let i = 0; i < 8; i++) client.fire('project:save', { path: project, doc: { ...doc, markers } });
    await until(() => temps(project).length > 0 || served.child.exitCode !== null, 60_000);
    served.child.kill('SIGKILL');
    await new Promise((r) => served.child.once('exit', r));
    client.close();
    const left = temps(project);
    expect(left.length, 'the kill landed after the saves: nothing to clean').toBeGreaterThan(0);

    await saveProject(project, doc);
    expect(temps(project)).toEqual([]);
  }, 120_000);

  it('the sweep removes dead processes’ temps only: a live process’s, other names and foreign files stay', async () => {
    const dir = tempDir('a2s-sweep-');
    const dead = deadPid();
    const live = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      const files = {
        deadJson: `.project.json.${dead}.0a1b2c3d.tmp`,
        deadWav: `.peaks.bin.${dead}.deadbeef.tmp`,
        liveJson: `.project.json.${live.pid}.0a1b2c3d.tmp`,
        mine: `.project.json.${process.pid}.12345678.tmp`,
        user: '.notes.txt.tmp',
        plain: 'project.json',
      };
      for (const f of Object.values(files)) writeFileSync(path.join(dir, f), 'x');
      // A save of project.json takes only project.json's leftovers...
      await writeFileAtomic(path.join(dir, 'project.json'), '{}');
      expect(readdirSync(dir).sort()).toEqual([files.deadWav, files.liveJson, files.mine, files.user, files.plain].sort());
      // ...media's atomic writer the same for its file...
      await atomicWrite(path.join(dir, 'peaks.bin'), (tmp) => Promise.resolve(writeFileSync(tmp, 'p')));
      expect(existsSync(path.join(dir, files.deadWav))).toBe(false);
      // ...and an export folder sweep every dead process's temp, never a live one's.
      writeFileSync(path.join(dir, `.mix.wav.${dead}.00000000.tmp`), 'x');
      expect(await sweepStaleTemps(dir)).toEqual([path.join(dir, `.mix.wav.${dead}.00000000.tmp`)]);
      expect(readdirSync(dir).sort()).toEqual([files.liveJson, files.mine, files.user, files.plain, 'peaks.bin'].sort());
    } finally {
      live.kill('SIGKILL');
    }
  });
});
