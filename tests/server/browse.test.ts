import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BROWSE_MAX_ENTRIES } from '../../main/contract/domains/browse';
import { EngineError } from '../../main/engine/core/errors';
import { Engine } from '../../main/engine/host';
import { listFolder, resolveRoots, type BrowseRoot } from '../../main/server/browse';
import { startLoopbackServer } from '../../main/server/loopback';

/**
 * Issue 18 defect 4: browser mode's file picker lists folders through the loopback server, limited to the home folder
 * and the `--root` folders: `..`, symlinks and absolute paths elsewhere are refused, dotfiles only when asked, no
 * FIFOs or devices. Real folders, links and a named pipe in a temporary tree.
 */
let tmp: string;
let home: string;
let outside: string;
let extra: string;
let roots: BrowseRoot[];

const list = (p: string | undefined, hidden = false) => listFolder({ ...(p === undefined ? {} : { path: p }), hidden }, roots);
const names = async (p: string | undefined, hidden = false) => (await list(p, hidden)).entries.map((e) => e.name);
async function refusal(p: string, hidden = false): Promise<EngineError> {
  const err = await list(p, hidden).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(EngineError);
  return err as EngineError;
}

beforeAll(async () => {
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'a2s-browse-')));
  home = path.join(tmp, 'home');
  outside = path.join(tmp, 'outside');
  extra = path.join(tmp, 'media-drive');
  for (const d of [home, outside, extra, path.join(home, 'sounds'), path.join(home, 'kitchen.a2s'), path.join(home, '.ssh'), path.join(home, 'sounds', 'sub')]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(home, 'shot.mp4'), Buffer.alloc(1234));
  writeFileSync(path.join(home, 'rain.WAV'), Buffer.alloc(10));
  writeFileSync(path.join(home, 'notes.txt'), 'x');
  writeFileSync(path.join(home, '.bashrc'), 'x');
  writeFileSync(path.join(home, '.ssh', 'id_ed25519'), 'secret');
  writeFileSync(path.join(outside, 'secret.mp4'), 'x');
  writeFileSync(path.join(extra, 'take.wav'), 'x');
  symlinkSync(outside, path.join(home, 'escape'));
  symlinkSync(path.join(outside, 'secret.mp4'), path.join(home, 'escape.mp4'));
  symlinkSync(path.join(home, 'sounds'), path.join(home, 'sounds-link'));
  symlinkSync(path.join(home, '.ssh'), path.join(home, 'keys'));
  symlinkSync(path.join(tmp, 'nowhere'), path.join(home, 'dangling'));
  execFileSync('mkfifo', [path.join(home, 'pipe.wav')]);
  roots = await resolveRoots([extra], home);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('browse:list limits', () => {
  it('lists the home folder by default: folders first, kinds by extension, sizes; no dotfiles, escapes, pipes or dead links', async () => {
    const r = await list(undefined);
    expect(r.path).toBe(home);
    expect(r.parent).toBeNull(); // the top of a root: nothing above it
    expect(r.roots).toEqual([{ path: home, label: 'Home' }, { path: extra, label: extra }]);
    expect(r.entries).toEqual([
      { name: 'kitchen.a2s', kind: 'project', size: null },
      { name: 'sounds', kind: 'folder', size: null },
      { name: 'sounds-link', kind: 'folder', size: null },
      { name: 'notes.txt', kind: 'file', size: 1 },
      { name: 'rain.WAV', kind: 'audio', size: 10 },
      { name: 'shot.mp4', kind: 'video', size: 1234 },
    ]);
    expect(r.truncated).toBe(false);
  });

  it('shows dotfiles, and links into hidden folders, only when asked', async () => {
    expect(await names(home, true)).toEqual(expect.arrayContaining(['.bashrc', '.ssh', 'keys']));
    expect(await names(path.join(home, '.ssh'), true)).toEqual(['id_ed25519']);
    expect((await refusal(path.join(home, '.ssh'))).code).toBe('unauthorized');
    expect((await refusal(path.join(home, 'keys'))).code).toBe('unauthorized'); // a link to .ssh is .ssh
  });

  it('refuses every way outside the roots: an absolute path, "..", a symlinked folder', async () => {
    for (const p of [outside, '/', path.join(home, '..', 'outside'), path.join(home, 'sounds', '..', '..'), path.join(home, 'escape')]) {
      const err = await refusal(p);
      expect(err.code, p).toBe('unauthorized');
      expect(err.message).toContain('outside the folders this server lists');
    }
    // Even with hidden files asked for.
    expect((await refusal(outside, true)).code).toBe('unauthorized');
  });

  it('says what is wrong with a relative path, a missing folder, a file', async () => {
    expect((await refusal('sounds')).code).toBe('bad-input');
    expect((await refusal(path.join(home, 'gone'))).code).toBe('not-found');
    expect((await refusal(path.join(home, 'shot.mp4'))).message).toContain('not a folder');
  });

  it('lists a --root folder; going up stops at a root outside home, not at a folder inside one', async () => {
    const r = await list(extra);
    expect(r.entries.map((e) => e.name)).toEqual(['take.wav']);
    expect(r.parent).toBeNull();
    expect((await list(path.join(home, 'sounds', 'sub'))).parent).toBe(path.join(home, 'sounds'));
    // Through a link inside home the real folder is listed.
    expect((await list(path.join(home, 'sounds-link'))).path).toBe(path.join(home, 'sounds'));
  });

  it('a --root that is not a folder is an error at start-up', async () => {
    await expect(resolveRoots([path.join(tmp, 'nope')], home)).rejects.toThrow('--root');
    await expect(resolveRoots([path.join(home, 'shot.mp4')], home)).rejects.toThrow('not a folder');
  });

  it(`returns at most ${BROWSE_MAX_ENTRIES} entries and says it truncated`, async () => {
    const big = path.join(extra, 'big');
    mkdirSync(big);
    for (let i = 0; i < BROWSE_MAX_ENTRIES + 5; i++) writeFileSync(path.join(big, `f${i}.wav`), '');
    const r = await list(big);
    expect(r.entries).toHaveLength(BROWSE_MAX_ENTRIES);
    expect(r.truncated).toBe(true);
    expect(r.entries.slice(0, 3).map((e) => e.name)).toEqual(['f0.wav', 'f1.wav', 'f2.wav']); // numeric order
  });
});

