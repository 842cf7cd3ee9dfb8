import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { TINY_BUNDLE, sox, tempDir } from '../library/fixtures';

/**
 * Issue 21 defect 7: a killed `library import` left its import_jobs row `running` for ever. The row now records the
 * importing process; the next read-write open closes rows whose process is gone as `failed`, saying why.
 */
interface JobRow {
  id: string;
  state: string;
  pid: number | null;
  errors: string;
}

function rows(db: string): { jobs: JobRow[]; clips: number } {
  const conn = new Database(db, { readonly: true });
  try {
    return { jobs: conn.prepare('SELECT id, state, pid, errors FROM import_jobs').all() as JobRow[], clips: (conn.prepare('SELECT count(*) AS n FROM clips').get() as { n: number }).n };
  } finally {
    conn.close();
  }
}

/** Clips committed so far; 0 before the file and its schema exist. */
function committedClips(db: string): number {
  try {
    return existsSync(db) ? rows(db).clips : 0;
  } catch {
    return 0;
  }
}

describe('kill -9 during library import: the job row', () => {
  it('is closed as failed (interrupted) by the next open, with the committed clips kept', async () => {
    const dir = tempDir();
    const media = path.join(dir, 'media');
    mkdirSync(media);
    const base = sox(path.join(dir, 'base.wav'), ['0.4', 'pinknoise', 'vol', '0.2'], { rate: 16000, bits: 16 });
    const buf = readFileSync(base);
    for (let i = 0; i < 400; i++) {
      const copy = Buffer.from(buf);
      copy.writeUInt16LE(i, 100); // one sample differs per file: 400 distinct clips
      writeFileSync(path.join(media, `clip_${String(i).padStart(4, '0')}.wav`), copy);
    }
    const db = path.join(dir, 'lib.sqlite');
    const env = { ...process.env, A2S_BUNDLE: TINY_BUNDLE, A2S_DATA_DIR: path.join(dir, 'data') };
    const child = spawn(process.execPath, [path.join(process.cwd(), 'dist', 'cli.cjs'), 'library', 'import', media, '--db', db, '--batch', '16', '--json'], { env, stdio: 'ignore' });
    const exited = new Promise<string | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 240_000;
    // Poll the file (not a sleep standing in for an event) until a few batches are committed.
    while (Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 20));
      if (committedClips(db) >= 32) break;
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const killed = rows(db);
    expect(killed.jobs).toHaveLength(1);
    expect(killed.jobs[0]).toMatchObject({ state: 'running', pid: child.pid });

    const stats = runCli(['library', 'stats', '--db', db, '--json'], { env });
    expect(stats.code, stats.stderr).toBe(0);
    const after = rows(db);
    expect(after.clips).toBe(killed.clips);
    expect(after.jobs[0]!.state).toBe('failed');
    expect(after.jobs[0]!.errors).toContain('interrupted: the importing process ended before finishing');
    rmSync(dir, { recursive: true, force: true });
  }, 300_000);
});
