import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameRmsDb, ambientLevelDb, hasStrongEvents, peakLevelDb } from '../../main/engine/library/analyse';
import { bundleAudioEmbedder } from '../../main/engine/library/embedder';
import { Library } from '../../main/engine/library/library';
import { sql001 } from '../../main/engine/library/migrations/001_init';
import { readWavMono } from '../../main/engine/library/wav';
import { TINY_BUNDLE, sox, tempDir } from './fixtures';

/**
 * Issue 18 defect 2: "clean" picked a file of loud knife chops as the quietest clip, because the bed level (10th
 * percentile of frame RMS) sits on the silence between the chops. Clean now means a low bed AND no strong events.
 */
const dir = tempDir();
const media = path.join(dir, 'media');

/** Loud 60 ms bursts every half second over digital silence: the "knife chops" of the issue. */
function chops(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', "aevalsrc='if(lt(mod(t,0.5),0.06),0.7*sin(2*PI*700*t)*exp(-40*mod(t,0.5)),0)':s=48000:d=3", file]);
  return file;
}

describe('clean = low bed and no strong events', () => {
  let lib: Library;
  const files = { chops: '', room: '', rain: '' };

  beforeAll(async () => {
    files.chops = chops(path.join(media, 'knife_chops.wav'));
    files.room = sox(path.join(media, 'room_tone.wav'), ['3', 'brownnoise', 'vol', '0.02']);
    files.rain = sox(path.join(media, 'rain_bed.wav'), ['3', 'pinknoise', 'vol', '0.3']);
    lib = await Library.open(path.join(dir, 'lib.sqlite'), { embedders: [(await bundleAudioEmbedder(TINY_BUNDLE))!], vad: null });
    await lib.import([media]);
  }, 120_000);
  afterAll(async () => lib?.close());

  it('measures the loudest moment beside the bed: chops have a silent bed but strong events', () => {
    const wave = readWavMono(readFileSync(files.chops))!.mono;
    const frames = frameRmsDb(wave);
    expect(ambientLevelDb(frames)).toBeLessThan(-100); // what fooled the old rule
    expect(peakLevelDb(frames)).toBeGreaterThan(-20);
    expect(hasStrongEvents(ambientLevelDb(frames), peakLevelDb(frames))).toBe(true);
    const room = frameRmsDb(readWavMono(readFileSync(files.room))!.mono);
    expect(hasStrongEvents(ambientLevelDb(room), peakLevelDb(room))).toBe(false);
  });

  it('never ranks the chops cleanest, even as the most relevant clip', () => {
    const byName = new Map(lib.search({}).hits.map((h) => [h.name, h]));
    const chopsClip = byName.get('knife_chops')!;
    expect(chopsClip.peakDb).toBeGreaterThan(chopsClip.ambientDb + 20);
    // The query is the chops' own sound: by similarity alone they would come first.
    const query = lib.embeddingOf(chopsClip.id)!.vector;
    expect(lib.retrieveByVector(query, { k: 3 })[0]!.name).toBe('knife_chops');
    const clean = lib.retrieveByVector(query, { k: 3, lowAmbient: true });
    expect(clean.map((h) => h.name)).toEqual(['room_tone', 'rain_bed', 'knife_chops']);
    expect(clean[0]!.why).toContain('no strong events');
    expect(clean[2]!.why).toContain('strong events');
  });

  it('a library from before peaks were recorded migrates, and measures them in the background', async () => {
    const file = path.join(dir, 'old.sqlite');
    const old = new Database(file);
    old.exec(sql001);
    old.pragma('user_version = 1');
    old.prepare(`INSERT INTO clips (path, name, sha256, size, mtime_ms, duration, sample_rate, channels, lufs, ambient_db, speech, speech_prob, created)
      VALUES (?, 'knife_chops', ?, 1, 1, 3, 48000, 1, NULL, -120, 0, 0, 'then')`).run(files.chops, 'c'.repeat(64));
    old.close();
    const migrated = await Library.open(file, { embedders: [], vad: null });
    try {
      expect(migrated.clip(1).peakDb).toBeNull();
      expect(await migrated.measurePeaks()).toBe(1);
      expect(migrated.clip(1).peakDb).toBeGreaterThan(-20);
    } finally {
      await migrated.close();
    }
  });
});
