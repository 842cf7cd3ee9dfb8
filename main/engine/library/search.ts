import type { LibraryDb } from './db';
import { TAGS_SQL, toRecord, type ClipRecord, type ClipRow } from './store';

export interface ClipFilters {
  durationMin?: number;
  durationMax?: number;
  ambientMinDb?: number;
  ambientMaxDb?: number;
  speech?: boolean;
  /** Every one of these tags (case-insensitive). */
  tags?: string[];
  /** Any of these licences (case-insensitive, exact). */
  licences?: string[];
  /** Missing files are hidden unless asked for. */
  includeMissing?: boolean;
}

export interface SearchQuery {
  text?: string;
  filters?: ClipFilters;
  k?: number;
  offset?: number;
}

export interface SearchHit extends ClipRecord {
  /** Text relevance (−BM25: higher is better); 0 without text. */
  score: number;
}

/**
 * FTS5 query from user text: every word must match as a prefix ("rai for" finds "rain forest"). Words are quoted,
 * so FTS syntax in the text (AND, NEAR, *, quotes) is never interpreted: no query can fail to parse.
 */
export function ftsQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}

/** SQL WHERE fragments and parameters for the filters (shared by search and retrieval). */
export function filterSql(f: ClipFilters = {}): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown): void => {
    where.push(sql);
    params.push(value);
  };
  if (!f.includeMissing) where.push('c.missing = 0');
  if (f.durationMin !== undefined) add('c.duration >= ?', f.durationMin);
  if (f.durationMax !== undefined) add('c.duration <= ?', f.durationMax);
  if (f.ambientMinDb !== undefined) add('c.ambient_db >= ?', f.ambientMinDb);
  if (f.ambientMaxDb !== undefined) add('c.ambient_db <= ?', f.ambientMaxDb);
  if (f.speech !== undefined) add('c.speech = ?', f.speech ? 1 : 0);
  if (f.licences?.length) {
    where.push(`lower(c.licence) IN (${f.licences.map(() => '?').join(',')})`);
    params.push(...f.licences.map((l) => l.toLowerCase()));
  }
  const tags = [...new Set((f.tags ?? []).map((t) => t.trim().toLowerCase()).filter(Boolean))];
  if (tags.length) {
    where.push(`c.id IN (SELECT ct.clip_id FROM clip_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name IN (${tags.map(() => '?').join(',')}) GROUP BY ct.clip_id HAVING count(*) = ?)`);
    params.push(...tags, tags.length);
  }
  return { where, params };
}

export function searchClips(db: LibraryDb, q: SearchQuery): { hits: SearchHit[]; total: number } {
  const { where, params } = filterSql(q.filters);
  const match = q.text ? ftsQuery(q.text) : null;
  const k = q.k ?? 50;
  const offset = q.offset ?? 0;
  if (q.text && !match) return { hits: [], total: 0 };
  const from = match ? 'clips c JOIN clips_fts f ON f.rowid = c.id' : 'clips c';
  const allWhere = match ? ['clips_fts MATCH ?', ...where] : where;
  const allParams = match ? [match, ...params] : params;
  const whereSql = allWhere.length ? `WHERE ${allWhere.join(' AND ')}` : '';
  // bm25 weights: a hit in the name counts most, then tags, then the description.
  const rank = match ? 'bm25(clips_fts, 4.0, 2.0, 1.0)' : '0';
  const rows = db
    .prepare<unknown[], ClipRow & { rank: number }>(`SELECT c.*, ${TAGS_SQL} AS tags, ${rank} AS rank FROM ${from} ${whereSql} ORDER BY rank, c.name, c.id LIMIT ? OFFSET ?`)
    .all(...allParams, k, offset);
  const total = (db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM ${from} ${whereSql}`).get(...allParams)?.n ?? 0) as number;
  return { hits: rows.map((r) => ({ ...toRecord(r), score: Math.round(-r.rank * 1000) / 1000 })), total };
}
