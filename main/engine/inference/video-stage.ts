/**
 * Stage 1 of a generation: the span's frames → video tokens and onset probabilities per window, and (when asked)
 * the span's AV-Sim video vector from the SAME frames. `embedSpan` (the engine's retrieval for `auto`/`low`) runs
 * this stage before the library is asked; its tokens and onsets wait here for the span's `generate`, which then
 * skips the stage: an `auto` generation decodes its frames once (docs/ARCHITECTURE.md "One generation").
 */
import { statSync } from 'node:fs';
import { EngineError } from '../core/errors';
import type { FramesSource } from '../media';
import type { Bundle } from './bundle/load';
import { sourceFor, spanInputs, type WindowInputs } from './frames';
import { checkSpan } from './span';
import { encodeMotion, encodeVideo } from './stages';
import { l2normalise } from './embed';
import { openRuntime, type Runtime, type RuntimeOptions } from './runtime';
import { planWindows, type WindowPlan } from './windows';
import type { EmbedSpanResult } from './protocol';

export interface VideoStage {
  readonly tokens: Float32Array[];
  readonly onsets: (Float32Array | null)[];
  /** The span's AV-Sim video vector (unit length); null unless asked for and the bundle has the graph. */
  readonly vector: Float32Array | null;
  readonly videoSec: number;
  readonly framesSec: number;
  readonly embedSec: number;
}

const seconds = (t0: number): number => (performance.now() - t0) / 1000;

export function rowsOf(data: Float32Array, rows: number): Float32Array[] {
  const n = data.length / rows;
  return Array.from({ length: rows }, (_, r) => data.subarray(r * n, (r + 1) * n));
}

