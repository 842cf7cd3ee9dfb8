import { randomUUID } from 'node:crypto';
import { EngineError } from '../core/errors';
import type { Embedder } from './embedder';
import { createAnalyser, defaultWorkers, type Analyser } from './analyser';
import { clipName, prepareFile, type Prepared } from './prepare';
import { scanPaths } from './scan';
import type { NewClip, Store } from './store';
import type { SileroVad } from './vad';

export interface ClipMeta {
  source?: string;
  licence?: string;
  author?: string;
  description?: string;
  tags?: string[];
}

export interface ImportOptions {
  /** Clips per transaction (default 32): a kill loses at most the batch in flight. */
  batchSize?: number;
  /** Parallel ffmpeg decodes for non-WAV files (default 2). */
  concurrency?: number;
  /** Threads (this one and workers), each analysing and inferring its share of the files (default: one per core, ≤ 4). */
  workers?: number;
  /** Tags added to every imported clip. */
  tags?: string[];
  /** Per-file licence/author/description/tags (the starter set uses it). */
  meta?: (file: string) => ClipMeta | undefined;
  signal?: AbortSignal;
  /** No overlap of decoding with inference, one file at a time on this thread (the bench's baseline). */
  sequential?: boolean;
  jobId?: string;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  total: number;
  done: number;
  added: number;
  duplicates: number;
  relinked: number;
  failed: number;
}

export interface ImportReport extends ImportProgress {
  jobId: string;
  errors: { path: string; error: string }[];
  addedIds: number[];
  seconds: number;
}

export interface IngestTarget {
  readonly store: Store;
  readonly embedders: readonly Embedder[];
  readonly vad: SileroVad | null;
  /** Called after each committed batch (in-memory vectors, events). */
  committed(added: { id: number; embeddings: Map<string, Float32Array> }[], relinked: number[]): void;
}

interface Inferred {
  prepared: Prepared[];
  speech: Map<string, { speech: boolean; prob: number }>;
  vectors: Map<string, Map<string, Float32Array>>;
}

/** VAD and embeddings of a prepared batch's new clips: each analyser thread runs its share as one batch. */
async function infer(analyser: Analyser, prepared: Prepared[]): Promise<Inferred> {
  const fresh = prepared.filter((p): p is Extract<Prepared, { kind: 'new' }> => p.kind === 'new');
  const results = fresh.length ? await analyser.infer(fresh.map((p) => p.ref)) : [];
  const speech = new Map<string, { speech: boolean; prob: number }>();
  const vectors = new Map<string, Map<string, Float32Array>>();
  fresh.forEach((p, i) => {
    const r = results[i]!;
    if (r.speech) speech.set(p.file, r.speech);
    vectors.set(p.file, r.vectors);
  });
  return { prepared, speech, vectors };
}

/**
 * Imports files and folders: scan → prepare (stat and path dedupe here; read, hash, decode, measure on a thread:
 * this thread or a worker; hash dedupe here) → VAD + embeddings of the new clips on the thread that analysed each,
 * batch i+1 being prepared meanwhile → one transaction per batch on this thread. A bad file is reported and skipped; cancel stops
 * between batches and keeps what was committed.
 */
