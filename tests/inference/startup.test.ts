import { cpSync, openSync, rmSync, statSync, utimesSync, writeSync, closeSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GenerateRequest } from '../../main/contract/domains/inference';
import { Backend, closeRuntimes, openRuntime } from '../../main/engine/inference';
import { loadBundleReport } from '../../main/engine/inference/bundle/load';
import { HASH_CACHE_FILE } from '../../main/engine/inference/bundle/hash-cache';
import { runGenerate } from '../../main/engine/inference/pipeline';
import { TINY_BUNDLE } from './fixtures';
import { makeVideo, tempDir } from './media';

// Cold start (issue 20): graph hashes verified once per file version, and only the generation graphs opened.
const root = tempDir('a2s-startup-');
let n = 0;
function copy(): string {
  const dir = path.join(root, `b${n++}`);
  cpSync(TINY_BUNDLE, dir, { recursive: true });
  return dir;
}
const GRAPHS_HASHED = 7; // 5 generation graphs + 2 AV-Sim graphs of the tiny bundle

/** Overwrites one byte in place: same size, same inode, a new mtime. */
function flipByte(file: string, at: number): void {
  const fd = openSync(file, 'r+');
  const old = readFileSync(file)[at];
  writeSync(fd, Buffer.from([old ^ 0xff]), 0, 1, at);
  closeSync(fd);
  const st = statSync(file);
  utimesSync(file, st.atime, new Date(st.mtimeMs + 5000)); // a coarse-mtime filesystem still sees a change
}

describe('bundle hash cache', () => {
  afterAll(async () => {
    await closeRuntimes();
    rmSync(root, { recursive: true, force: true });
  });

  it('hashes every graph once, then answers from <dataDir>/cache while the files are unchanged', async () => {
    const dir = copy();
    const cacheDir = path.join(root, 'cache-a');
    const b1 = new Backend({ threads: 1, provider: 'cpu' });
    const first = await loadBundleReport(dir, b1, { cacheDir, open: [] });
    expect(first.report.hashed).toBe(GRAPHS_HASHED);
    const cached = JSON.parse(readFileSync(path.join(cacheDir, HASH_CACHE_FILE), 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(cached.files)).toHaveLength(GRAPHS_HASHED);
    const second = await loadBundleReport(dir, b1, { cacheDir, open: [] });
    expect(second.report.hashed).toBe(0);
    // a touched file with the same bytes is hashed again, and loads
    const st = statSync(path.join(dir, 'vocoder.onnx'));
    utimesSync(path.join(dir, 'vocoder.onnx'), st.atime, new Date(st.mtimeMs + 5000));
    expect((await loadBundleReport(dir, b1, { cacheDir, open: [] })).report.hashed).toBe(1);
    await b1.dispose();
  });

  it('still catches a graph modified in place (same size, new mtime) after a cached load', async () => {
    const dir = copy();
    const cacheDir = path.join(root, 'cache-b');
    const b = new Backend({ threads: 1, provider: 'cpu' });
    await loadBundleReport(dir, b, { cacheDir, open: [] });
    const file = path.join(dir, 'denoiser.onnx');
    const size = statSync(file).size;
    flipByte(file, Math.floor(size / 2));
    expect(statSync(file).size).toBe(size);
    await expect(loadBundleReport(dir, b, { cacheDir, open: [] })).rejects.toThrow(/denoiser\.onnx: sha256 mismatch/);
    await b.dispose();
  });

  it('without a cache folder every load hashes (nothing is written)', async () => {
    const b = new Backend({ threads: 1, provider: 'cpu' });
    expect((await loadBundleReport(TINY_BUNDLE, b, { open: [] })).report.hashed).toBe(GRAPHS_HASHED);
    expect((await loadBundleReport(TINY_BUNDLE, b, { open: [] })).report.hashed).toBe(GRAPHS_HASHED);
    await b.dispose();
  });
});

describe('sessions a request opens', () => {
  it('a generation opens the five generation graphs, not AV-Sim; AV-Sim opens (and is checked) on first use', async () => {
    const dir = copy();
    const cacheDir = path.join(root, 'cache-c');
    const work = tempDir('a2s-startup-gen-');
    const video = makeVideo(work, 3);
    const req = GenerateRequest.parse({ video, start: 0.2, end: 2.2, ambient: { mode: 'none' }, takes: 1, seed: 3, steps: 2, threads: 1, outDir: path.join(work, 'out') });
    const cold = await runGenerate(req, { bundleDir: dir, provider: 'cpu', cacheDir });
    expect(cold.timings.sessionsOpened).toBe(5);
    expect(cold.timings.hashedGraphs).toBe(GRAPHS_HASHED);
    const rt = await openRuntime(dir, { provider: 'cpu', threads: 1, cacheDir });
    const opened = rt.backend.openedFiles().map((f) => path.basename(f)).sort();
    expect(opened).toEqual(['audio_condition.onnx', 'decoder.onnx', 'denoiser.onnx', 'video_encoder.onnx', 'vocoder.onnx']);
    expect(rt.bundle.io.avsimAudio).toBeUndefined();

    const warm = await runGenerate(req, { bundleDir: dir, provider: 'cpu', cacheDir });
    expect(warm.timings.sessionsOpened).toBe(0); // the runtime stayed open
    expect(warm.timings.hashedGraphs).toBe(0);
    expect(warm.threading).toMatchObject({ intraOp: 1, reason: expect.stringMatching(/requested 1/) as string });

    const wave = new Float32Array(rt.bundle.clipSamples);
    await rt.run('avsimAudio', { wave: { data: wave, dims: [1, wave.length] } });
    expect(rt.backend.openedFiles().map((f) => path.basename(f))).toContain('avsim_audio.onnx');
    expect(rt.bundle.io.avsimAudio?.inputs.has('wave')).toBe(true);
  });
});
