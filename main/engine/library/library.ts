import { promises as fs } from 'node:fs';
import { EngineError } from '../core/errors';
import { decodeAudio } from '../media';
import { ANALYSIS_RATE, embeddingWindows, meanEmbedding } from './analyse';
import { openLibraryDb, type LibraryDb } from './db';
import type { Embedder } from './embedder';
import { backfill, clipsWithout, type BackfillProgress } from './backfill';
import { ingest, type ImportOptions, type ImportReport } from './ingest';
import { SCHEMA_VERSION } from './migrations';
import { relinkFolder, verifyPaths, type RelinkReport } from './maintain';
import { filterSql, searchClips, type ClipFilters, type SearchHit, type SearchQuery } from './search';
import { Store, TAGS_SQL, blobVector, toRecord, type ClipRecord, type ClipRow } from './store';
import { SileroVad } from './vad';
import { mmr } from './mmr';
import { cleanOrder, cleanWords } from './clean';
import { measurePeaks } from './peaks';
import { VectorIndex } from './vectors';

export interface RetrieveHit extends SearchHit {
  /** Cosine similarity (AV-Sim) between the query and the clip. */
  score: number;
  /** Why this clip was suggested, in words the UI can show. */
  why: string;
}

export interface RetrieveOptions {
  k?: number;
  /** Re-rank the most relevant clips by lowest ambient level (the "clean action" condition). */
  lowAmbient?: boolean;
  /**
   * Diversify the k results (maximal marginal relevance over the clips' own audio embeddings): suggestions that
   * do not all sound alike, so one wrong guess about the shot's ambience does not fill the whole list.
   */
  diverse?: boolean;
  /**
   * What describes the span: its picture (AV-Sim video embedding: the paper's retrieval, default), its own sound
   * (AV-Sim audio ↔ audio: "an ambience like the original recording"), or both.
   */
  from?: 'video' | 'audio' | 'both';
  filters?: ClipFilters;
  bundleId?: string;
}

export interface LibraryStats {
  file: string;
  schemaVersion: number;
  clips: number;
  missing: number;
  speech: number;
  totalSeconds: number;
  bundles: { bundleId: string; vectors: number }[];
  licences: { licence: string; clips: number }[];
}

export type LibraryChange = { reason: 'import' | 'relink' | 'missing' | 'embed'; added: number; updated: number };

/**
 * One library database and its in-memory vectors (one VectorIndex per bundle, loaded at open and updated as each
 * import batch commits). All writes go through here; readers in other processes see committed batches (WAL).
 */
export class Library {
  readonly store: Store;
  readonly indexes = new Map<string, VectorIndex>();
  private listeners = new Set<(c: LibraryChange) => void>();

  private constructor(readonly file: string, readonly db: LibraryDb, readonly embedders: Embedder[], readonly vad: SileroVad | null) {
    this.store = new Store(db);
    this.loadVectors();
  }

