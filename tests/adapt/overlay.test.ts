import { cpSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Backend, listBundles, loadBundle, readManifest, makeBundle } from '../../main/engine/inference';
import { sha256File } from '../../main/engine/inference/bundle/load';
import { manifestHash } from '../../main/engine/inference/bundle/overlay';
import { tempDir } from '../helpers/media-fixtures';
import { TINY_BUNDLE } from '../inference/fixtures';

// Adapter bundles (issue 22): a folder with only the changed graph and a manifest naming its base by id + hash.
// The loader merges the base's manifest, resolves unchanged graphs from the base and refuses a different base.
describe('bundle loader: adapter overlays', { timeout: 180_000 }, () => {
  const { dir: root, cleanup } = tempDir('a2s-overlay-');
  const backend = new Backend({ threads: 1, provider: 'cpu' });
  afterAll(async () => {
    await backend.dispose();
    cleanup();
  });
  let n = 0;
  /** <root>/<k>/bundles/{base,ad}: the base and an adapter beside it holding a copy of the base's video encoder. */
  async function setup(hint?: string): Promise<{ base: string; adapter: string; data: string }> {
    const data = path.join(root, String(n++));
    const base = path.join(data, 'bundles', 'base');
    const adapter = path.join(data, 'bundles', 'ad');
    cpSync(TINY_BUNDLE, base, { recursive: true });
    mkdirSync(adapter, { recursive: true });
    const m = readManifest(base);
    const graph = m.graphs.videoEncoder!;
    cpSync(path.join(base, graph.file), path.join(adapter, graph.file));
    writeFileSync(path.join(adapter, 'manifest.json'), JSON.stringify({
      format: 'a2s-bundle/1', id: 'my-shoot', description: 'adapter',
      baseBundle: { id: m.id, sha256: manifestHash(base), dir: hint ?? base },
      graphs: { videoEncoder: graph }, sha256: { [graph.file]: await sha256File(path.join(adapter, graph.file)) },
    }));
    return { base, adapter, data };
  }

  it("merges the base's manifest; the changed graph comes from the adapter, the rest from the base", async () => {
    const { base, adapter, data } = await setup();
    const m = readManifest(adapter);
    expect(m.id).toBe('my-shoot');
    expect(m.audio.clipSeconds).toBe(readManifest(base).audio.clipSeconds);
    const b = makeBundle(adapter, m);
    expect(b.graphPath('videoEncoder')).toBe(path.join(adapter, m.graphs.videoEncoder!.file));
    expect(b.graphPath('denoiser')).toBe(path.join(base, m.graphs.denoiser!.file));
    expect(b.overlayDir).toBe(adapter);
    const loaded = await loadBundle(adapter, backend);
    expect(loaded.id).toBe('my-shoot');
    expect(loaded.io.videoEncoder?.outputs.has('tokens')).toBe(true);
    expect(listBundles(data).find((x) => x.id === 'my-shoot')).toMatchObject({ valid: true, dir: adapter });
  });

  it('finds its base beside it when the recorded folder is gone', async () => {
    const { adapter } = await setup(path.join(root, 'moved-away'));
    expect(readManifest(adapter).baseBundle?.dir).toBe(path.join(path.dirname(adapter), 'base'));
  });

  it('a base with a different manifest (another version) is refused, naming the base', async () => {
    const { base, adapter, data } = await setup();
    const file = path.join(base, 'manifest.json');
    writeFileSync(file, JSON.stringify({ ...readManifest(base), description: 'retrained' }));
    expect(() => readManifest(adapter)).toThrow(/its base bundle "tiny-foleyworld-v1" \(manifest sha256 [0-9a-f]{12}…\) is not installed at .* or beside the adapter/);
    expect(listBundles(data).find((x) => x.dir === adapter)).toMatchObject({ valid: false, error: expect.stringMatching(/base bundle/) });
  });

  it('a base whose manifest changed but lists the pinned hash in supersedes (same graphs) still serves the adapter', async () => {
    const { base, adapter } = await setup();
    const file = path.join(base, 'manifest.json');
    const pinned = manifestHash(base)!;
    writeFileSync(file, JSON.stringify({ ...readManifest(base), description: 'new CARD, fewer steps', supersedes: [pinned] }));
    expect(manifestHash(base)).not.toBe(pinned);
    const m = readManifest(adapter);
    expect(m.baseBundle?.dir).toBe(base);
    expect(m.description).toBe('adapter');
    expect((await loadBundle(adapter, backend)).id).toBe('my-shoot');
    // A list that does not hold the pin is a different base.
    writeFileSync(file, JSON.stringify({ ...readManifest(base), supersedes: ['0'.repeat(64)] }));
    expect(() => readManifest(adapter)).toThrow(/its base bundle "tiny-foleyworld-v1"/);
  });

  it("a replaced adapter graph fails the hash check, naming the adapter's file", async () => {
    const { base, adapter } = await setup();
    const m = readManifest(adapter);
    renameSync(path.join(adapter, m.graphs.videoEncoder!.file), path.join(adapter, 'old.onnx'));
    cpSync(path.join(base, m.graphs.denoiser!.file), path.join(adapter, m.graphs.videoEncoder!.file));
    await expect(loadBundle(adapter, backend)).rejects.toThrow(new RegExp(`${path.join(adapter, m.graphs.videoEncoder!.file)}: sha256 mismatch`));
  });
});
