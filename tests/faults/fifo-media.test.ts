import { linkSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../main/engine/host';
import { mediaAllowList, mediaReply } from '../../main/engine/media-access';
import { makeMp4, tempDir } from '../shell/media-fixtures';
import { mkfifo, unblock } from './fifo';

/**
 * Issue 21 defect 3: `media:open` on a named pipe blocked a libuv pool thread forever in open(O_RDONLY); four of
 * them froze static files, /media and project:save. Real FIFOs (mkfifo) here; before the fix these tests hung.
 */
const fifos: string[] = [];
afterEach(() => {
  fifos.splice(0).forEach(unblock);
});
const ctx = { transport: 'websocket' as const, clientId: 'fifo' };

describe('media and named pipes', () => {
  it('media:open refuses a FIFO called x.mp4, naming what it is', async () => {
    const dir = tempDir('a2s-fifo-');
    const engine = new Engine({ dataDir: path.join(dir, 'data') });
    fifos.push(mkfifo(path.join(dir, 'x.mp4')));
    const res = await engine.handle('media:open', { path: fifos[0] }, ctx);
    expect(res).toMatchObject({ ok: false, error: { code: 'bad-input', field: 'payload.path' } });
    expect(!res.ok && res.error.message).toBe(`${fifos[0]}: is a named pipe (FIFO), not a regular file`);
  }, 20_000);

  it('eight FIFOs at once leave the file system usable: project:new and a real media:open still answer', async () => {
    const dir = tempDir('a2s-fifo-many-');
    const engine = new Engine({ dataDir: path.join(dir, 'data') });
    for (let i = 0; i < 8; i++) fifos.push(mkfifo(path.join(dir, `p${i}.wav`)));
    const refused = await Promise.all(fifos.map((f) => engine.handle('media:open', { path: f }, ctx)));
    expect(refused.every((r) => !r.ok && r.error.code === 'bad-input')).toBe(true);
    expect((await engine.handle('project:new', { dir, name: 'AfterPipes' }, ctx)).ok).toBe(true);
    const mp4 = makeMp4(dir);
    expect((await engine.handle('media:open', { path: mp4 }, ctx)).ok).toBe(true);
  }, 30_000);

  it('a registered file replaced by a FIFO is refused at /media (403), not waited on', async () => {
    const dir = tempDir('a2s-fifo-swap-');
    const engine = new Engine({ dataDir: path.join(dir, 'data') });
    const mp4 = makeMp4(dir);
    const opened = await engine.handle('media:open', { path: mp4 }, ctx);
    if (!opened.ok) throw new Error(opened.error.message);
    const { id } = opened.result as { id: string };
    unlinkSync(mp4);
    fifos.push(mkfifo(mp4));
    const reply = await mediaReply(mediaAllowList(engine.services), id, 'GET', undefined);
    expect(reply.status).toBe(403);
    expect(reply.message).toContain('is no longer a regular file (now a named pipe (FIFO))');
  }, 20_000);

  it('a registered file swapped for a hard link to another file is refused (its inode is checked at each open)', async () => {
    const dir = tempDir('a2s-hardlink-');
    const engine = new Engine({ dataDir: path.join(dir, 'data') });
    const mp4 = makeMp4(dir);
    const other = path.join(dir, 'other.mp4');
    writeFileSync(other, Buffer.concat([readFileSync(mp4), Buffer.from('another file')]));
    const opened = await engine.handle('media:open', { path: mp4 }, ctx);
    if (!opened.ok) throw new Error(opened.error.message);
    const { id } = opened.result as { id: string };
    const list = mediaAllowList(engine.services);
    expect((await mediaReply(list, id, 'HEAD', undefined)).status).toBe(200);
    unlinkSync(mp4);
    linkSync(other, mp4);
    const reply = await mediaReply(list, id, 'GET', undefined);
    expect(reply.status).toBe(403);
    expect(reply.message).toContain('is now another file');
    // Opening it again is the way back, and serves the new file.
    expect((await engine.handle('media:open', { path: mp4 }, ctx)).ok).toBe(true);
  }, 20_000);

  it('a symlink to /dev/zero called z.wav is refused as a device', async () => {
    const dir = tempDir('a2s-devzero-');
    const engine = new Engine({ dataDir: path.join(dir, 'data') });
    const link = path.join(dir, 'z.wav');
    symlinkSync('/dev/zero', link);
    const res = await engine.handle('media:open', { path: link }, ctx);
    expect(!res.ok && res.error.message).toBe(`${link}: is a device, not a regular file`);
  });
});
