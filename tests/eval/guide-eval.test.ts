import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGuideEval, SPAN_SEC, SWEEP } from '../../main/engine/eval/guide';
import { runCli } from '../helpers/cli';
import { makeHitsVideo } from '../helpers/media-fixtures';

/**
 * `a2s eval --set guide` (issue 15 item 4): the guide-track detector swept over its sensitivity, on real-format clips
 * (manifest.json) and on a Foley World build (long/<id>.json, cut into editor-sized spans). Real ffmpeg decodes; the
 * clips have loud hits at the reference times and quiet ones that are not in the reference.
 */
const work = mkdtempSync(path.join(os.tmpdir(), 'a2s-guide-eval-'));
const LOUD = [0.5, 1.3, 2.1, 3.4];
const QUIET = [2.7, 3.9];

function realSet(): string {
  const dir = path.join(work, 'real');
  mkdirSync(dir, { recursive: true });
  makeHitsVideo(path.join(dir, 'a.mp4'), { seconds: 4.5, hitsAt: LOUD, quietAt: QUIET });
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify([{ id: 'a', file: 'a.mp4', seconds: 4.5, onsets: LOUD }]));
  return dir;
}

function foleyWorldSet(): string {
  const dir = path.join(work, 'fw');
  mkdirSync(path.join(dir, 'long'), { recursive: true });
  const hits = [0.4, 2.2, 5.0, 6.6, 9.1, 11.5];
  makeHitsVideo(path.join(dir, 'long', 'v1.mp4'), { seconds: 13, hitsAt: hits });
  writeFileSync(path.join(dir, 'long', 'v1.json'), JSON.stringify({ id: 'v1', duration: 13, events: hits.map((time) => ({ time, cls: 'chop' })) }));
  return dir;
}

describe('the guide-track detector swept over its sensitivity', { timeout: 300_000 }, () => {
  it('on real clips: a row per sensitivity; the default finds the loud hits only, the most sensitive more (precision falls, recall stays)', async () => {
    const r = await runGuideEval({ dataDir: realSet() });
    expect(r).toMatchObject({ kind: 'real', clips: 1, onsets: LOUD.length, defaultSensitivity: 0.5 });
    expect(r.rows.map((x) => x.sensitivity)).toEqual(SWEEP);
    const at = (s: number) => r.rows.find((x) => x.sensitivity === s)!;
    expect(at(0.5)).toMatchObject({ f1: 1, precision: 1, recall: 1 });
    expect(at(1).recall).toBe(1);
    expect(at(1).precision).toBeLessThan(1);
    expect(at(1).perClip[0]!.fp).toBeGreaterThanOrEqual(QUIET.length);
    // the best is the highest pooled F1, the lower sensitivity on a tie
    expect(r.rows.find((x) => x.sensitivity === r.best)!.f1).toBe(Math.max(...r.rows.map((x) => x.f1)));
    expect(r.rows.filter((x) => x.sensitivity < r.best).every((x) => x.f1 < at(r.best).f1)).toBe(true);
  });

  it('on a Foley World build: long videos cut into spans, each scored against the events inside it', async () => {
    const r = await runGuideEval({ dataDir: foleyWorldSet() });
    expect(r.kind).toBe('foleyworld');
    expect(r.clips).toBe(Math.floor(13 / SPAN_SEC));
    expect(r.onsets).toBe(6);
    expect(r.rows.find((x) => x.sensitivity === 0.5)!.perClip.map((c) => c.id)).toEqual(['v1@0', 'v1@6']);
    expect(r.rows.find((x) => x.sensitivity === 0.5)!.f1).toBe(1);
  });

  it('the CLI prints the table, writes the JSON, and says what --data must be', () => {
    const json = path.join(work, 'guide.json');
    const r = runCli(['eval', '--set', 'guide', '--data', path.join(work, 'real'), '--json', json], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('| 0.5 (default');
    expect((JSON.parse(readFileSync(json, 'utf8')) as { rows: unknown[] }).rows).toHaveLength(SWEEP.length);
    const bad = runCli(['eval', '--set', 'guide'], { timeoutMs: 60_000 });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--set guide needs --data DIR');
    const notASet = runCli(['eval', '--set', 'guide', '--data', work], { timeoutMs: 60_000 });
    expect(notASet.stderr).toContain('neither a real-footage set');
  });
});