describe('browse:list over the loopback WebSocket', () => {
  it('is answered by the server (validated both ways) and refuses outside paths', async () => {
    const server = await startLoopbackServer({ engine: new Engine({ dataDir: path.join(tmp, 'data') }), browseRoots: [extra] });
    try {
      const ws = await new Promise<WebSocket>((resolve, reject) => {
        const s = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
        s.once('open', () => resolve(s));
        s.once('error', reject);
      });
      const ask = (id: number, payload: unknown) => new Promise<Record<string, unknown>>((resolve) => {
        ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>));
        ws.send(JSON.stringify({ id, channel: 'browse:list', payload }));
      });
      const ok = await ask(1, { path: extra });
      expect(ok).toMatchObject({ id: 1, ok: true, result: { path: extra, entries: expect.arrayContaining([{ name: 'take.wav', kind: 'audio', size: 1 }]) } });
      expect(await ask(2, { path: outside })).toMatchObject({ id: 2, ok: false, error: { code: 'unauthorized' } });
      expect(await ask(3, { path: 5 })).toMatchObject({ id: 3, ok: false, error: { code: 'validation', field: 'payload.path' } });
      expect(await ask(4, { path: extra, extra: true })).toMatchObject({ ok: false, error: { code: 'validation' } });
      ws.close();
    } finally {
      await server.close();
    }
  });
});
