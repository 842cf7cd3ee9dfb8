/**
 * Generation (docs/DESIGN.md §4) as an unrolled list of numbered stages, diffusers-style. Runs wherever it is called: the
 * inference worker in the app and CLI, in-process in tests. Deterministic for a given seed and batch size.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { EngineError } from '../core/errors';
import type { GenerateRequest, GenerateResult } from '../../contract/domains/inference';
import { detectOnsets } from '../onsets';
import { hasMotionTiming, hasTimingHead } from './bundle/load';
import { needsSpanVector, resolveCondition, type Retrieval } from './condition';
import { sourceFor } from './frames';
import { applyGain, peakDb, spanLevel } from './level';
import { TIMELINE_RATE, writeTake } from './output';
import { resampleClip } from './resample';
import { seededLatents } from './rng';
import { openRuntime, takeStartup } from './runtime';
import { checkSpan } from './span';
import { concatContext, decodeLatents, encodeCondition, envelopeFrames, envelopeHop, sampleLatents } from './stages';
import { onsetTimes, pickOnsets, spanTiming } from './timing';
import { chunks, openForSpan, rowsOf, stack, takeWaitingStage, videoStage } from './video-stage';
import { addWindow, planWindows } from './windows';

export interface RunOptions {
  signal?: AbortSignal;
  progress?(fraction: number, stage: string): void;
  /** Bundle folder (resolved by the caller: request.bundle or the active bundle). */
  bundleDir: string;
  provider?: 'cuda' | 'dml' | 'coreml' | 'cpu';
  /** Verified-hash cache folder (`<dataDir>/cache`). */
  cacheDir?: string;
  /** Rows (window × take) per denoiser batch; ×2 for CFG. Env A2S_MAX_ROWS. */
  maxRows?: number;
  /** The clip library's answer for `auto`/`low` (asked by the engine before the job reaches the worker). */
  retrieval?: Retrieval;
}

const seconds = (t0: number): number => (performance.now() - t0) / 1000;

/** Takes kept at 48 kHz between the level and the write when all of them fit (64 MiB: ~5.8 minutes of one take). */
const KEEP_48K_BYTES = 64 * 1024 * 1024;

