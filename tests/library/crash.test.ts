import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { TINY_BUNDLE, sox, tempDir } from './fixtures';

const N = 1000;

/** 1,000 distinct real WAVs: one sox recording, each copy with a different sample patched in (new content hash). */
function makeFiles(dir: string): void {
  const base = sox(path.join(dir, 'base.wav'), ['0.4', 'pinknoise', 'vol', '0.2'], { rate: 16000, bits: 16 });
  const buf = readFileSync(base);
  rmSync(base);
  for (let i = 0; i < N; i++) {
    const copy = Buffer.from(buf);
    copy.writeUInt16LE(i, 100); // inside the data chunk: one sample differs per file
    writeFileSync(path.join(dir, `clip_${String(i).padStart(4, '0')}.wav`), copy);
  }
}

function committedPaths(db: string): Set<string> {
  const conn = new Database(db, { readonly: true });
  try {
    return new Set(conn.prepare<[], { path: string }>('SELECT path FROM clips').all().map((r) => r.path));
  } finally {
    conn.close();
  }
}

describe('kill -9 during a 1,000-file import (built CLI in a real child process)', () => {
  const dir = tempDir();
  const media = path.join(dir, 'media');
  const db = path.join(dir, 'lib.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every committed batch, passes integrity_check, and a re-run completes without duplicates', async () => {
    makeFiles(media);
    const env = { ...process.env, A2S_BUNDLE: TINY_BUNDLE, A2S_DATA_DIR: path.join(dir, 'data') };
    const child = spawn(process.execPath, [path.join(process.cwd(), 'dist', 'cli.cjs'), 'library', 'import', media, '--db', db, '--batch', '16', '--json'], { env, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal === 'SIGKILL' ? -9 : _code)));
    // Wait until several batches are committed, note them, then kill without warning.
    let before = new Set<string>();
    const deadline = Date.now() + 240_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      if (!existsSync(db)) continue;
      try {
        before = committedPaths(db);
      } catch {
        continue; // schema not created yet
      }
      if (before.size >= 64) break;
    }
    expect(before.size).toBeGreaterThanOrEqual(64);
    child.kill('SIGKILL');
    expect(await exited).toBe(-9);

    const conn = new Database(db);
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    const after = new Set(conn.prepare<[], { path: string }>('SELECT path FROM clips').all().map((r) => r.path));
    const perBundle = conn.prepare<[], { n: number }>('SELECT count(*) AS n FROM embeddings GROUP BY bundle_id').all().map((r) => r.n);
    const fts = conn.prepare<[], { n: number }>('SELECT count(*) AS n FROM clips_fts').get()!.n;
    conn.close();
    for (const p of before) expect(after.has(p)).toBe(true);
    expect(after.size).toBeLessThan(N); // the kill landed mid-import
    expect(after.size % 16).toBe(0); // whole batches only: no half-written batch survives
    expect(perBundle.length).toBeGreaterThan(0);
    for (const n of perBundle) expect(n).toBe(after.size); // each clip's embeddings committed with it
    expect(fts).toBe(after.size);

    // Resume: the same command over the first and last 75 files (committed ones and lost ones) adds exactly the lost ones.
    const some = [...Array.from({ length: 75 }, (_, i) => i), ...Array.from({ length: 75 }, (_, i) => N - 75 + i)].map((i) => path.join(media, `clip_${String(i).padStart(4, '0')}.wav`));
    const known = some.filter((p) => after.has(p)).length;
    const r = runCli(['library', 'import', ...some, '--db', db, '--json'], { env, timeoutMs: 300_000 });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { added: number; duplicates: number; failed: number };
    expect(report).toMatchObject({ added: 150 - known, duplicates: known, failed: 0 });
    const final = new Database(db, { readonly: true });
    const counts = final.prepare<[], { n: number; d: number }>('SELECT count(*) AS n, count(DISTINCT sha256) AS d FROM clips').get()!;
    final.close();
    expect(counts.n).toBe(after.size + 150 - known);
    expect(counts.d).toBe(counts.n);
  }, 600_000);
});