export function stack(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Frames → video tokens and onset probabilities per window, `maxRows` windows at a time so a long span never holds
 * all its frames (a 10-minute span is ~400 windows of 64 frames). With a motion timing graph its onsets (from luma
 * frames of the same decode) replace the encoder's: it is the timing head (timing.ts). With `vector`, each batch of
 * frames also goes through avsimVideo: the windows' embeddings summed, then normalised (as embed.ts embedVideoSpan).
 */
export async function videoStage(
  rt: Runtime,
  video: FramesSource,
  starts: number[],
  maxRows: number,
  o: { signal?: AbortSignal; progress?: (done: number) => void; vector?: boolean; early?: EarlyFrames | null } = {},
): Promise<VideoStage> {
  const t0 = performance.now();
  const tokens: Float32Array[] = [];
  const onsets: (Float32Array | null)[] = [];
  const withVector = !!o.vector && rt.bundle.has('avsimVideo');
  let acc: Float32Array | null = null;
  let framesSec = 0;
  let embedSec = 0;
  let early = o.early ?? null;
  for (const part of chunks(starts, maxRows)) {
    const tf = performance.now();
    let inputs: WindowInputs;
    // The first batch decoded while the graphs opened (openForSpan): its decode's own time, part of it beside them.
    const pre = early && (await early.source).path === video.path && sameStarts(early.starts, part) ? await early.first : null;
    early = null;
    if (pre) {
      inputs = pre.inputs;
      framesSec += pre.sec;
    } else {
      inputs = await spanInputs(rt.bundle, video.path, part, o.signal, video.offset);
      framesSec += seconds(tf);
    }
    const frames = stack(inputs.frames);
    const out = await encodeVideo(rt, frames, part.length);
    const probs = inputs.luma ? await encodeMotion(rt, stack(inputs.luma), part.length) : out.onsets;
    tokens.push(...rowsOf(out.tokens, part.length).map((r) => r.slice()));
    onsets.push(...(probs ? rowsOf(probs, part.length).map((r) => r.slice()) : part.map(() => null)));
    if (withVector) {
      const te = performance.now();
      const v = rt.bundle.manifest.video;
      const emb = (await rt.run('avsimVideo', { frames: { data: frames, dims: [part.length, v.frames, 3, v.height, v.width] } })).embedding;
      if (!emb) throw new EngineError('bad-input', `${rt.bundle.graphPath('avsimVideo')}: no "embedding" output`);
      for (const row of rowsOf(emb.data, part.length)) {
        acc ??= new Float32Array(row.length);
        for (let k = 0; k < row.length; k++) acc[k] += row[k]!;
      }
      embedSec += seconds(te);
    }
    o.progress?.(tokens.length);
  }
  return { tokens, onsets, vector: acc ? l2normalise(acc) : null, videoSec: seconds(t0), framesSec, embedSec };
}

const sameStarts = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** A span's first batch of frames, started while the runtime's graphs open. */
export interface EarlyFrames {
  /** The windows decoded (the first batch of the span's plan). */
  readonly starts: readonly number[];
  readonly source: Promise<FramesSource>;
  /** Their inputs, and the decode's own wall time in seconds (choosing the source included). */
  readonly first: Promise<{ inputs: WindowInputs; sec: number }>;
}

export interface SpanRuntime {
  readonly rt: Runtime;
  readonly plan: WindowPlan;
  /** Null when the runtime was already open (a warm worker: nothing to overlap) or `wants` said no. */
  readonly early: EarlyFrames | null;
}

/**
 * Opens the runtime for a span's stage 1. When this call is the one that opens it (a cold worker), the span's
 * first batch of frames (`maxRows` windows) is decoded beside the graphs' opening: ORT opens sessions synchronously,
 * blocking this thread for ~0.5 s, and ffmpeg spooled to files (media/proc.ts) keeps decoding meanwhile (issue 20).
 * `wants(bundle)`: whether this request decodes frames at all (embedSpan without an AV-Sim graph does not).
 */
export async function openForSpan(
  bundleDir: string,
  options: RuntimeOptions,
  span: { video: string; start: number; end: number; duration: number; use?: 'auto' | 'original'; maxRows?: number; signal?: AbortSignal },
  wants: (bundle: Bundle) => boolean = () => true,
): Promise<SpanRuntime> {
  let early = null as EarlyFrames | null;
  const onVerified = (bundle: Bundle, threading: { rows: number }): void => {
    if (!wants(bundle)) return;
    const t0 = performance.now();
    const starts = planWindows(span.start, span.end, bundle.manifest.audio.clipSeconds, span.duration).starts.slice(0, span.maxRows ?? threading.rows);
    const source = sourceFor(bundle, span.video, { cacheDir: options.cacheDir, use: span.use, signal: span.signal });
    const first = source.then(async (src) => ({ inputs: await spanInputs(bundle, src.path, starts, span.signal, src.offset, true), sec: seconds(t0) }));
    // Awaited by videoStage; a failure here (or a runtime that never opens) must not surface as an unhandled rejection.
    source.catch(() => undefined);
    first.catch(() => undefined);
    early = { starts, source, first };
  };
  const rt = await openRuntime(bundleDir, { ...options, onVerified });
  return { rt, plan: planWindows(span.start, span.end, rt.bundle.manifest.audio.clipSeconds, span.duration), early };
}

/** What identifies a stage 1 pass: the runtime (bundle, provider, threads), the file decoded as it is now, the windows, the batch. */
function keyOf(rt: Runtime, video: FramesSource, starts: readonly number[], maxRows: number): string | null {
  try {
    const st = statSync(video.path);
    return JSON.stringify([rt.bundle.dir, rt.bundle.overlayDir ?? '', rt.provider, rt.backend.threads, video.path, video.offset, st.size, st.mtimeMs, st.ino, starts, maxRows]);
  } catch {
    return null;
  }
}

/** A few spans' stage 1 outputs (tokens: tens of KB per window), each taken by its generation once. */
const waiting = new Map<string, { rt: Runtime; stage: VideoStage }>();
const WAITING_MAX = 4;

function keep(rt: Runtime, key: string, stage: VideoStage): void {
  waiting.delete(key);
  waiting.set(key, { rt, stage });
  while (waiting.size > WAITING_MAX) waiting.delete(waiting.keys().next().value!);
}

/** The stage 1 outputs `embedSpan` left for this span, removed as they are taken; null when there are none. */
export function takeWaitingStage(rt: Runtime, video: FramesSource, starts: readonly number[], maxRows: number): VideoStage | null {
  const key = keyOf(rt, video, starts, maxRows);
  const hit = key ? waiting.get(key) : undefined;
  if (!key || !hit || hit.rt !== rt) return null;
  waiting.delete(key);
  return hit.stage;
}

/** How many spans' stage 1 outputs are waiting (tests). */
export function waitingStages(): number {
  return waiting.size;
}

/**
 * `embedSpan`: the span's AV-Sim video vector from stage 1's frames (the same windows as its generation), the
 * stage's outputs kept for that generation. A bundle without avsimVideo decodes nothing and says so (vector null).
 */
export async function runEmbedSpan(
  video: string,
  start: number,
  end: number,
  o: { bundleDir: string; provider?: Runtime['provider']; threads?: number; cacheDir?: string; maxRows?: number; signal?: AbortSignal; progress?(fraction: number, stage: string): void },
): Promise<EmbedSpanResult> {
  const info = await checkSpan(video, start, end, o.signal, o.cacheDir);
  const span = { video, start, end, duration: info.duration, maxRows: o.maxRows, signal: o.signal };
  const { rt, plan, early } = await openForSpan(o.bundleDir, { threads: o.threads, provider: o.provider, cacheDir: o.cacheDir }, span, (b) => b.has('avsimVideo'));
  const W = plan.starts.length;
  if (!rt.bundle.has('avsimVideo')) return { bundle: rt.bundle.id, vector: null, windows: W, videoSec: 0, framesSec: 0, embedSec: 0 };
  const maxRows = o.maxRows ?? rt.threading.rows;
  const source = early ? await early.source : await sourceFor(rt.bundle, video, { cacheDir: o.cacheDir, signal: o.signal });
  const key = keyOf(rt, source, plan.starts, maxRows);
  // The span was embedded a moment ago (the editor's suggestions, then Generate): the same stage answers again.
  const kept = key ? waiting.get(key) : undefined;
  const progress = (k: number): void => o.progress?.(0.01 + (0.06 * k) / W, `window ${k}/${W} · frames`);
  const stage = kept?.rt === rt && kept.stage.vector ? kept.stage : await videoStage(rt, source, plan.starts, maxRows, { signal: o.signal, progress, vector: true, early });
  if (key) keep(rt, key, stage);
  return { bundle: rt.bundle.id, vector: stage.vector, windows: W, videoSec: stage.videoSec, framesSec: stage.framesSec, embedSec: stage.embedSec };
}
