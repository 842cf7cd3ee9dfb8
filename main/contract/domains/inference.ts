import { z } from 'zod';
import { channel } from '../channel';
import { AmbientMode, AmbientOutcome } from '../condition-mode';
import { ConditionSource } from './project-doc';

/** `bundle:*` and `generate:*` channels. Owned by the inference domain (see docs/ARCHITECTURE.md). */

const seconds = z.number().finite().nonnegative();

/** Which condition clip carries the ambience (docs/DESIGN.md §1.2; the words: condition-mode.ts). `file` needs `path`. */
export const Ambient = z
  .object({ mode: AmbientMode, path: z.string().min(1).optional() })
  .strict()
  .refine((a) => a.mode !== 'file' || a.path !== undefined, { message: 'ambient.path is required when mode is "file"', path: ['path'] });
export type Ambient = z.infer<typeof Ambient>;

/** An onset time; a wrong type names the value it got (`"abc"`), not just its type. */
const onsetTime = z.number({ error: (iss) => `expected an onset time in seconds, got ${JSON.stringify(iss.input) ?? String(iss.input)}` }).nonnegative();

/** Slack at the span's edges (1 µs, far below a sample): markers moved with their span carry float rounding. */
const ONSET_SLACK = 1e-6;

/**
 * Why a list of given onset times cannot drive a span, naming the offending value; null when it can. One rule for
 * the contract (editor, WebSocket) and the CLI: each time inside [start, end], strictly increasing (no duplicates).
 */
export function onsetListProblem(onsets: readonly number[], start: number, end: number): { index: number; message: string } | null {
  for (let i = 0; i < onsets.length; i++) {
    const t = onsets[i]!;
    const prev = onsets[i - 1];
    if (!(t >= start - ONSET_SLACK && t <= end + ONSET_SLACK)) return { index: i, message: `onset ${t} s is outside the span ${start}–${end} s` };
    if (prev === t) return { index: i, message: `onset ${t} s is listed twice` };
    if (prev !== undefined && t < prev) return { index: i, message: `onset ${t} s comes after ${prev} s: list onsets in increasing order` };
  }
  return null;
}

/**
 * Guide-track onset detection sensitivity (0..1): 0.5 = the detector's fixed parameters, the ones eval scores with;
 * higher finds more and quieter hits, lower only the strongest.
 */
export const DEFAULT_ONSET_SENSITIVITY = 0.5;

export const GenerateRequest = z
  .object({
    video: z.string().min(1),
    start: seconds,
    end: seconds,
    ambient: Ambient.default({ mode: 'auto' }),
    takes: z.number().int().min(1).max(16).default(1),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(0),
    /** Default: the bundle's `diffusion.steps`. */
    steps: z.number().int().min(1).max(1000).optional(),
    /** Default: the bundle's `diffusion.guidance`. */
    guidance: z.number().finite().min(0).max(50).optional(),
    /**
     * Given onset times (media seconds, increasing, inside [start, end]): every take is driven by exactly these.
     * `[]` = explicitly no onsets (no hits prompted by the envelope); omitted = the bundle's timing head decides.
     */
    onsets: z.array(onsetTime).max(10_000).optional(),
    outDir: z.string().min(1),
    /** Bundle folder or installed id; default the active bundle. */
    bundle: z.string().min(1).optional(),
    /** ORT intra-op threads; default all cores. */
    threads: z.number().int().min(1).max(256).optional(),
    /**
     * Which file the models decode the picture from: `auto` (default) = the video's frames proxy once it is ready
     * for a source above 720p, else the video; `original` = always the video.
     */
    frames: z.enum(['auto', 'original']).optional(),
  })
  .strict()
  .superRefine((req, ctx) => {
    const problem = req.onsets ? onsetListProblem(req.onsets, req.start, req.end) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: ['onsets', problem.index], input: req.onsets![problem.index] });
  });
export type GenerateRequest = z.infer<typeof GenerateRequest>;

