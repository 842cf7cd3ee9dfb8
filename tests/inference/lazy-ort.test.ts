import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Cold start (issue 20): the engine thread imports inference (handlers, runner) but never opens a session, so
// onnxruntime-node (its JS and native binding, ~45 ms of a cold CLI start) is loaded only when a graph opens.
const loaded = (): boolean => Object.keys(createRequire(__filename).cache).some((k) => k.includes(`${'onnxruntime'}-node`));

describe('onnxruntime-node', () => {
  it('is not loaded by importing the engine and the inference module, only by opening a graph', async () => {
    const { Engine } = await import('../../main/engine/host');
    const inference = await import('../../main/engine/inference');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'a2s-lazy-ort-'));
    const engine = new Engine({ dataDir });
    expect(await engine.call('bundle:list', {})).toBeTruthy();
    expect(loaded()).toBe(false);
    const b = new inference.Backend({ threads: 1, provider: 'cpu' });
    await b.open('models/bundles/tiny/decoder.onnx');
    expect(loaded()).toBe(true);
    await b.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
