import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../core/errors';
import { ANALYSIS_RATE, ambientLevelDb, embeddingWindows, frameRmsDb, speechSegments } from './analyse';
import { decodeWavBuffer, decodeWithFfmpeg, type ClipAudio } from './decode';
import { integratedLufs } from './lufs';
import type { Store } from './store';
import { VAD_FRAME } from './vad';

/** Files above this are hashed as a stream and decoded by ffmpeg (never read whole into memory). */
const IN_MEMORY_MAX = 256 * 1024 * 1024;
/** Shortest audio worth keeping as a condition clip. */
const MIN_SECONDS = 0.1;
/** Speech is looked for in 3 segments of 16 Silero frames (~0.5 s each) around the loudest moments. */
export const SPEECH_SEGMENT = 16 * VAD_FRAME;

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
      audio: Omit<ClipAudio, 'wave'>;
      lufs: number | null;
      ambientDb: number;
      segments: Float32Array[];
      /** Embedding windows by window length (embedders of different bundles may want different lengths). */
      windows: Map<number, Float32Array[]>;
    };

/** At most `n` ffmpeg decodes at once (DESIGN: two parallel processes on two cores). */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly n: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.n) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

async function hashStream(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export interface PrepareContext {
  readonly store: Store;
  readonly ffmpeg: Limiter;
  /** Hashes already taken by earlier files of this import that are not committed yet. */
  readonly pending: Set<string>;
  readonly windowSamples: number[];
  readonly signal?: AbortSignal;
}

/**
 * Everything for one file up to (not including) the ONNX work: dedupe by path+size+mtime, then by content hash,
 * one 16 kHz mono decode, level/loudness analysis, and the VAD segments and embedding windows cut from it.
 */
export async function prepareFile(file: string, ctx: PrepareContext): Promise<Prepared> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return { kind: 'failed', file, error: `${file}: not a regular file` };
    const known = ctx.store.byPath.get(file);
    if (known && !known.missing && known.size === st.size && known.mtime_ms === st.mtimeMs) return { kind: 'duplicate', file };
    const buf = st.size <= IN_MEMORY_MAX ? await fs.readFile(file) : null;
    const sha256 = buf ? createHash('sha256').update(buf).digest('hex') : await hashStream(file);
    if (ctx.pending.has(sha256)) return { kind: 'duplicate', file };
    const same = ctx.store.bySha.get(sha256);
    if (same) {
      // The content is known: a moved file (old path gone) is relinked, a copy at a second path is a duplicate.
      const oldGone = same.path !== file && !(await exists(same.path));
      if (same.missing || oldGone) return { kind: 'relink', file, id: same.id, size: st.size, mtimeMs: st.mtimeMs };
      return { kind: 'duplicate', file };
    }
    ctx.pending.add(sha256);
    const audio = (buf && decodeWavBuffer(buf)) || (await ctx.ffmpeg.run(() => decodeWithFfmpeg(file, ctx.signal)));
    const wave = audio.wave;
    if (wave.length < MIN_SECONDS * ANALYSIS_RATE) {
      ctx.pending.delete(sha256);
      return { kind: 'failed', file, error: `${file}: ${(wave.length / ANALYSIS_RATE).toFixed(3)} s of audio, too short for a library clip (at least ${MIN_SECONDS} s)` };
    }
    const framesDb = frameRmsDb(wave);
    const { wave: _w, ...format } = audio;
    return {
      kind: 'new',
      file,
      sha256,
      size: st.size,
      mtimeMs: st.mtimeMs,
      audio: format,
      lufs: integratedLufs(wave, ANALYSIS_RATE),
      ambientDb: ambientLevelDb(framesDb),
      segments: speechSegments(wave, framesDb, SPEECH_SEGMENT),
      windows: new Map([...new Set(ctx.windowSamples)].map((n) => [n, embeddingWindows(wave, n)])),
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
