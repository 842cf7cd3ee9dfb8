import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GenerateRequest } from '../../main/contract/domains/inference';
import { closeRuntimes, openRuntime, runGenerate } from '../../main/engine/inference';
import { readWav } from '../../main/engine/media';
import { makeVideo, tempDir } from './media';

// The shipped bundle (arrives once trained) through the same code: nothing in TypeScript is specific to the tiny one.
const DEFAULT = 'models/bundles/default';
describe.skipIf(!existsSync(path.join(DEFAULT, 'manifest.json')))('the default bundle', () => {
  afterAll(closeRuntimes);

  it('validates (hashes, graph I/O) and generates a take of the exact span length', async () => {
    const rt = await openRuntime(DEFAULT, { threads: 1 });
    expect(rt.bundle.id).toMatch(/default/);
    const dir = tempDir('a2s-default-');
    const video = makeVideo(dir, 3);
    const r = await runGenerate(GenerateRequest.parse({ video, start: 0.2, end: 2.7, ambient: { mode: 'low' }, steps: 3, threads: 1, outDir: dir }), { bundleDir: DEFAULT });
    const w = await readWav(r.takes[0].path);
    expect(w.rate).toBe(48000);
    expect(w.channels[0].length).toBe(Math.round(2.5 * 48000));
    expect(w.channels[0].every(Number.isFinite)).toBe(true);
  });
});