/** The JSON `a2s generate --json` prints and `job:done` carries **(contract)**; extra fields are additive. */
export const GenerateResult = z.object({
  bundle: z.string(),
  provider: z.string(),
  /** `gainDb`: the level gain applied to the take (the span's one gain, `level`). */
  takes: z.array(z.object({ path: z.string(), seconds: z.number(), seed: z.number().int(), metadata: z.string(), gainDb: z.number() })),
  onsets: z.array(z.number()),
  /**
   * `source`: what conditioned the takes, by kind (a library clip by id, a clip shipped in the bundle, a file; null for
   * none), as the project document records it on each take (`clip` is the library id for library clips).
   */
  condition: z.object({
    mode: AmbientOutcome, clip: z.string().nullable(), score: z.number().nullable(), path: z.string().optional(), note: z.string().optional(),
    source: ConditionSource.nullable().optional(),
  }),
  /**
   * Seconds per stage. Start-up (`startupSec` = span check + runtime open; the runtime's figures are 0 when a warm
   * worker already had it): `bundleVerifySec` (graph hashes, cached per file version), `hashedGraphs` (files read in
   * full), `sessionsOpenSec`/`sessionsOpened`. Work: `videoSec` (frames + video encoder; `framesSec` = ffmpeg decoding
   * alone), `conditionSec`, `samplingSec`, `decodeSec` (latent decoder + vocoder). `retrievalSec`: the clip library
   * look-up before the job reached the worker (auto/low only).
   */
  timings: z.object({
    totalSec: z.number(),
    startupSec: z.number(),
    spanCheckSec: z.number(),
    runtimeSec: z.number(),
    bundleVerifySec: z.number(),
    hashedGraphs: z.number().int(),
    sessionsOpenSec: z.number(),
    sessionsOpened: z.number().int(),
    videoSec: z.number(),
    framesSec: z.number(),
    conditionSec: z.number(),
    samplingSec: z.number(),
    decodeSec: z.number(),
    retrievalSec: z.number().optional(),
  }),
  span: z.object({ start: z.number(), end: z.number() }),
  steps: z.number().int(),
  guidance: z.number(),
  /** Timesteps [from, to] where guidance ran (the bundle's `diffusion.guidanceInterval`); null = every step. */
  guidanceInterval: z.tuple([z.number().int(), z.number().int()]).nullable(),
  sampler: z.string(),
  windows: z.number().int(),
  sampleRate: z.number().int(),
  threads: z.number().int(),
  /** How `threads` and the rows per run were chosen (engine/inference/threads.ts, docs/ARCHITECTURE.md "Threads"). */
  threading: z.object({ intraOp: z.number().int(), rows: z.number().int(), cores: z.number().int(), load1: z.number(), othersBusy: z.number().nullable(), reason: z.string() }),
  /**
   * The file the picture was decoded from: the video itself or its frames proxy (sources above 720p), its size, and
   * why. `proxy`: used | missing (wanted, not built yet) | not-needed (720p or below) | declined (original asked for).
   */
  frames: z.object({
    source: z.enum(['original', 'proxy']), path: z.string(), width: z.number().int(), height: z.number().int(),
    proxy: z.enum(['used', 'missing', 'not-needed', 'declined']), reason: z.string(),
  }),
  /**
   * The level rule (README "Take levels"): `span-peak` = the span has hits, every take got one gain so the loudest
   * peaks at `targetPeakDb`; `bed` = no hits, takes keep the model's level (gain 0). `peakDb`: the loudest raw peak.
   */
  level: z.object({ rule: z.enum(['span-peak', 'bed']), gainDb: z.number(), peakDb: z.number().nullable(), targetPeakDb: z.number() }),
});
export type GenerateResult = z.infer<typeof GenerateResult>;

export const BundleListItem = z.object({
  id: z.string(),
  dir: z.string(),
  description: z.string(),
  source: z.enum(['builtin', 'user']),
  valid: z.boolean(),
  error: z.string().optional(),
  active: z.boolean(),
});

export const BundleActive = z.object({
  id: z.string(),
  dir: z.string(),
  provider: z.string(),
  hasTimingHead: z.boolean(),
  manifest: z.object({
    description: z.string(),
    sampleRate: z.number(),
    clipSeconds: z.number(),
    video: z.object({ frames: z.number(), width: z.number(), height: z.number() }),
    latentShape: z.array(z.number()),
    prediction: z.string(),
    sampler: z.string(),
    steps: z.number(),
    guidance: z.number(),
    graphs: z.array(z.string()),
  }),
});
export type BundleActive = z.infer<typeof BundleActive>;

/** The timing head's onsets for a span (`generate:onsets`); `available: false` for a bundle without a timing head. */
export const OnsetsResult = z.object({ bundle: z.string(), available: z.boolean(), onsets: z.array(z.number()) });
export type OnsetsResult = z.infer<typeof OnsetsResult>;

export const inferenceChannels = {
  'bundle:list': channel(z.object({}).strict(), z.object({ bundles: z.array(BundleListItem) })),
  'bundle:active': channel(z.object({}).strict(), BundleActive),
  'bundle:select': channel(z.object({ id: z.string().min(1) }).strict(), BundleActive),
  'generate:onsets': channel(
    z.object({ video: z.string().min(1), start: seconds, end: seconds, bundle: z.string().min(1).optional() }).strict(),
    OnsetsResult,
  ),
  'generate:start': channel(GenerateRequest, z.object({ jobId: z.string() })),
  /** Onsets detected on the video's own audio track in the span ("guide track"): the engine's onset detector. */
  'generate:guideOnsets': channel(
    z
      .object({ video: z.string().min(1), start: seconds, end: seconds, sensitivity: z.number().min(0).max(1).default(DEFAULT_ONSET_SENSITIVITY) })
      .strict()
      .refine((r) => r.end > r.start, { message: 'end must be after start', path: ['end'] }),
    /** `hasAudio: false` (with a `note` to show) when the video has no audio track: a notice, not an error. */
    z.object({ hasAudio: z.boolean(), onsets: z.array(z.number()), sensitivity: z.number(), note: z.string().optional() }),
  ),
} as const;

export const inferenceEvents = {} as const;