export async function runGenerate(req: GenerateRequest, o: RunOptions): Promise<GenerateResult> {
  const t0 = performance.now();
  const progress = o.progress ?? ((): void => undefined);
  // 0. Span (cheap, first: bad input fails before any model loads), then the bundle.
  const info = await checkSpan(req.video, req.start, req.end, o.signal, o.cacheDir);
  const spanCheckSec = seconds(t0);
  const tr = performance.now();
  // A cold runtime: the span's first frames are decoded while its graphs open (video-stage.ts openForSpan).
  const span = { video: req.video, start: req.start, end: req.end, duration: info.duration, use: req.frames, maxRows: o.maxRows, signal: o.signal };
  const { rt, plan, early } = await openForSpan(o.bundleDir, { threads: req.threads, provider: o.provider, cacheDir: o.cacheDir }, span);
  const runtimeSec = seconds(tr);
  const startup = takeStartup(rt); // null: the runtime was warm (opened by an earlier job)
  const maxRows = o.maxRows ?? rt.threading.rows;
  const m = rt.bundle.manifest;
  const rate = m.audio.sampleRate;
  const steps = req.steps ?? m.diffusion.steps;
  const guidance = req.guidance ?? m.diffusion.guidance;
  const W = plan.starts.length;

  // 1. Frames → video tokens (+ predicted onsets where the bundle has a timing head), unless the engine's retrieval
  //    (`embedSpan`) already ran this stage for the span; `auto` without a library clip also takes the span's AV-Sim
  //    vector from these frames, for the bundle's pool. Either way the span's frames are decoded once.
  //    Sources above 720p are decoded from their frames proxy once it is ready (media/frames-source.ts).
  const tsrc = performance.now();
  const source = early ? await early.source : await sourceFor(rt.bundle, req.video, { cacheDir: o.cacheDir, use: req.frames, signal: o.signal });
  const sourceSec = early ? 0 : seconds(tsrc); // probing the proxy: counted as frame decoding (inside early's time)
  const waiting = takeWaitingStage(rt, source, plan.starts, maxRows);
  if (!waiting) progress(0.01, `window 1/${W} · frames`);
  const video = waiting
    ?? await videoStage(rt, source, plan.starts, maxRows, {
      signal: o.signal,
      progress: (k) => progress(0.01 + (0.06 * k) / W, `window ${k}/${W} · frames`),
      vector: needsSpanVector(rt.bundle, req.ambient, o.retrieval),
      early,
    });
  const videoSec = video.videoSec + sourceSec;
  const L = envelopeFrames(rt);
  const hop = envelopeHop(rt);
  const userOnsets = req.onsets;
  const { envelopes, onsets } = spanTiming({
    userOnsets, probs: video.onsets, motion: hasMotionTiming(rt.bundle), starts: plan.starts, spanStart: req.start, spanEnd: req.end, frames: L, rate, hop,
  });

  // 2. Condition wave → audio tokens (one condition for every window of the span).
  const tc = performance.now();
  const cond = await resolveCondition(rt.bundle, req.ambient, { video: req.video, start: req.start, end: req.end, vector: video.vector }, o.retrieval, o.signal);
  const audioTokens = await encodeCondition(rt, cond.wave, 1);
  const conditionSec = seconds(tc);
  progress(0.08, `window 1/${W} · condition ${cond.mode}`);

  // 3. Seeded initial latents: take j uses seed + j and draws its windows in order.
  const seeds = Array.from({ length: req.takes }, (_, j) => (req.seed + j) >>> 0);
  const latents = seeds.map((s) => seededLatents(s, W, rt.bundle.latentSize));
  const rows = seeds.flatMap((_, j) => plan.starts.map((__, k) => ({ take: j, window: k })));

  // 4–5. Sampling with CFG, then decoder → mel → vocoder, in batches of windows × takes.
  let samplingSec = 0;
  let decodeSec = 0;
  // Each take's span at the model rate (from the first window's start when a short span was moved back).
  const lead = Math.round(plan.lead * rate);
  const modelLength = Math.ceil((req.end - req.start) * rate);
  const joinStart = req.start - plan.lead;
  const spans = seeds.map(() => new Float32Array(lead + modelLength));
  const batches = chunks(rows, maxRows);
  let done = 0;
  for (const batch of batches) {
    const ts = performance.now();
    const n = batch.length;
    const context = stack(batch.map((r) => concatContext(video.tokens[r.window], audioTokens, 1)));
    const env = rt.bundle.io.denoiser?.inputs.has('onsetEnvelope') ? stack(batch.map((r) => envelopes[r.window] ?? new Float32Array(L))) : null;
    const where = `${range('window', batch.map((r) => r.window), W)}${req.takes > 1 ? ` · ${range('take', batch.map((r) => r.take), req.takes)}` : ''}`;
    const label = (k: number): string => `${where} · step ${k}/${steps}`;
    const final = await withContext(where, () => sampleLatents(rt, {
      context,
      envelope: env,
      latents: stack(batch.map((r) => latents[r.take][r.window])),
      rows: n,
      steps,
      guidance,
      signal: o.signal,
      onStep: (s) => progress(0.1 + (0.85 * (done + (n * (s.index + 1)) / steps)) / rows.length, label(s.index + 1)),
    }));
    samplingSec += seconds(ts);
    const td = performance.now();
    const out = await withContext(where, () => decodeLatents(rt, final, n));
    rowsOf(out.wave, n).forEach((w, i) => addWindow(spans[batch[i].take], w, batch[i].window, plan, joinStart, rate));
    decodeSec += seconds(td);
    done += n;
  }

  // 6. Level (level.ts): windows were joined as they came (equal-power crossfades); resample each take to 48 kHz,
  // trimmed to the span, for its peak. The 48 kHz takes are kept for step 7 when all of them fit in KEEP_48K_BYTES
  // (one resample per take: ~0.15 s each for 10 s on a loaded core); a longer span resamples again below rather
  // than hold every take at 48 kHz. The span carries hits when it has onsets (given, or the timing head's); with
  // neither, the engine's detector says.
  const outLength = Math.round((req.end - req.start) * TIMELINE_RATE);
  const keep48 = seeds.length * outLength * 4 <= KEEP_48K_BYTES;
  const kept48: (Float32Array | null)[] = seeds.map(() => null);
  const take48 = (j: number): Float32Array => kept48[j] ?? resampleClip(spans[j].subarray(lead), rate, TIMELINE_RATE, outLength);
  const hasHits = onsets.length > 0 || (!userOnsets && !hasTimingHead(rt.bundle) && spans.some((w) => detectOnsets(w.subarray(lead), rate).length > 0));
  const level = spanLevel(seeds.map((_, j) => {
    const w = take48(j);
    if (keep48) kept48[j] = w;
    return peakDb(w);
  }), hasHits);

  // 7. Float WAVs + sidecars, every take with the span's one gain.
  const takes: GenerateResult['takes'] = [];
  const base = {
    bundle: rt.bundle.id,
    provider: rt.provider,
    onsets,
    condition: { mode: cond.mode, clip: cond.clip, score: cond.score, ...(cond.path ? { path: cond.path } : {}), ...(cond.note ? { note: cond.note } : {}) },
    span: { start: req.start, end: req.end },
    steps,
    guidance,
    guidanceInterval: m.diffusion.guidanceInterval ?? null,
    sampler: m.diffusion.sampler,
    windows: W,
    sampleRate: TIMELINE_RATE,
    threads: rt.backend.threads,
    threading: { intraOp: rt.threading.intraOp, rows: maxRows, cores: rt.threading.cores, load1: rt.threading.load1, othersBusy: rt.threading.othersBusy, reason: rt.threading.reason },
    frames: { source: source.kind, path: source.path, width: source.width, height: source.height, proxy: source.proxy, reason: source.reason },
    level,
  };
  // Only a bundle that limits guidance adds it to the name: takes of other bundles keep the names they had.
  const interval = m.diffusion.guidanceInterval ? { guidanceInterval: m.diffusion.guidanceInterval } : {};
  for (let j = 0; j < seeds.length; j++) {
    if (o.signal?.aborted) throw new EngineError('cancelled', 'generation cancelled');
    const wave48 = applyGain(take48(j), level.gainDb);
    kept48[j] = null;
    const file = path.join(path.resolve(req.outDir), takeName(req, seeds[j], { bundle: rt.bundle.id, steps, guidance, ...interval, condition: cond.clip ?? cond.mode, onsets: userOnsets ?? null, gainDb: level.gainDb }));
    const meta = { ...base, seed: seeds[j], take: j, gainDb: level.gainDb, video: path.resolve(req.video), modelRate: rate, bundleDir: rt.bundle.dir, prediction: m.diffusion.prediction };
    await writeTake(file, wave48, meta);
    takes.push({ path: file, seconds: wave48.length / TIMELINE_RATE, seed: seeds[j], metadata: `${file}.json`, gainDb: level.gainDb });
  }
  progress(1, `done · ${req.takes} take${req.takes > 1 ? 's' : ''}`);
  const timings = {
    totalSec: seconds(t0),
    startupSec: spanCheckSec + runtimeSec,
    spanCheckSec,
    runtimeSec,
    bundleVerifySec: startup?.verifySec ?? 0,
    hashedGraphs: startup?.hashed ?? 0,
    sessionsOpenSec: startup?.openSec ?? 0,
    sessionsOpened: startup?.opened.length ?? 0,
    videoSec,
    framesSec: video.framesSec + sourceSec,
    conditionSec,
    samplingSec,
    decodeSec,
  };
  return { ...base, takes, timings };
}

