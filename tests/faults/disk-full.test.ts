import { mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectDoc } from '../../main/contract/domains/project-doc';
import { loadWindowState, saveWindowState } from '../../main/shell/window-state';
import { tempDir } from '../shell/media-fixtures';
import { smallDisk, serveChild, type Served } from './small-disk';
import { connect } from './ws-client';

const disk = smallDisk(256);
let served: Served | undefined;
afterAll(async () => {
  await served?.stop();
  disk.release();
});

/** Fill the tmpfs to leave about `leaveKb` free (nothing to do under ulimit: every file is capped instead). */
function fill(leaveKb: number): string | null {
  if (disk.kind !== 'tmpfs') return null;
  const free = statfsSync(disk.dir).bavail * statfsSync(disk.dir).bsize;
  const filler = path.join(disk.dir, 'filler.bin');
  writeFileSync(filler, Buffer.alloc(Math.max(0, free - leaveKb * 1024)));
  return filler;
}

const bigDoc = (doc: ProjectDoc, n: number): ProjectDoc => ({
  ...doc,
  name: `big ${n}`,
  markers: Array.from({ length: n }, (_, k) => ({ id: `m${k}`, time: k / 10, label: `a marker label that takes some room ${k}` })),
});

describe(`disk full (${disk.kind === 'tmpfs' ? 'a 256 KiB tmpfs' : 'ulimit -f on the child'})`, () => {
  it('project save into a full disk: a clear error, the old project.json intact, no partial file left', async () => {
    served = await serveChild(tempDir('a2s-full-data-'), disk.kind === 'ulimit' ? 64 : undefined);
    const client = await connect(served.port, served.token);
    const created = await client.call('project:new', { dir: disk.dir, name: 'Full' });
    expect(created.ok, JSON.stringify(created.error)).toBe(true);
    const { path: project, doc } = created.result as { path: string; doc: ProjectDoc };
    expect((await client.call('project:save', { path: project, doc: { ...doc, name: 'second' } })).ok).toBe(true);
    const before = readFileSync(path.join(project, 'project.json'), 'utf8');

    const filler = fill(8);
    const failed = await client.call('project:save', { path: project, doc: bigDoc(doc, 4000) });
    expect(failed.ok).toBe(false);
    expect(failed.error!.message).toMatch(/ENOSPC|EFBIG|no space|disk (is )?full|too large/i);
    expect(failed.error!.message).toContain(project);

    // Atomic: the previous document is untouched and no temp file or half-written copy remains.
    expect(readFileSync(path.join(project, 'project.json'), 'utf8')).toBe(before);
    expect(ProjectDoc.parse(JSON.parse(before)).name).toBe('second');
    expect(readdirSync(project).filter((f) => f.includes('.tmp'))).toEqual([]);

    // The server survived, and saving works again once there is room.
    expect(await client.call('app:echo', { text: 'alive' })).toMatchObject({ ok: true, result: { text: 'alive' } });
    if (filler) rmSync(filler);
    if (disk.kind === 'tmpfs') expect((await client.call('project:save', { path: project, doc: bigDoc(doc, 1000) })).ok).toBe(true);
    client.close();
  }, 60_000);

  it.runIf(disk.kind === 'tmpfs')('window state on a full disk: nothing written, no temp file, the next start uses defaults', () => {
    const folder = path.join(disk.dir, 'userdata-full');
    mkdirSync(folder, { recursive: true });
    const file = path.join(folder, 'window-state.json');
    const filler = path.join(disk.dir, 'filler2.bin');
    try {
      writeFileSync(filler, Buffer.alloc(statfsSync(disk.dir).bavail * statfsSync(disk.dir).bsize + 65536));
    } catch {
      /* ENOSPC after filling every block: exactly what we want */
    }
    try {
      expect(() => saveWindowState(file, { x: 1, y: 2, width: 800, height: 600, maximized: false })).not.toThrow();
      expect(loadWindowState(file)).toBeNull();
      expect(readdirSync(folder)).toEqual([]);
    } finally {
      rmSync(filler);
    }
  });
});
