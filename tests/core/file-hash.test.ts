import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sha256Bytes, sha256File } from '../../main/engine/core/file-hash';
import { NotRegularFile } from '../../main/engine/core/regular-file';
import { mkfifo, unblock } from '../faults/fifo';

// The engine's one file hash (bundle graphs, library clips, project media): the digest of the whole file, read as a
// stream, and a refusal (not a hang) for what is not a regular file.
const dir = mkdtempSync(path.join(os.tmpdir(), 'a2s-file-hash-'));
const fifos: string[] = [];
let n = 0;
afterEach(() => fifos.splice(0).forEach(unblock));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('sha256File', () => {
  it('hashes every byte of a file larger than one stream chunk', async () => {
    // 1 MiB + 7 bytes of varied content: several 64 KiB chunks and a short last one.
    const bytes = new Uint8Array((1 << 20) + 7).map((_, i) => (i * 2654435761) >>> 24);
    const file = path.join(dir, 'big.bin');
    writeFileSync(file, bytes);
    expect(await sha256File(file)).toBe(digest(bytes));
    // One byte changed at the very end changes the hash (the last chunk is read).
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(file, bytes);
    expect(await sha256File(file)).toBe(digest(bytes));
    // The in-memory form (a clip already read for decoding, a manifest) is the same digest.
    expect(sha256Bytes(bytes)).toBe(await sha256File(file));
  });

  it('hashes an empty file', async () => {
    const file = path.join(dir, 'empty.bin');
    writeFileSync(file, '');
    expect(await sha256File(file)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it.skipIf(process.platform === 'win32').each([
    ['a FIFO', (t: string) => void fifos.push(mkfifo(t)), 'a named pipe (FIFO)'],
    ['a symlink to /dev/zero', (t: string) => symlinkSync('/dev/zero', t), 'a device'],
    ['a folder', (t: string) => mkdirSync(t), 'a folder'],
  ])('refuses %s at once, naming it', async (_label, make, kind) => {
    const file = path.join(dir, `not-regular-${n++}`);
    make(file);
    const err = await sha256File(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotRegularFile);
    expect(err).toMatchObject({ file, kind });
  });

  it('passes a missing file through as ENOENT', async () => {
    await expect(sha256File(path.join(dir, 'nope.bin'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
