import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readWav } from '../../main/engine/media';
import { runCli } from '../helpers/cli';
import { tmpDir } from '../project/helpers';
import { makeFixture, type Fixture } from './fixture';

describe('a2s export (CLI contract)', () => {
  const root = tmpDir('export-cli');
  let fx: Fixture;
  beforeAll(async () => {
    fx = await makeFixture(root, 'Cli Scene');
  });

  it('prints { stems: [{track, path, seconds}], mix, video, rpp, otio } with --json and writes them', async () => {
    const out = path.join(root, 'out');
    const r = runCli(['export', fx.projectDir, '--out', out, '--rate', '44100', '--bits', '24', '--mux', '--rpp', '--otio', '--loudness', '-23', '--json', '--data', path.join(root, 'data')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { stems: { track: string; path: string; seconds: number }[]; mix: string; video: string; rpp: string; otio: string; loudness: { targetLufs: number } };
    expect(j.stems.map((s) => s.track)).toEqual(['Original', 'Action', 'Ambience']);
    expect(Object.keys(j.stems[0]!).sort()).toEqual(['path', 'seconds', 'track']);
    for (const f of [...j.stems.map((s) => s.path), j.mix, j.video, j.rpp, j.otio]) expect(existsSync(f)).toBe(true);
    expect(path.basename(j.mix)).toBe('Cli-Scene_mix.wav');
    const w = await readWav(j.mix);
    expect([w.rate, w.format, w.channels[0]!.length]).toEqual([44100, 'pcm24', Math.round(j.stems[0]!.seconds * 44100)]);
    expect(j.loudness.targetLufs).toBe(-23);
    expect(readFileSync(j.rpp, 'utf8')).toMatch(/^<REAPER_PROJECT/);
  });

  it('refuses to overwrite without --force (exit 1, names the files), and overwrites with it', () => {
    const out = path.join(root, 'out');
    const r = runCli(['export', fx.projectDir, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('would overwrite');
    expect(r.stderr).toContain('--force');
    expect(runCli(['export', fx.projectDir, '--out', out, '--force', '--json']).code).toBe(0);
  });

  it('reports usage errors with exit code 2', () => {
    expect(runCli(['export', fx.projectDir]).stderr).toContain('--out DIR is required');
    expect(runCli(['export', fx.projectDir, '--out', root, '--bits', '16']).code).toBe(2);
    const missing = runCli(['export', path.join(root, 'nope.a2s'), '--out', root]);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('no project folder')]);
  });
});