/** "window 1–3/4" (1-based, inclusive) for progress and error context. */
function range(what: string, items: number[], total: number): string {
  const lo = Math.min(...items) + 1;
  const hi = Math.max(...items) + 1;
  return `${what} ${lo}${hi > lo ? `–${hi}` : ''}/${total}`;
}

/** Errors from a batch say which windows/takes they came from (cancellation passes through unchanged). */
async function withContext<T>(where: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof EngineError && err.code === 'cancelled') throw err;
    const e = err instanceof EngineError ? err : new EngineError('internal', err instanceof Error ? err.message : String(err));
    throw new EngineError(e.code, `${where}: ${e.message}`, { ...e.details, where }, e.field);
  }
}

/**
 * `<video>_<start>-<end>ms_seed<N>_<params>.wav`: the same request rewrites the same file (it is deterministic), a
 * different bundle/steps/guidance (and its interval)/condition/onsets/level gain (the span's gain depends on its other takes) never
 * overwrites a take a project may still reference.
 */
function takeName(req: GenerateRequest, seed: number, params: Record<string, unknown>): string {
  const stem = path.basename(req.video).replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9._-]+/g, '_');
  const ms = (t: number): string => String(Math.round(t * 1000));
  const tag = createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 8);
  return `${stem}_${ms(req.start)}-${ms(req.end)}ms_seed${seed}_${tag}.wav`;
}

/** Predicted onsets for a span (generate:onsets): stage 1 only. */
export async function runOnsets(video: string, start: number, end: number, o: RunOptions): Promise<{ bundle: string; available: boolean; onsets: number[] }> {
  const rt = await openRuntime(o.bundleDir, { provider: o.provider, cacheDir: o.cacheDir });
  if (!hasTimingHead(rt.bundle)) return { bundle: rt.bundle.id, available: false, onsets: [] };
  const info = await checkSpan(video, start, end, o.signal, o.cacheDir);
  const plan = planWindows(start, end, rt.bundle.manifest.audio.clipSeconds, info.duration);
  const source = await sourceFor(rt.bundle, video, { cacheDir: o.cacheDir, signal: o.signal });
  const v = await videoStage(rt, source, plan.starts, o.maxRows ?? rt.threading.rows, { signal: o.signal });
  return { bundle: rt.bundle.id, available: true, onsets: onsetTimes(pickOnsets(v.onsets, plan.starts, start, end, rt.bundle.manifest.audio.sampleRate, envelopeHop(rt))) };
}
