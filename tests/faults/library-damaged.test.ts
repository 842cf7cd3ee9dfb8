import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openLibraryDb } from '../../main/engine/library/db';
import { runCli } from '../helpers/cli';
import { tempDir } from '../shell/media-fixtures';

/**
 * Issue 21 defect 7: a damaged library database (e.g. its full-text table dropped) made every library command print
 * `unexpected error: SqliteError` with a stack trace. The derived search index is now rebuilt from the clips; a
 * missing core table is reported as a damaged file, named, with what to do.
 */
function libraryWithOneClip(): string {
  const dir = tempDir('a2s-lib-damaged-');
  const file = path.join(dir, 'library.sqlite');
  const clip = path.join(dir, 'day_temperate-11.wav');
  writeFileSync(clip, 'RIFF'); // the library checks that a hit's file still exists
  const db = openLibraryDb(file);
  db.prepare(
    `INSERT INTO clips (id, path, name, sha256, size, mtime_ms, duration, sample_rate, channels, ambient_db, speech, speech_prob, description, created)
     VALUES (1, ?, 'day_temperate-11.wav', ?, 10, 0, 5, 48000, 2, -40, 0, 0, 'birds at dawn', '2026-12-02')`,
  ).run(clip, 'a'.repeat(64));
  db.prepare("INSERT INTO tags (id, name) VALUES (1, 'forest')").run();
  db.prepare('INSERT INTO clip_tags (clip_id, tag_id) VALUES (1, 1)').run();
  db.prepare("INSERT INTO clips_fts (rowid, name, tags, description) VALUES (1, 'day temperate 11', 'forest', 'birds at dawn')").run();
  db.close();
  return file;
}

function damage(file: string, sql: string): void {
  const db = new Database(file);
  db.exec(sql);
  db.close();
}

describe('a damaged library database', () => {
  it('a dropped full-text table is rebuilt from the clips: search finds the clip by name, tag and description', () => {
    const file = libraryWithOneClip();
    damage(file, 'DROP TABLE clips_fts');
    for (const text of ['temperate', 'forest', 'dawn']) {
      const res = runCli(['library', 'search', '--text', text, '--db', file, '--json']);
      expect(res.stderr).not.toMatch(/SqliteError|unexpected error/);
      expect(res.code, res.stderr).toBe(0);
      expect(JSON.stringify(JSON.parse(res.stdout))).toContain('day_temperate-11.wav');
    }
  }, 120_000);

  it('a missing core table: a clear message naming the file and what to do, no stack trace', () => {
    const file = libraryWithOneClip();
    damage(file, 'DROP TABLE embeddings');
    const res = runCli(['library', 'stats', '--db', file]);
    expect(res.code).toBe(1);
    expect(res.stderr).not.toMatch(/SqliteError|unexpected error|\n\s+at /);
    expect(res.stderr).toContain(`library database ${file} is damaged: embeddings, embeddings_bundle are missing`);
    expect(res.stderr).toContain('import your sound folders again');
  }, 120_000);
});
