import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Backend, activeBundleInfo, hasTimingHead, listBundles, loadBundle, selectBundle } from '../../main/engine/inference';
import { sha256File } from '../../main/engine/inference/bundle/load';
import { TINY_BUNDLE } from './fixtures';
import { tempDir } from './media';

// Broken copies of the tiny bundle: every failure must name the file and the mismatch.
const root = tempDir('a2s-bundles-');
let n = 0;
function copy(): string {
  const dir = path.join(root, `b${n++}`);
  cpSync(TINY_BUNDLE, dir, { recursive: true });
  return dir;
}
type Json = Record<string, unknown> & { graphs: Record<string, { file: string }>; sha256: Record<string, string> };
const readJson = (dir: string): Json => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Json;
const writeJson = (dir: string, m: unknown): void => writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
async function rehash(dir: string, file: string): Promise<void> {
  const m = readJson(dir);
  m.sha256[file] = await sha256File(path.join(dir, file));
  writeJson(dir, m);
}

describe('bundle loader', () => {
  const backend = new Backend({ threads: 1, provider: 'cpu' });
  afterAll(async () => {
    await backend.dispose();
    rmSync(root, { recursive: true, force: true }); // eight 3.5 MB bundle copies
  });

  it('loads the tiny bundle and sees its timing head', async () => {
    const b = await loadBundle(TINY_BUNDLE, backend);
    expect(b.id).toBe('tiny-foleyworld-v1');
    expect(b.clipSamples).toBe(32768);
    expect(b.latentSize).toBe(64 * 128);
    expect(hasTimingHead(b)).toBe(true);
    expect(b.manifest.video).toMatchObject({ sampling: 'left', resize: 'area' });
  });

  it('missing graph → not-found naming the file', async () => {
    const dir = copy();
    const m = readJson(dir);
    m.graphs.decoder.file = 'nope.onnx';
    writeJson(dir, m);
    await expect(loadBundle(dir, backend)).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('nope.onnx: graph decoder is missing') });
  });

  it('corrupt graph → sha256 mismatch naming the file', async () => {
    const dir = copy();
    const f = path.join(dir, 'denoiser.onnx');
    const buf = readFileSync(f);
    buf[buf.length >> 1] ^= 0xff;
    writeFileSync(f, buf);
    await expect(loadBundle(dir, backend)).rejects.toThrow(/denoiser\.onnx: sha256 mismatch/);
  });

  it('corrupt graph with a matching hash → ORT cannot open it, the file is named', async () => {
    const dir = copy();
    writeFileSync(path.join(dir, 'decoder.onnx'), 'garbage, not protobuf');
    await rehash(dir, 'decoder.onnx');
    await expect(loadBundle(dir, backend)).rejects.toThrow(/cannot open ONNX graph .*decoder\.onnx/);
  });

  it('wrong graph in a slot → its real outputs are listed', async () => {
    const dir = copy();
    copyFileSync(path.join(dir, 'avsim_audio.onnx'), path.join(dir, 'audio_condition.onnx')); // same input, other output
    await rehash(dir, 'audio_condition.onnx');
    await expect(loadBundle(dir, backend)).rejects.toThrow(/audio_condition\.onnx: graph audioCondition has no output "tokens" .*embedding/);
  });

  it('wrong-shaped graph → rank/dimension mismatch against the manifest', async () => {
    const dir = copy();
    const m = readJson(dir) as Json & { latent: { shape: number[] } };
    m.latent.shape = [32, 128]; // the graphs take 64 mel bins
    writeJson(dir, m);
    await expect(loadBundle(dir, backend)).rejects.toThrow(/denoiser\.onnx: input "latent" dimension 1 is 64, the manifest expects 32/);
    const dir2 = copy();
    const m2 = readJson(dir2) as Json & { graphs: Record<string, { inputs: Record<string, string> }> };
    m2.graphs.vocoder.inputs = { mel: '[B,64] f32' };
    writeJson(dir2, m2);
    await expect(loadBundle(dir2, backend)).rejects.toThrow(/vocoder\.onnx: input "mel" has rank 3/);
  });

  it('manifest from a future format → says to update', async () => {
    const dir = copy();
    writeJson(dir, { ...readJson(dir), format: 'a2s-bundle/2' });
    await expect(loadBundle(dir, backend)).rejects.toThrow(/manifest\.json: bundle format "a2s-bundle\/2" is newer than this build reads/);
  });

  it('invalid manifest → the field is named', async () => {
    const dir = copy();
    const m = readJson(dir) as Json & { diffusion: Record<string, unknown> };
    m.diffusion.prediction = 'x0';
    writeJson(dir, m);
    await expect(loadBundle(dir, backend)).rejects.toThrow(/manifest\.json: invalid manifest at diffusion\.prediction/);
  });
});

describe('installed bundles and the active one', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('lists builtin and user bundles; selection persists; A2S_BUNDLE overrides', () => {
    const data = tempDir('a2s-data-');
    const user = path.join(data, 'bundles', 'mine');
    mkdirSync(path.dirname(user), { recursive: true });
    cpSync(TINY_BUNDLE, user, { recursive: true });
    writeJson(user, { ...readJson(user), id: 'mine-v1' });
    const broken = path.join(data, 'bundles', 'broken');
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'manifest.json'), '{');
    const all = listBundles(data);
    expect(all.map((b) => b.id)).toEqual(expect.arrayContaining(['tiny-foleyworld-v1', 'mine-v1', 'broken']));
    expect(all.find((b) => b.id === 'broken')).toMatchObject({ valid: false, error: expect.stringContaining('not valid JSON') });
    expect(activeBundleInfo(data).valid).toBe(true);
    selectBundle(data, 'mine-v1');
    expect(activeBundleInfo(data).id).toBe('mine-v1');
    expect(() => selectBundle(data, 'broken')).toThrow(/not usable/);
    expect(() => selectBundle(data, 'ghost')).toThrow(/no installed bundle with id "ghost"/);
    process.env.A2S_BUNDLE = TINY_BUNDLE;
    expect(activeBundleInfo(data).id).toBe('tiny-foleyworld-v1');
    rmSync(data, { recursive: true, force: true });
  });
});
