import { mkdirSync, readFileSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MediaAllowList, mediaReply } from '../../main/engine/media-access';
import { Engine } from '../../main/engine/host';
import { makeMp4, tempDir } from './media-fixtures';

const dir = tempDir('a2s-allow-');
let mp4: string;
const wav = path.join(dir, 'tone.wav');

beforeAll(() => {
  mp4 = makeMp4(dir);
  // A minimal valid RIFF/WAVE header is enough for the sniffing check.
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + 100, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  writeFileSync(wav, Buffer.concat([header, Buffer.alloc(100)]));
});

async function body(reply: Awaited<ReturnType<typeof mediaReply>>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of reply.body ?? []) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

describe('media allow-list', () => {
  it('registers a real file under an opaque id and serves exactly its bytes', async () => {
    const list = new MediaAllowList();
    const { entry, bytes } = await list.register(mp4);
    expect(entry.id).toMatch(/^[0-9a-f]{32}$/);
    expect(entry.mime).toBe('video/mp4');
    expect(bytes).toBe(readFileSync(mp4).length);
    const reply = await mediaReply(list, entry.id, 'GET', 'bytes=0-99');
    expect(reply.status).toBe(206);
    expect(await body(reply)).toEqual(readFileSync(mp4).subarray(0, 100));
    expect((await list.register(wav)).entry.mime).toBe('audio/wav');
  });

  it.each([
    ['a relative path', 'clip.mp4', 'bad-input', /absolute path/],
    ['a missing file', '/nonexistent/a2s/clip.mp4', 'not-found', /no such file/],
    ['a text file', '/etc/hostname', 'bad-input', /not an audio or video file/],
    ['a folder named like a video', 'DIR/folder.mp4', 'bad-input', /not a regular file/],
    ['an empty file', 'DIR/empty.mp4', 'bad-input', /empty/],
    ['a renamed document', 'DIR/secret.mp4', 'bad-input', /content is not video\/mp4/],
  ])('refuses %s with a clear error naming it', async (_label, given, code, message) => {
    mkdirSync(path.join(dir, 'folder.mp4'), { recursive: true });
    writeFileSync(path.join(dir, 'empty.mp4'), '');
    writeFileSync(path.join(dir, 'secret.mp4'), 'password=hunter2\n'.repeat(4));
    const p = given.replace('DIR', dir);
    await expect(new MediaAllowList().register(p)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('refuses a file whose symlink was swapped after registration (and a swapped real path)', async () => {
    const list = new MediaAllowList();
    const target = makeMp4(dir, 'target.mp4', 1);
    const link = path.join(dir, 'link.mp4');
    symlinkSync(target, link);
    const { entry } = await list.register(link);
    expect((await mediaReply(list, entry.id, 'GET', null)).status).toBe(200);

    // Re-point the link at a file the user never opened: the id must not follow it.
    const other = path.join(dir, 'other.mp4');
    writeFileSync(other, readFileSync(target));
    unlinkSync(link);
    symlinkSync(other, link);
    const swapped = await mediaReply(list, entry.id, 'GET', null);
    expect(swapped.status).toBe(403);
    expect(swapped.message).toMatch(/now resolves to another file/);

    // Registered directly, then the real file replaced by a symlink to elsewhere: refused too.
    const direct = await list.register(target);
    const moved = path.join(dir, 'moved.mp4');
    renameSync(target, moved);
    symlinkSync('/etc/passwd', target);
    expect((await mediaReply(list, direct.entry.id, 'GET', null)).status).toBe(403);
  });

  it('answers 404 for unknown or malformed ids and 405 for writes', async () => {
    const list = new MediaAllowList();
    const { entry } = await list.register(mp4);
    expect((await mediaReply(list, '0'.repeat(32), 'GET', null)).status).toBe(404);
    expect((await mediaReply(list, '../../etc/passwd', 'GET', null)).status).toBe(404);
    expect((await mediaReply(list, entry.id, 'PUT', null)).status).toBe(405);
  });

  it('media:open through the engine answers {id, url, mime, bytes} per transport', async () => {
    const engine = new Engine({ dataDir: tempDir('a2s-allow-engine-') });
    const ws = await engine.handle('media:open', { path: mp4 }, { transport: 'websocket', clientId: 'a' });
    expect(ws).toMatchObject({ ok: true, result: { url: expect.stringMatching(/^\/media\/[0-9a-f]{32}$/), mime: 'video/mp4' } });
    const ipc = await engine.handle('media:open', { path: mp4 }, { transport: 'ipc', clientId: 'b' });
    expect(ipc).toMatchObject({ ok: true, result: { url: expect.stringMatching(/^media:\/\/[0-9a-f]{32}$/) } });
    const dialog = await engine.handle('dialog:openVideo', {}, { transport: 'websocket', clientId: 'a' });
    expect(dialog).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
