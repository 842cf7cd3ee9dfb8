import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Backend, listBundles, loadBundle } from '../../main/engine/inference';
import { TINY_BUNDLE } from '../inference/fixtures';
import { tempDir } from '../shell/media-fixtures';
import { mkfifo, unblock } from './fifo';

/**
 * Issue 21 defect 3, bundles: a graph file that is a FIFO (or a symlink to /dev/zero) made bundle hashing run
 * forever, and a folder gave a bare `EISDIR … read`. Each must be a clear error naming the file.
 */
const root = tempDir('a2s-bundle-fifo-');
const backend = new Backend({ threads: 1, provider: 'cpu' });
const fifos: string[] = [];
let n = 0;

afterEach(() => fifos.splice(0).forEach(unblock));
afterAll(async () => {
  await backend.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** A copy of the tiny bundle with `file` replaced by `make(file)`. */
function brokenCopy(file: string, make: (target: string) => void, parent = path.join(root, 'bundles')): string {
  const dir = path.join(parent, `b${n++}`);
  cpSync(TINY_BUNDLE, dir, { recursive: true });
  const target = path.join(dir, file);
  rmSync(target);
  make(target);
  return dir;
}

describe('bundle files that are not regular files', () => {
  it.each([
    ['a FIFO', (t: string) => void fifos.push(mkfifo(t)), 'a named pipe (FIFO)'],
    ['a symlink to /dev/zero', (t: string) => symlinkSync('/dev/zero', t), 'a device'],
    ['a folder', (t: string) => mkdirSync(t), 'a folder'],
  ])('a denoiser graph that is %s is refused, naming the file', async (_label, make, kind) => {
    const dir = brokenCopy('denoiser.onnx', make);
    await expect(loadBundle(dir, backend)).rejects.toMatchObject({
      code: 'bad-input',
      message: `${path.join(dir, 'denoiser.onnx')}: graph denoiser is ${kind}, not a regular file`,
    });
  }, 20_000);

  it('a manifest.json that is a FIFO makes that bundle invalid in the list, without blocking the listing', () => {
    // A user bundle root (<dataDir>/bundles) holding the broken copy.
    const data = path.join(root, 'data');
    const dir = brokenCopy('manifest.json', (t) => void fifos.push(mkfifo(t)), path.join(data, 'bundles'));
    const bundles = listBundles(data);
    expect(bundles.some((b) => b.valid)).toBe(true); // the built-in ones are still there
    expect(bundles.find((b) => b.dir === dir)).toMatchObject({ valid: false, error: `${path.join(dir, 'manifest.json')}: is a named pipe (FIFO), not a regular file` });
  }, 20_000);
});
