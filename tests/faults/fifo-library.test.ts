import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanPaths } from '../../main/engine/library/scan';
import { tempDir } from '../shell/media-fixtures';
import { mkfifo, unblock } from './fifo';

/**
 * Issue 21 defect 3, library: a FIFO in an imported folder was skipped silently, and one named explicitly (or
 * reached by a symlink) would have been read, waiting forever. The scan reports each, and never opens it.
 */
const dir = tempDir('a2s-lib-fifo-');
const fifos: string[] = [];
afterAll(() => fifos.forEach(unblock));

describe('library import scan and special files', () => {
  it('reports a FIFO, a symlink to a FIFO and one named explicitly; takes the real files', async () => {
    const folder = path.join(dir, 'sounds');
    mkdirSync(path.join(folder, 'sub'), { recursive: true });
    writeFileSync(path.join(folder, 'real.wav'), 'RIFF');
    fifos.push(mkfifo(path.join(folder, 'pipe.wav')), mkfifo(path.join(folder, 'sub', 'deep.flac')), mkfifo(path.join(dir, 'named.wav')));
    symlinkSync(fifos[0]!, path.join(folder, 'link.wav'));
    symlinkSync('/dev/zero', path.join(folder, 'zero.wav'));
    writeFileSync(path.join(folder, 'notes.txt'), 'not audio');

    const scan = await scanPaths([folder, fifos[2]!]);
    expect(scan.files).toEqual([path.join(folder, 'real.wav')]);
    expect(scan.errors).toEqual([
      { path: path.join(folder, 'link.wav'), error: `${path.join(folder, 'link.wav')}: is a named pipe (FIFO), not an audio file; skipped` },
      { path: fifos[0], error: `${fifos[0]}: is a named pipe (FIFO), not an audio file; skipped` },
      { path: fifos[1], error: `${fifos[1]}: is a named pipe (FIFO), not an audio file; skipped` },
      { path: path.join(folder, 'zero.wav'), error: `${path.join(folder, 'zero.wav')}: is a device, not an audio file; skipped` },
      { path: fifos[2], error: `${fifos[2]}: is a named pipe (FIFO), not an audio file; skipped` },
    ]);
  });
});
