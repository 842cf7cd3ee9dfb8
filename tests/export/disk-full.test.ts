import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../main/engine/host';
import { smallDisk } from '../faults/small-disk';
import { tmpDir } from '../project/helpers';
import { exportJob, makeFixture } from './fixture';

describe('export onto a full disk', () => {
  const disk = smallDisk(256);
  afterAll(() => disk.release());

  it('fails with a typed error naming the file, and leaves nothing behind', async () => {
    const root = tmpDir('export-full');
    const fx = await makeFixture(root, 'Full');
    const out = path.join(disk.dir, 'out');
    if (disk.kind === 'tmpfs') {
      const engine = new Engine({ dataDir: path.join(root, 'data') });
      const err = await exportJob(engine, { projectPath: fx.projectDir, outDir: out, bits: '32f' }).catch((e: unknown) => e);
      // Whichever output fills the disk is named: a stem or the mix (they are written block by block, in turn).
      expect(err).toMatchObject({ code: 'bad-input', message: expect.stringMatching(/cannot write ".*Full_(0\d_\w+|mix)\.wav": the disk is full \(ENOSPC\)/) });
    } else {
      // No mount here: the CLI under a 64 KiB file-size limit (EFBIG) instead.
      const r = spawnSync('/bin/sh', ['-c', `ulimit -f 128; exec "$0" "$@"`, process.execPath, path.join(process.cwd(), 'dist', 'cli.cjs'), 'export', fx.projectDir, '--out', out, '--bits', '32f'], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/cannot write ".*\.wav": the file is larger than this system allows/);
    }
    expect(readdirSync(out)).toEqual([]); // no temp files, no partial stems
  });
});
