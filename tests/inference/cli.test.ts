import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWav } from '../../main/engine/media';
import { runCli } from '../helpers/cli';
import { TINY_BUNDLE } from './fixtures';
import { makeAudioOnly, makeVideo, tempDir } from './media';

// Acceptance: the built CLI (dist/cli.cjs, inference in dist/inference-worker.cjs) on a real mp4 made here.
describe('a2s generate (built CLI, worker thread)', () => {
  const dir = tempDir('a2s-cli-gen-');
  const video = makeVideo(dir, 4);
  const data = path.join(dir, 'data');
  const base = ['--bundle', TINY_BUNDLE, '--data', data, '--steps', '4', '--threads', '1'];

  it('writes N WAVs of the span\'s exact length at 48 kHz and prints one JSON object', async () => {
    const out = path.join(dir, 'out');
    const r = runCli(['generate', video, '--start', '0.3', '--end', '3.55', '--takes', '3', '--seed', '11', '--ambient', 'none', '--onsets', '1.0,2.5', ...base, '--out', out, '--json']);
    expect(r.stderr).not.toMatch(/onnxruntime/i);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      bundle: string; provider: string; takes: { path: string; seconds: number; seed: number }[]; onsets: number[];
      condition: { mode: string; clip: string | null; score: number | null }; timings: Record<string, number>;
    };
    expect(json.bundle).toBe('tiny-foleyworld-v1');
    expect(json.provider).toBe('cpu');
    expect(json.onsets).toEqual([1, 2.5]);
    expect(json.condition).toEqual({ mode: 'none', clip: null, score: null, source: null });
    expect(Object.keys(json.timings).sort()).toEqual([
      'bundleVerifySec', 'conditionSec', 'decodeSec', 'framesSec', 'hashedGraphs', 'retrievalSec', 'runtimeSec', 'samplingSec',
      'sessionsOpenSec', 'sessionsOpened', 'spanCheckSec', 'startupSec', 'totalSec', 'videoSec',
    ]);
    expect(json.timings.sessionsOpened).toBe(5); // the AV-Sim graphs are not opened for a generation
    expect(json.takes.map((t) => t.seed)).toEqual([11, 12, 13]);
    for (const t of json.takes) {
      expect(path.dirname(t.path)).toBe(out);
      const w = await readWav(t.path);
      expect(w.rate).toBe(48000);
      expect(w.format).toMatch(/float/);
      expect(Math.abs(w.channels[0].length / 48000 - 3.25)).toBeLessThanOrEqual(0.001);
      expect(existsSync(`${t.path}.json`)).toBe(true);
    }
  });

  it('progress goes to stderr without --json; auto says it fell back', () => {
    const r = runCli(['generate', video, '--start', '1', '--end', '2', ...base, '--out', path.join(dir, 'out2')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/100%\s+done · 1 take/);
    expect(r.stdout).toMatch(/condition: low-fallback/);
  });

  it('bad input: usage errors exit 2, engine errors exit 1 naming the file', () => {
    expect(runCli(['generate', video, '--end', '2', '--out', dir]).code).toBe(2);
    expect(runCli(['generate', video, '--start', 'x', '--end', '2', '--out', dir]).stderr).toMatch(/--start must be a number/);
    const outside = runCli(['generate', video, '--start', '3', '--end', '9', ...base, '--out', dir]);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/clip\.mp4: span 3\.000–9\.000 s is outside the video/);
    const audio = runCli(['generate', makeAudioOnly(dir), '--start', '0', '--end', '1', ...base, '--out', dir]);
    expect(audio.stderr).toMatch(/sound\.m4a: has no video stream/);
    const cond = runCli(['generate', video, '--start', '0', '--end', '1', '--ambient', path.join(dir, 'missing.wav'), ...base, '--out', dir]);
    expect(cond.stderr).toMatch(/missing\.wav: file not found/);
  });
});