export async function ingest(target: IngestTarget, paths: readonly string[], opts: ImportOptions = {}): Promise<ImportReport> {
  const t0 = performance.now();
  const jobId = opts.jobId ?? randomUUID();
  const db = target.store.db;
  const scan = await scanPaths(paths, opts.signal);
  const files = scan.files;
  const report: ImportReport = { jobId, total: files.length + scan.errors.length, done: scan.errors.length, added: 0, duplicates: 0, relinked: 0, failed: scan.errors.length, errors: [...scan.errors], addedIds: [], seconds: 0 };
  db.prepare(`INSERT OR REPLACE INTO import_jobs (id, started, state, paths, total, failed, errors, pid) VALUES (?, ?, 'running', ?, ?, ?, ?, ?)`).run(
    jobId, new Date().toISOString(), JSON.stringify(paths), report.total, report.failed, JSON.stringify(report.errors.slice(0, 100)), process.pid,
  );
  const updateJob = db.prepare('UPDATE import_jobs SET added = ?, duplicate = ?, failed = ?, errors = ? WHERE id = ?');
  const finishJob = db.prepare('UPDATE import_jobs SET state = ?, finished = ? WHERE id = ?');
  const batchSize = Math.max(1, opts.batchSize ?? 32);
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += batchSize) batches.push(files.slice(i, i + batchSize));
  // Each worker opens its own models (~100 ms of CPU): a one-batch import (a drag-drop of a few files) starts none.
  const threads = opts.sequential ? 1 : Math.max(1, Math.min(opts.workers ?? defaultWorkers(), batches.length));
  const analyser = createAnalyser({ vad: target.vad, embedders: target.embedders, ffmpeg: Math.max(1, opts.concurrency ?? 2), workers: threads });
  const ctx = { store: target.store, analyser, pending: new Set<string>(), signal: opts.signal };
  const prepareBatch = async (batch: string[]): Promise<Prepared[]> => {
    // Several files in flight per thread so reads and ffmpeg decodes overlap the JS work of other files.
    const out = new Array<Prepared>(batch.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batch.length) {
        const i = next++;
        out[i] = await prepareFile(batch[i]!, ctx);
      }
    };
    const workers = opts.sequential ? 1 : Math.min(batch.length, Math.max(4, (opts.concurrency ?? 2) * 2, threads * 2));
    await Promise.all(Array.from({ length: workers }, worker));
    return out;
  };
  const created = new Date().toISOString();
  let state: 'done' | 'cancelled' | 'failed' = 'done';
  let inFlight: Promise<Prepared[]> | null = batches.length ? prepareBatch(batches[0]!) : null;
  try {
    for (let b = 0; b < batches.length; b++) {
      const prepared = await inFlight!;
      // Prefetch: the next batch is decoded while this one's VAD and embeddings run (each thread interleaves both).
      inFlight = b + 1 < batches.length && !opts.sequential ? prepareBatch(batches[b + 1]!) : null;
      inFlight?.catch(() => undefined); // awaited next round; a cancel must not leave it unhandled
      if (opts.signal?.aborted) throw new EngineError('cancelled', 'import cancelled');
      const done = await infer(analyser, prepared);
      const added: { id: number; embeddings: Map<string, Float32Array> }[] = [];
      const relinked: number[] = [];
      db.transaction(() => {
        for (const p of done.prepared) {
          if (p.kind === 'duplicate') report.duplicates++;
          else if (p.kind === 'failed') {
            report.failed++;
            report.errors.push({ path: p.file, error: p.error });
          } else if (p.kind === 'relink') {
            target.store.relink.run(p.file, p.size, p.mtimeMs, p.id);
            relinked.push(p.id);
            report.relinked++;
          } else {
            const meta = opts.meta?.(p.file) ?? {};
            const sp = done.speech.get(p.file) ?? { speech: false, prob: 0 };
            const clip: NewClip = {
              path: p.file, name: clipName(p.file), sha256: p.sha256, size: p.size, mtimeMs: p.mtimeMs,
              duration: Math.round(p.audio.duration * 1000) / 1000, sampleRate: p.audio.rate, channels: p.audio.channels,
              lufs: p.lufs, ambientDb: p.ambientDb, peakDb: p.peakDb, speech: sp.speech, speechProb: sp.prob,
              source: meta.source ?? 'user', licence: meta.licence ?? '', author: meta.author ?? '', description: meta.description ?? '',
              tags: [...(opts.tags ?? []), ...(meta.tags ?? [])], embeddings: done.vectors.get(p.file) ?? new Map(),
            };
            const id = target.store.add(clip, created);
            ctx.pending.delete(p.sha256);
            if (id === null) report.duplicates++;
            else {
              added.push({ id, embeddings: clip.embeddings });
              report.addedIds.push(id);
              report.added++;
            }
          }
          report.done++;
        }
        updateJob.run(report.added, report.duplicates, report.failed, JSON.stringify(report.errors.slice(0, 100)), jobId);
      })();
      target.committed(added, relinked);
      opts.onProgress?.({ ...report });
      if (opts.sequential && b + 1 < batches.length) inFlight = prepareBatch(batches[b + 1]!);
    }
  } catch (err) {
    state = err instanceof EngineError && err.code === 'cancelled' ? 'cancelled' : 'failed';
    throw err;
  } finally {
    await inFlight?.catch(() => undefined);
    await analyser.close();
    finishJob.run(state, new Date().toISOString(), jobId);
    report.seconds = (performance.now() - t0) / 1000;
  }
  return report;
}
