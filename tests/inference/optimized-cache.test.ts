import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Backend, optimizedPath, type Feed } from '../../main/engine/inference/backend';
import { TINY_BUNDLE } from './fixtures';

// Cold start (issue 20): a graph's ORT-optimised form is saved once per graph version and machine, later opens
// load it with optimisation off, and it computes what the graph computes.
const root = mkdtempSync(path.join(os.tmpdir(), 'a2s-ortcache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function denoiserFeeds(rows: number): Record<string, Feed> {
  const fill = (n: number, k: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(0.37 * i + k));
  return {
    latent: { data: fill(rows * 64 * 128, 1), dims: [rows, 64, 128] },
    t: { data: Float32Array.from({ length: rows }, (_, i) => 500 + 100 * i), dims: [rows] },
    context: { data: fill(rows * 80 * 128, 2), dims: [rows, 80, 128] },
    onsetEnvelope: { data: fill(rows * 128, 3).map((v) => (v > 0.9 ? 1 : 0)), dims: [rows, 128] },
  };
}

async function openAndRun(file: string, cache: string | undefined): Promise<{ from: string; eps: Float32Array }> {
  const b = new Backend({ threads: 1, provider: 'cpu', optimizedCache: cache });
  try {
    const s = await b.open(file);
    return { from: s.loadedFrom, eps: (await s.run(denoiserFeeds(2))).eps!.data.slice() };
  } finally {
    await b.dispose();
  }
}

describe('optimised-graph cache', () => {
  const graph = path.join(root, 'denoiser.onnx');
  copyFileSync(path.join(TINY_BUNDLE, 'denoiser.onnx'), graph);
  const cache = path.join(root, 'ort');

  it('saves the optimised graph on the first open, loads it on the next, with the same outputs', async () => {
    const plain = await openAndRun(graph, undefined);
    expect(plain.from).toBe('graph');
    const first = await openAndRun(graph, cache);
    expect(first.from).toBe('graph');
    expect(readdirSync(cache)).toEqual([path.basename(optimizedPath(cache, graph)!)]); // no temporary left behind
    const second = await openAndRun(graph, cache);
    expect(second.from).toBe('optimized');
    expect(second.eps).toEqual(first.eps);
    expect(second.eps).toEqual(plain.eps);
  });

  it('a damaged cached graph is replaced, not used', async () => {
    const cached = optimizedPath(cache, graph)!;
    writeFileSync(cached, 'not an onnx graph');
    const r = await openAndRun(graph, cache);
    expect(r.from).toBe('graph');
    expect(statSync(cached).size).toBeGreaterThan(1000);
    expect((await openAndRun(graph, cache)).from).toBe('optimized');
  });

  it('a changed graph file gets its own entry (the old optimised graph is never loaded for it)', async () => {
    const before = optimizedPath(cache, graph)!;
    const st = statSync(graph);
    utimesSync(graph, st.atime, new Date(st.mtimeMs + 5000));
    const after = optimizedPath(cache, graph)!;
    expect(after).not.toBe(before);
    expect((await openAndRun(graph, cache)).from).toBe('graph');
    expect((await openAndRun(graph, cache)).from).toBe('optimized');
    expect(readdirSync(cache)).toEqual([path.basename(after)]); // the old version's entry is gone
  });

  it('another graph file with the same name keeps its own entry', async () => {
    const other = path.join(root, 'other', 'denoiser.onnx');
    mkdirSync(path.dirname(other));
    copyFileSync(graph, other);
    expect(optimizedPath(cache, other)).not.toBe(optimizedPath(cache, graph));
    expect((await openAndRun(other, cache)).from).toBe('graph');
    expect(readdirSync(cache).sort()).toEqual([path.basename(optimizedPath(cache, graph)!), path.basename(optimizedPath(cache, other)!)].sort());
  });

  it('an unwritable cache folder still opens the graph', async () => {
    const blocked = path.join(root, 'blocked');
    writeFileSync(blocked, 'a file where the folder should be');
    const r = await openAndRun(graph, path.join(blocked, 'ort'));
    expect(r.from).toBe('graph');
  });
});
