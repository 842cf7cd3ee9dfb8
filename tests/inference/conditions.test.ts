import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GenerateRequest } from '../../main/contract/domains/inference';
import { Backend, closeRuntimes, embedAudio, loadBundle, runGenerate } from '../../main/engine/inference';
import { TINY_BUNDLE } from './fixtures';
import { makeVideo, makeWav, tempDir } from './media';

// A bundle's own conditions (manifest `conditions.low` / `conditions.pool`) when the clip library has nothing.
describe('bundle conditions (low clip, pool)', () => {
  const dir = tempDir('a2s-cond-');
  afterAll(async () => {
    await closeRuntimes();
    rmSync(dir, { recursive: true, force: true });
  });
  const video = makeVideo(dir, 3);
  const wav = makeWav(dir, 1, 'src.wav');

  function bundleWith(name: string, conditions: Record<string, string>, pool?: unknown): string {
    const b = path.join(dir, name);
    cpSync(TINY_BUNDLE, b, { recursive: true });
    for (const name of ['low.wav', 'bed-a.wav', 'bed-b.wav']) cpSync(wav, path.join(b, name));
    if (pool) writeFileSync(path.join(b, 'pool.json'), JSON.stringify(pool));
    const m = JSON.parse(readFileSync(path.join(b, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(b, 'manifest.json'), JSON.stringify({ ...m, id: `tiny-${name}`, conditions }));
    return b;
  }
  const req = (mode: 'auto' | 'low'): GenerateRequest => GenerateRequest.parse({ video, start: 0, end: 1, steps: 2, threads: 1, ambient: { mode }, outDir: path.join(dir, 'out') });

  it('low uses conditions.low; auto picks the pool clip closest by AV-Sim (with its score)', async () => {
    const [ea] = await embedAudio(TINY_BUNDLE, [new Float32Array(32768).fill(0.01)]);
    const pool = [
      { file: 'bed-a.wav', embedding: Array.from(ea), ambientDb: -30 },
      { file: 'bed-b.wav', embedding: Array.from(ea, (v) => -v), ambientDb: -60 },
    ];
    const b = bundleWith('full', { low: 'low.wav', pool: 'pool.json' }, pool);
    const low = await runGenerate(req('low'), { bundleDir: b });
    expect(low.condition).toMatchObject({ mode: 'low', clip: path.join(b, 'low.wav') });
    const auto = await runGenerate(req('auto'), { bundleDir: b, retrieval: { hit: null, note: 'clip library: empty' } });
    expect(auto.condition.mode).toBe('auto');
    expect(auto.condition.clip).toMatch(/^pool:bed-[ab]\.wav$/);
    expect(typeof auto.condition.score).toBe('number');
    expect(auto.condition.note).toMatch(/clip library: empty; from the bundle's condition pool/);
  });

  it('without a low clip, low takes the quietest pool clip', async () => {
    const b = bundleWith('poolonly', { pool: 'pool.json' }, [
      { file: 'bed-a.wav', ambientDb: -20 },
      { file: 'bed-b.wav', ambientDb: -55 },
    ]);
    const r = await runGenerate(req('low'), { bundleDir: b });
    expect(r.condition).toMatchObject({ mode: 'low', clip: 'pool:bed-b.wav' });
  });

  it('a pool naming a missing clip fails at load, naming the pool file', async () => {
    const b = bundleWith('broken', { pool: 'pool.json' }, [{ file: 'ghost.wav', ambientDb: -40 }]);
    await expect(loadBundle(b, new Backend({ threads: 1 }))).rejects.toThrow(/pool\.json: pool clip ghost\.wav is missing/);
    const c = bundleWith('nolow', { low: 'missing-low.wav' });
    await expect(loadBundle(c, new Backend({ threads: 1 }))).rejects.toThrow(/missing-low\.wav: conditions\.low names a missing file/);
  });
});
