import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireError } from '../../main/contract/errors';
import { Engine } from '../../main/engine/host';
import { writeWav } from '../../main/engine/media';
import { createProject, saveProject } from '../../main/engine/project';
import { tempDir } from '../shell/media-fixtures';

/**
 * Issue 21 defect 7: an export folder that cannot be made was reported as `ENOENT … mkdir` (Node's recursive mkdir
 * under a read-only parent), and `--out /proc/x` never returned (the same mkdir loops on procfs).
 */
const root = tempDir('a2s-export-folder-');
const engine = new Engine({ dataDir: path.join(root, 'data') });
let project = '';
let readOnly: string | null = null;

beforeAll(async () => {
  const created = await createProject(root, 'Folders');
  const bed = path.join(root, 'bed.wav');
  await writeWav(bed, { rate: 48000, channels: [new Float32Array(48000).fill(0.1)] }, { format: 'float32' });
  created.doc.clips.push({ id: 'bed', trackId: 'ambient-1', source: { path: bed }, start: 0, duration: 1, offset: 0, gainDb: 0, fadeIn: 0, fadeOut: 0, loop: false, loopCrossfade: 0.05 });
  await saveProject(created.path, created.doc);
  project = created.path;
  // A real read-only file system where this process may mount one (root); the test of it is skipped otherwise.
  const dir = path.join(root, 'ro');
  mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    readOnly = dir;
  } catch {
    readOnly = null;
  }
});
afterAll(() => {
  if (readOnly) execFileSync('umount', [readOnly], { stdio: 'ignore' });
});

async function exportError(outDir: string): Promise<WireError> {
  const res = await engine.handle('export:start', { projectPath: project, outDir }, { transport: 'in-process', clientId: 't' });
  if (!res.ok) return res.error;
  const { jobId } = res.result as { jobId: string };
  return new Promise((resolve, reject) => {
    const off = engine.events.subscribe((event, payload) => {
      const p = payload as { jobId: string; error?: WireError };
      if (p.jobId !== jobId) return;
      if (event === 'job:failed') {
        off();
        resolve(p.error!);
      } else if (event === 'job:done') {
        off();
        reject(new Error(`the export into ${outDir} succeeded`));
      }
    });
  });
}

describe('export folders that cannot be made or written', () => {
  it('--out /proc/x: a clear error instead of a mkdir that never returns', async () => {
    const error = await exportError('/proc/a2s-export-here/sub');
    expect(error.message).toBe('cannot create folder "/proc/a2s-export-here/sub" (ENOENT): this place does not take new folders; choose another one');
  }, 60_000);

  it('a folder under a file: names the file', async () => {
    writeFileSync(path.join(root, 'plain.txt'), 'x');
    const error = await exportError(path.join(root, 'plain.txt', 'out'));
    expect(error.message).toBe(`cannot create folder "${path.join(root, 'plain.txt', 'out')}": "${path.join(root, 'plain.txt')}" is a regular file, not a folder`);
  });

  it('a read-only disk: says read-only (EROFS), for a new subfolder and for the folder itself', async (ctx) => {
    if (!readOnly) return ctx.skip();
    const sub = path.join(readOnly, 'stems');
    expect((await exportError(sub)).message).toBe(`cannot write "${sub}": the disk is read-only (EROFS); free some space or choose another folder, then try again`);
    expect((await exportError(readOnly)).message).toMatch(/the disk is read-only \(EROFS\)/);
  }, 60_000);
});
