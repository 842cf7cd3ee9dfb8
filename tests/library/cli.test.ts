import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { TINY_BUNDLE, ffmpegVideo, sox, tempDir } from './fixtures';

interface Row {
  id: number;
  path: string;
  score: number;
  ambientDb: number;
  speech: boolean;
  licence: string;
}

describe('a2s library (contract: import / search --json / stats --json)', () => {
  const dir = tempDir();
  const db = path.join(dir, 'lib.sqlite');
  const env = { A2S_BUNDLE: TINY_BUNDLE, A2S_DATA_DIR: path.join(dir, 'data') };
  let video: string;

  beforeAll(() => {
    sox(path.join(dir, 'in', 'street_traffic.wav'), ['2', 'brownnoise', 'vol', '0.3'], { channels: 2 });
    sox(path.join(dir, 'in', 'calm_room.wav'), ['2', 'pinknoise', 'vol', '0.002']);
    sox(path.join(dir, 'in', 'sub', 'creek_water.wav'), ['2', 'whitenoise', 'vol', '0.1'], { rate: 22050 });
    writeFileSync(path.join(dir, 'in', 'sub', 'not_audio.wav'), 'RIFF but not really');
    video = ffmpegVideo(path.join(dir, 'shot.mp4'), 3);
  });

  it('imports a folder (analysis in the worker thread) and prints a JSON report; a bad file is reported and skipped', () => {
    const r = runCli(['library', 'import', path.join(dir, 'in'), '--db', db, '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { errors: { path: string; error: string }[] };
    expect(report).toMatchObject({ total: 4, added: 3, duplicates: 0, failed: 1 });
    expect(report.errors[0]!.path).toBe(path.join(dir, 'in', 'sub', 'not_audio.wav'));
    expect(report.errors[0]!.error).toContain('not_audio.wav');
    const again = runCli(['library', 'import', path.join(dir, 'in'), '--db', db, '--json'], { env });
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, duplicates: 3, failed: 1 });
  });

  it('searches by text with the contract fields', () => {
    const r = runCli(['library', 'search', '--text', 'stre', '--db', db, '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const { results } = JSON.parse(r.stdout) as { results: Row[] };
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ path: path.join(dir, 'in', 'street_traffic.wav'), speech: false, licence: '' });
    expect(typeof results[0]!.id).toBe('number');
    expect(typeof results[0]!.score).toBe('number');
    expect(results[0]!.ambientDb).toBeGreaterThan(-40);
  });

  it('retrieves for a video span, and --low-ambient puts the quietest relevant clip first', () => {
    const r = runCli(['library', 'search', '--video', video, '--start', '0', '--end', '2', '--k', '2', '--db', db, '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const { results } = JSON.parse(r.stdout) as { results: Row[] };
    expect(results).toHaveLength(2);
    expect(results[0]!.score).toBeGreaterThanOrEqual(results[1]!.score);
    const low = JSON.parse(runCli(['library', 'search', '--video', video, '--start', '0', '--end', '2', '--low-ambient', '--k', '3', '--db', db, '--json'], { env }).stdout) as { results: Row[] };
    expect(low.results[0]!.path).toBe(path.join(dir, 'in', 'calm_room.wav'));
  });

  it('prints stats as JSON', () => {
    const r = runCli(['library', 'stats', '--db', db, '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ clips: 3, missing: 0, file: db, bundles: expect.arrayContaining([{ bundleId: 'tiny-foleyworld-v1', vectors: 3 }]) });
  });

  it('rejects bad usage with exit 2 and the usage line', () => {
    const r = runCli(['library', 'search', '--db', db], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--text Q or --video');
    const k = runCli(['library', 'search', '--text', 'x', '--k', 'many', '--db', db], { env });
    expect(k.code).toBe(2);
    expect(k.stderr).toContain('--k must be an integer');
  });

  it('refuses a file that is not a database, naming it', () => {
    const junk = path.join(dir, 'junk.sqlite');
    writeFileSync(junk, 'definitely not SQLite '.repeat(100));
    const r = runCli(['library', 'stats', '--db', junk], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(junk);
    expect(r.stderr).not.toContain('unexpected error');
  });

  it('refuses a database from a newer app, naming the file', () => {
    const newer = path.join(dir, 'newer.sqlite');
    const conn = new Database(newer);
    conn.pragma('user_version = 99');
    conn.close();
    const r = runCli(['library', 'stats', '--db', newer, '--json'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(newer);
    expect(r.stderr).toContain('newer than this app');
  });
});
