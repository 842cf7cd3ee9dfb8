import Database from 'better-sqlite3';
import { EngineError } from '../core/errors';
import { migrations } from './migrations';
import { nameWords } from './store';

type Db = Database.Database;

/** The full-text index is derived from clips + tags: it can always be rebuilt from them. */
const DERIVED = /^clips_fts(_\w+)?$/;

let expected: string[] | null = null;

/** Tables and indexes of a fresh library: every migration run on an in-memory database. */
function expectedObjects(): string[] {
  if (!expected) {
    const mem = new Database(':memory:');
    for (const m of migrations) mem.exec(m.sql);
    expected = objects(mem);
    mem.close();
  }
  return expected;
}

function objects(db: Db): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return rows.map((r) => r.name).sort();
}

/**
 * After migrations: is every table and index of the schema there? A missing full-text index (dropped, or lost to a
 * damaged page) is rebuilt from the clips; anything else missing means the file is damaged, said in words with what
 * to do, instead of a SqliteError stack trace at the first query. Returns what was rebuilt.
 */
export function checkLibrarySchema(db: Db, file: string, opts: { readonly: boolean }): string[] {
  const have = new Set(objects(db));
  const missing = expectedObjects().filter((n) => !have.has(n));
  if (missing.length === 0) return [];
  const core = missing.filter((n) => !DERIVED.test(n));
  if (core.length || opts.readonly) {
    throw new EngineError(
      'bad-input',
      `library database ${file} is damaged: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. ` +
        (core.length
          ? 'Move the file aside (keep it: `sqlite3 FILE "PRAGMA integrity_check"` shows what is left) and import your sound folders again.'
          : 'Open it once read-write (any library command) to rebuild the search index from the clips.'),
      { file, missing },
    );
  }
  rebuildSearchIndex(db);
  return ['clips_fts'];
}

function rebuildSearchIndex(db: Db): void {
  const create = /CREATE VIRTUAL TABLE clips_fts[^;]*;/.exec(migrations.map((m) => m.sql).join('\n'))?.[0];
  if (!create) throw new EngineError('internal', 'the library schema has no clips_fts statement');
  const rows = db
    .prepare("SELECT c.id, c.name, c.description, COALESCE(group_concat(t.name, ' '), '') AS tags FROM clips c LEFT JOIN clip_tags ct ON ct.clip_id = c.id LEFT JOIN tags t ON t.id = ct.tag_id GROUP BY c.id")
    .all() as { id: number; name: string; description: string; tags: string }[];
  db.transaction(() => {
    db.exec('DROP TABLE IF EXISTS clips_fts');
    db.exec(create);
    const insert = db.prepare('INSERT INTO clips_fts (rowid, name, tags, description) VALUES (?, ?, ?, ?)');
    for (const r of rows) insert.run(r.id, nameWords(r.name), r.tags, r.description);
  })();
}

/** Signal 0 tests for a process without touching it; EPERM means it exists but belongs to someone else. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Imports left `running` by a process that is gone (kill -9, crash, power cut) become `failed`, saying so: their
 * committed batches are kept, and a re-run of the same import skips them. Returns how many were closed.
 */
export function closeStaleImports(db: Db): number {
  const stale = (db.prepare("SELECT id, pid, errors FROM import_jobs WHERE state = 'running'").all() as { id: string; pid: number | null; errors: string }[]).filter(
    (r) => r.pid === null || (r.pid !== process.pid && !alive(r.pid)),
  );
  const close = db.prepare("UPDATE import_jobs SET state = 'failed', finished = ?, errors = ? WHERE id = ?");
  for (const r of stale) {
    const errors = [...(JSON.parse(r.errors) as unknown[]), { path: '', error: 'interrupted: the importing process ended before finishing (killed or crashed); what it committed is kept, import the same paths again to finish' }];
    close.run(new Date().toISOString(), JSON.stringify(errors), r.id);
  }
  return stale.length;
}
