/**
 * Migration 001: the first library schema (docs/DESIGN.md §5). Kept as a TS string (not a .sql file) so esbuild bundles it
 * into dist/*.cjs with no loader or asset copying. Tables are STRICT: a wrong type is an error, not a silent cast.
 */
export const sql001 = `
CREATE TABLE clips (
  id           INTEGER PRIMARY KEY,
  path         TEXT    NOT NULL,
  name         TEXT    NOT NULL,
  sha256       TEXT    NOT NULL UNIQUE,
  size         INTEGER NOT NULL,
  mtime_ms     REAL    NOT NULL,
  duration     REAL    NOT NULL,
  sample_rate  INTEGER NOT NULL,
  channels     INTEGER NOT NULL,
  lufs         REAL,
  ambient_db   REAL    NOT NULL,
  speech       INTEGER NOT NULL CHECK (speech IN (0, 1)),
  speech_prob  REAL    NOT NULL,
  missing      INTEGER NOT NULL DEFAULT 0 CHECK (missing IN (0, 1)),
  source       TEXT    NOT NULL DEFAULT 'user',
  licence      TEXT    NOT NULL DEFAULT '',
  author       TEXT    NOT NULL DEFAULT '',
  description  TEXT    NOT NULL DEFAULT '',
  created      TEXT    NOT NULL
) STRICT;
CREATE INDEX clips_path ON clips(path);
CREATE INDEX clips_ambient ON clips(ambient_db);

CREATE TABLE tags (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE clip_tags (
  clip_id INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
  tag_id  INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (clip_id, tag_id)
) STRICT, WITHOUT ROWID;

-- One float32 vector per clip and bundle (little-endian BLOB of dim * 4 bytes).
CREATE TABLE embeddings (
  clip_id   INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
  bundle_id TEXT    NOT NULL,
  dim       INTEGER NOT NULL,
  vector    BLOB    NOT NULL,
  PRIMARY KEY (clip_id, bundle_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX embeddings_bundle ON embeddings(bundle_id);

-- rowid = clips.id; kept in step by the import transaction (no triggers: tags live in another table).
CREATE VIRTUAL TABLE clips_fts USING fts5(name, tags, description, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE import_jobs (
  id        TEXT    PRIMARY KEY,
  started   TEXT    NOT NULL,
  finished  TEXT,
  state     TEXT    NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
  paths     TEXT    NOT NULL,
  total     INTEGER NOT NULL DEFAULT 0,
  added     INTEGER NOT NULL DEFAULT 0,
  duplicate INTEGER NOT NULL DEFAULT 0,
  failed    INTEGER NOT NULL DEFAULT 0,
  errors    TEXT    NOT NULL DEFAULT '[]'
) STRICT;

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`;
