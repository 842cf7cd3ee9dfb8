import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EngineError } from '../core/errors';
import { migrations, SCHEMA_VERSION } from './migrations';
import { checkLibrarySchema, closeStaleImports } from './schema-check';

export type LibraryDb = Database.Database;

/**
 * Opens (creating if needed) a library database: WAL (readers never block the import writer, and a kill leaves
 * the last committed batch intact), foreign keys on, numbered migrations applied in one transaction each.
 * A file written by a newer app (user_version above ours) is refused rather than half-understood.
 */
export function openLibraryDb(file: string, opts: { readonly?: boolean } = {}): LibraryDb {
  if (!opts.readonly) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let db: LibraryDb;
  try {
    db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (err) {
    throw new EngineError('bad-input', `cannot open library database ${file}: ${(err as Error).message}`, { file });
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: a commit survives a process kill (only an OS crash may lose the last transactions).
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new EngineError(
        'bad-input',
        `library database ${file} has schema version ${current}, newer than this app understands (${SCHEMA_VERSION}): update Action2Sound Studio, or point A2S_LIBRARY_DB / --db at another file`,
        { file, version: current, supported: SCHEMA_VERSION },
      );
    }
    if (opts.readonly && current < SCHEMA_VERSION) {
      throw new EngineError('bad-input', `library database ${file} is at schema version ${current}; open it once read-write to migrate it`, { file });
    }
    for (const m of migrations) {
      if (m.version <= current) continue;
      db.transaction(() => {
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
      })();
    }
    checkLibrarySchema(db, file, { readonly: opts.readonly ?? false });
    if (!opts.readonly) closeStaleImports(db);
  } catch (err) {
    db.close();
    if (err instanceof EngineError) throw err;
    throw new EngineError('bad-input', `library database ${file} cannot be used: ${(err as Error).message}`, { file });
  }
  return db;
}
