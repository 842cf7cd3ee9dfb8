import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../core/errors';
import type { Analyser, ClipRef } from './analyser';
import type { Store } from './store';

export type Prepared =
  | { kind: 'duplicate'; file: string }
  | { kind: 'relink'; file: string; id: number; size: number; mtimeMs: number }
  | { kind: 'failed'; file: string; error: string }
  | {
      kind: 'new';
      file: string;
      sha256: string;
      size: number;
      mtimeMs: number;
      audio: { rate: number; channels: number; duration: number };
      lufs: number | null;
      ambientDb: number;
      peakDb: number;
      /** Its VAD segments and embedding windows, waiting in the analyser for `infer`. */
      ref: ClipRef;
    };

export interface PrepareContext {
  readonly store: Store;
  readonly analyser: Analyser;
  /** Hashes already taken by earlier files of this import that are not committed yet. */
  readonly pending: Set<string>;
  readonly signal?: AbortSignal;
}

/**
 * One file up to (not including) the ONNX work. On this thread: skip a known path with the same size and mtime
 * (a re-import of a big folder reads nothing); after the analysis (a worker thread): dedupe by content hash, and a
 * known hash whose file has moved relinks the clip instead of adding a new one.
 */
export async function prepareFile(file: string, ctx: PrepareContext): Promise<Prepared> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return { kind: 'failed', file, error: `${file}: not a regular file` };
    const known = ctx.store.byPath.get(file);
    if (known && !known.missing && known.size === st.size && known.mtime_ms === st.mtimeMs) return { kind: 'duplicate', file };
    const a = await ctx.analyser.analyse(file, st.size, ctx.signal);
    if (!a.ok) return { kind: 'failed', file, error: a.error };
    // Known content needs no VAD or embedding: its inputs are dropped where they wait.
    if (ctx.pending.has(a.sha256)) {
      ctx.analyser.release([a.ref]);
      return { kind: 'duplicate', file };
    }
    const same = ctx.store.bySha.get(a.sha256);
    if (same) {
      ctx.analyser.release([a.ref]);
      const oldGone = same.path !== file && !(await exists(same.path));
      if (same.missing || oldGone) return { kind: 'relink', file, id: same.id, size: st.size, mtimeMs: st.mtimeMs };
      return { kind: 'duplicate', file };
    }
    ctx.pending.add(a.sha256);
    return {
      kind: 'new', file, sha256: a.sha256, size: st.size, mtimeMs: st.mtimeMs,
      audio: { rate: a.rate, channels: a.channels, duration: a.duration },
      lufs: a.lufs, ambientDb: a.ambientDb, peakDb: a.peakDb, ref: a.ref,
    };
  } catch (err) {
    if (err instanceof EngineError && err.code === 'cancelled') throw err;
    const msg = err instanceof Error ? err.message : String(err);
    return { kind: 'failed', file, error: msg.includes(file) ? msg : `${file}: ${msg}` };
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

export function clipName(file: string): string {
  return path.basename(file, path.extname(file));
}