  /** `vad: null` skips speech detection (every clip gets speech = false); default opens Silero. */
  static async open(file: string, opts: { embedders?: Embedder[]; vad?: SileroVad | null } = {}): Promise<Library> {
    const db = openLibraryDb(file);
    try {
      const vad = opts.vad === undefined ? await SileroVad.open() : opts.vad;
      return new Library(file, db, opts.embedders ?? [], vad);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  onChange(listener: (c: LibraryChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(c: LibraryChange): void {
    for (const l of this.listeners) l(c);
  }

  private index(bundleId: string, dim: number): VectorIndex {
    let idx = this.indexes.get(bundleId);
    if (!idx) {
      idx = new VectorIndex(dim);
      this.indexes.set(bundleId, idx);
    }
    return idx;
  }

  private loadVectors(): void {
    const rows = this.db.prepare<[], { clip_id: number; bundle_id: string; vector: Buffer }>(
      'SELECT e.clip_id, e.bundle_id, e.vector FROM embeddings e JOIN clips c ON c.id = e.clip_id WHERE c.missing = 0',
    );
    for (const r of rows.iterate()) {
      const v = blobVector(r.vector);
      this.index(r.bundle_id, v.length).set(r.clip_id, v);
    }
  }

  /** Vectors of clips that exist again go back into the indexes; missing ones leave them. */
  private syncVectors(ids: number[], present: boolean): void {
    const get = this.db.prepare<[number], { bundle_id: string; vector: Buffer }>('SELECT bundle_id, vector FROM embeddings WHERE clip_id = ?');
    for (const id of ids) {
      if (!present) for (const idx of this.indexes.values()) idx.delete(id);
      else for (const r of get.all(id)) { const v = blobVector(r.vector); this.index(r.bundle_id, v.length).set(id, v); }
    }
  }

  /** Imports (and backfills) run one at a time: two imports of the same new file must not race. */
  private queue: Promise<unknown> = Promise.resolve();

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves when every queued import/backfill has finished. */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  /** A bundle installed while the library is open: later imports embed with it too (existing clips: `backfill`). */
  addEmbedder(e: Embedder): boolean {
    if (this.embedders.some((x) => x.bundleId === e.bundleId)) return false;
    this.embedders.push(e);
    return true;
  }

  /** Bundles whose vectors some present clips lack (a bundle installed after they were imported). */
  bundlesToBackfill(): Embedder[] {
    return this.embedders.filter((e) => clipsWithout(this.store, e.bundleId).length > 0);
  }

  backfill(embedder: Embedder, opts: { signal?: AbortSignal; onProgress?: (p: BackfillProgress) => void } = {}): Promise<BackfillProgress> {
    return this.serial(async () => {
      const p = await backfill(this.store, embedder, (rows) => {
        for (const r of rows) this.index(embedder.bundleId, r.vector.length).set(r.id, r.vector);
        if (rows.length) this.changed({ reason: 'embed', added: 0, updated: rows.length });
      }, opts);
      return p;
    });
  }

  import(paths: readonly string[], opts: ImportOptions = {}): Promise<ImportReport> {
    return this.serial(() => this.importNow(paths, opts));
  }

  private async importNow(paths: readonly string[], opts: ImportOptions): Promise<ImportReport> {
    const report = await ingest(
      {
        store: this.store,
        embedders: this.embedders,
        vad: this.vad,
        committed: (added, relinked) => {
          for (const a of added) for (const [bundle, v] of a.embeddings) this.index(bundle, v.length).set(a.id, v);
          this.syncVectors(relinked, true);
          if (added.length || relinked.length) this.changed({ reason: 'import', added: added.length, updated: relinked.length });
        },
      },
      paths,
      opts,
    );
    return report;
  }

  search(q: SearchQuery): { hits: SearchHit[]; total: number } {
    return searchClips(this.db, q);
  }

  clip(id: number): ClipRecord {
    const row = this.store.getClip.get(id);
    if (!row) throw new EngineError('not-found', `no clip with id ${id} in the library ${this.file}`, { id });
    return toRecord(row);
  }

  getMeta(key: string): string | undefined {
    return this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
  }

  /** Bundle ids this clip has a stored embedding for. */
  bundlesOf(id: number): string[] {
    return this.db.prepare<[number], { b: string }>('SELECT bundle_id AS b FROM embeddings WHERE clip_id = ? ORDER BY bundle_id').all(id).map((r) => r.b);
  }

  embeddingOf(id: number, bundleId?: string): { bundleId: string; vector: Float32Array } | null {
    for (const [b, idx] of this.indexes) {
      if (bundleId && b !== bundleId) continue;
      const v = idx.get(id);
      if (v) return { bundleId: b, vector: v };
    }
    return null;
  }

  /** AV-Sim audio embedding of [start, end) of a file's own sound (the span's original recording). */
  async embedSpanAudio(e: Embedder, file: string, start: number, end: number): Promise<Float32Array> {
    const audio = await decodeAudio(file, { start, end, rate: ANALYSIS_RATE, channels: 1 });
    return meanEmbedding(await e.embedAudio(embeddingWindows(audio.channels[0] ?? new Float32Array(0), e.windowSamples)));
  }

  /** Active bundle = the first embedder's, else any bundle with vectors. */
  defaultBundle(): string | null {
    return this.embedders[0]?.bundleId ?? [...this.indexes.keys()][0] ?? null;
  }

  /**
   * Top-k clips by cosine to `query` among the bundle's vectors, filtered. With lowAmbient, the most relevant
   * max(3k, 20) are re-ranked cleanest first (clean.ts: low bed and no strong events): relevant to the shot, but clean.
   */
  retrieveByVector(query: Float32Array, opts: RetrieveOptions = {}): RetrieveHit[] {
    const bundleId = opts.bundleId ?? this.defaultBundle();
    const idx = bundleId ? this.indexes.get(bundleId) : undefined;
    if (!bundleId || !idx || idx.size === 0) {
      throw new EngineError('unavailable', `the library ${this.file} has no clip embeddings${bundleId ? ` for bundle ${bundleId}` : ''}: import clips with a bundle that has an AV-Sim audio graph installed`);
    }
    const k = opts.k ?? 10;
    const candidates = opts.lowAmbient || opts.diverse ? Math.max(3 * k, 20) : k;
    const { where, params } = filterSql(opts.filters);
    // Missing clips are not in the index; any other filter becomes an id set checked during the scan.
    let allowed: Set<number> | null = null;
    if (where.some((w) => w !== 'c.missing = 0')) {
      allowed = new Set(this.db.prepare<unknown[], { id: number }>(`SELECT c.id FROM clips c WHERE ${where.join(' AND ') || '1'}`).all(...params).map((r) => r.id));
    }
    let top = idx.topK(query, candidates, allowed ? (id) => allowed.has(id) : undefined);
    if (opts.diverse) top = mmr(top, (id) => idx.get(id)!, opts.lowAmbient ? candidates : k);
    const get = this.db.prepare<[number], ClipRow>(`SELECT c.*, ${TAGS_SQL} AS tags FROM clips c WHERE c.id = ?`);
    let hits: RetrieveHit[] = top.map((t, rank) => {
      const rec = toRecord(get.get(t.id)!);
      return { ...rec, score: Math.round(t.score * 10000) / 10000, why: `AV-Sim cosine ${t.score.toFixed(3)} (#${rank + 1} of ${idx.size} clips, bundle ${bundleId})` };
    });
    if (opts.lowAmbient) {
      hits = hits
        .sort((a, b) => cleanOrder(a, b) || b.score - a.score)
        .slice(0, k)
        .map((h) => ({ ...h, why: `${h.why}; ${cleanWords(h)}, among the cleanest of the ${top.length} most relevant` }));
    }
    return hits;
  }

  /** Clips that sound like clip `id` (audio ↔ audio cosine in the same bundle's space). */
  similar(id: number, k = 10, bundleId?: string): RetrieveHit[] {
    this.clip(id); // not-found if absent
    const e = this.embeddingOf(id, bundleId);
    if (!e) throw new EngineError('unavailable', `clip ${id} has no embedding${bundleId ? ` for bundle ${bundleId}` : ''} (it is missing, or was imported without a bundle)`, { id });
    return this.retrieveByVector(e.vector, { k: k + 1, bundleId: e.bundleId }).filter((h) => h.id !== id).slice(0, k);
  }

  /** retrieve-for-span: the AV-Sim video embedding of [start, end) of `video`, then top-k over clip embeddings. */
  async retrieveForSpan(video: string, start: number, end: number, opts: RetrieveOptions = {}): Promise<RetrieveHit[]> {
    if (!(end > start) || start < 0) throw new EngineError('bad-input', `${video}: span ${start}–${end} s is empty or negative: end must be after start`, { video }, 'end');
    const from = opts.from ?? 'video';
    const e = this.embedders.find((x) => (from === 'audio' || x.embedVideoSpan) && (!opts.bundleId || x.bundleId === opts.bundleId));
    if (!e) throw new EngineError('unavailable', `no model bundle with an AV-Sim ${from === 'audio' ? 'audio' : 'video'} graph is available for retrieval`);
    let q: Float32Array;
    if (from === 'video') q = await e.embedVideoSpan!(video, start, end);
    else if (from === 'audio') q = await this.embedSpanAudio(e, video, start, end);
    else {
      // Both: the two unit vectors added, so picture and original sound count equally.
      const [v, a] = await Promise.all([e.embedVideoSpan!(video, start, end), this.embedSpanAudio(e, video, start, end)]);
      q = meanEmbedding([v, a]);
    }
    return this.retrieveByVector(q, { ...opts, bundleId: e.bundleId });
  }

  stats(): LibraryStats {
    const c = this.db.prepare<[], { clips: number; missing: number; speech: number; seconds: number }>(
      'SELECT count(*) AS clips, coalesce(sum(missing), 0) AS missing, coalesce(sum(speech), 0) AS speech, coalesce(sum(duration), 0) AS seconds FROM clips',
    ).get()!;
    const bundles = this.db.prepare<[], { bundleId: string; vectors: number }>('SELECT bundle_id AS bundleId, count(*) AS vectors FROM embeddings GROUP BY bundle_id ORDER BY bundle_id').all();
    const licences = this.db.prepare<[], { licence: string; clips: number }>('SELECT licence, count(*) AS clips FROM clips GROUP BY licence ORDER BY clips DESC').all();
    return { file: this.file, schemaVersion: SCHEMA_VERSION, clips: c.clips, missing: c.missing, speech: c.speech, totalSeconds: Math.round(c.seconds * 10) / 10, bundles, licences };
  }

  /** Measures the peak level of clips imported before it was recorded (schema 2), one at a time, in the queue. */
  measurePeaks(opts: { signal?: AbortSignal } = {}): Promise<number> {
    return this.serial(() => measurePeaks(this.db, opts.signal));
  }

  /** Stats every clip's file: gone → missing (kept, not dropped), back → present. */
  async verify(): Promise<{ missing: number; restored: number }> {
    const r = await verifyPaths(this.store);
    this.syncVectors(r.nowMissing, false);
    this.syncVectors(r.restored, true);
    if (r.nowMissing.length || r.restored.length) this.changed({ reason: 'missing', added: 0, updated: r.nowMissing.length + r.restored.length });
    return { missing: r.nowMissing.length, restored: r.restored.length };
  }

  /** Finds missing clips' files under `folder` by content hash and points the clips at them. */
  async relink(folder: string): Promise<RelinkReport> {
    await this.verify();
    const r = await relinkFolder(this.store, folder);
    this.syncVectors(r.relinkedIds, true);
    if (r.relinked) this.changed({ reason: 'relink', added: 0, updated: r.relinked });
    return r;
  }

  /** Marks result clips whose file vanished since the last check (cheap: k stats). */
  async checkFiles<T extends { id: number; path: string; missing: boolean }>(hits: T[]): Promise<T[]> {
    const out: T[] = [];
    for (const h of hits) {
      const gone = await fs.access(h.path).then(() => false, () => true);
      if (gone !== h.missing) {
        this.store.setMissing.run(gone ? 1 : 0, h.id);
        this.syncVectors([h.id], !gone);
      }
      out.push({ ...h, missing: gone });
    }
    return out;
  }

  async close(): Promise<void> {
    await this.idle();
    for (const e of this.embedders) await e.dispose?.();
    await this.vad?.dispose();
    this.db.close();
  }
}
