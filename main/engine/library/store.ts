import type { LibraryDb } from './db';

/** A clip as the API returns it (camelCase, booleans, tags resolved). */
export interface ClipRecord {
  id: number;
  path: string;
  name: string;
  sha256: string;
  duration: number;
  sampleRate: number;
  channels: number;
  lufs: number | null;
  ambientDb: number;
  /** The loudest 50 ms (dBFS); null for a clip imported before it was measured (measured in the background). */
  peakDb: number | null;
  speech: boolean;
  speechProb: number;
  missing: boolean;
  source: string;
  licence: string;
  author: string;
  description: string;
  created: string;
  tags: string[];
}

/** What import writes for one new clip: a record before the database gives it an id, plus file facts and vectors. */
export interface NewClip extends Omit<ClipRecord, 'id' | 'missing' | 'created'> {
  size: number;
  mtimeMs: number;
  /** bundle id → embedding */
  embeddings: Map<string, Float32Array>;
}

export interface ClipRow {
  id: number;
  path: string;
  name: string;
  sha256: string;
  size: number;
  mtime_ms: number;
  duration: number;
  sample_rate: number;
  channels: number;
  lufs: number | null;
  ambient_db: number;
  peak_db: number | null;
  speech: number;
  speech_prob: number;
  missing: number;
  source: string;
  licence: string;
  author: string;
  description: string;
  created: string;
  tags: string | null;
}

/** Tag list as one column (unit separator: never typed in a tag). */
export const TAGS_SQL = `(SELECT group_concat(t.name, char(31)) FROM clip_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.clip_id = c.id)`;

export function toRecord(r: ClipRow): ClipRecord {
  return {
    id: r.id,
    path: r.path,
    name: r.name,
    sha256: r.sha256,
    duration: r.duration,
    sampleRate: r.sample_rate,
    channels: r.channels,
    lufs: r.lufs,
    ambientDb: r.ambient_db,
    peakDb: r.peak_db,
    speech: r.speech === 1,
    speechProb: r.speech_prob,
    missing: r.missing === 1,
    source: r.source,
    licence: r.licence,
    author: r.author,
    description: r.description,
    created: r.created,
    tags: r.tags ? r.tags.split('\u001f').sort() : [],
  };
}

/** Words of a file name for full-text search: "day_temperate-11.wav" → "day temperate 11". */
export function nameWords(name: string): string {
  return name.replace(/[_\-.+]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim();
}

export function vectorBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export function blobVector(b: Buffer): Float32Array {
  // Copy: the Buffer may not be 4-byte aligned.
  const out = new Float32Array(b.length / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** Prepared statements of the import and maintenance paths (prepared once per database). */
export class Store {
  readonly byPath;
  readonly bySha;
  readonly insertClip;
  readonly insertFts;
  readonly deleteFts;
  readonly insertTag;
  readonly tagId;
  readonly linkTag;
  readonly putEmbedding;
  readonly setMissing;
  readonly relink;
  readonly getClip;
  readonly allPaths;

  constructor(readonly db: LibraryDb) {
    this.byPath = db.prepare<[string], { id: number; size: number; mtime_ms: number; missing: number; sha256: string }>(
      'SELECT id, size, mtime_ms, missing, sha256 FROM clips WHERE path = ?',
    );
    this.bySha = db.prepare<[string], { id: number; path: string; missing: number }>('SELECT id, path, missing FROM clips WHERE sha256 = ?');
    this.insertClip = db.prepare(
      `INSERT INTO clips (path, name, sha256, size, mtime_ms, duration, sample_rate, channels, lufs, ambient_db, peak_db, speech, speech_prob, source, licence, author, description, created)
       VALUES (@path, @name, @sha256, @size, @mtimeMs, @duration, @sampleRate, @channels, @lufs, @ambientDb, @peakDb, @speech, @speechProb, @source, @licence, @author, @description, @created)
       ON CONFLICT (sha256) DO NOTHING`,
    );
    this.insertFts = db.prepare('INSERT INTO clips_fts (rowid, name, tags, description) VALUES (?, ?, ?, ?)');
    this.deleteFts = db.prepare('DELETE FROM clips_fts WHERE rowid = ?');
    this.insertTag = db.prepare('INSERT OR IGNORE INTO tags (name) VALUES (?)');
    this.tagId = db.prepare<[string], { id: number }>('SELECT id FROM tags WHERE name = ?');
    this.linkTag = db.prepare('INSERT OR IGNORE INTO clip_tags (clip_id, tag_id) VALUES (?, ?)');
    this.putEmbedding = db.prepare('INSERT OR REPLACE INTO embeddings (clip_id, bundle_id, dim, vector) VALUES (?, ?, ?, ?)');
    this.setMissing = db.prepare('UPDATE clips SET missing = ? WHERE id = ?');
    this.relink = db.prepare('UPDATE clips SET path = ?, size = ?, mtime_ms = ?, missing = 0 WHERE id = ?');
    this.getClip = db.prepare<[number], ClipRow>(`SELECT c.*, ${TAGS_SQL} AS tags FROM clips c WHERE c.id = ?`);
    this.allPaths = db.prepare<[], { id: number; path: string; missing: number; size: number; sha256: string }>('SELECT id, path, missing, size, sha256 FROM clips');
  }

  /**
   * Inserts one clip with its tags, full-text row and embeddings; call inside a transaction. Returns its id, or
   * null when the content is already there (another process imported the same file since we looked).
   */
  add(clip: NewClip, created: string): number | null {
    const res = this.insertClip.run({ ...clip, speech: clip.speech ? 1 : 0, created });
    if (res.changes === 0) return null;
    const id = Number(res.lastInsertRowid);
    const tags = [...new Set(clip.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
    for (const t of tags) {
      this.insertTag.run(t);
      this.linkTag.run(id, this.tagId.get(t)!.id);
    }
    this.insertFts.run(id, nameWords(clip.name), tags.join(' '), clip.description);
    for (const [bundle, v] of clip.embeddings) this.putEmbedding.run(id, bundle, v.length, vectorBlob(v));
    return id;
  }
}
