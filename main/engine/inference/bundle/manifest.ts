/**
 * `manifest.json` of a model bundle (docs/DESIGN.md §3, models/SPEC.md). Loose objects: bundles may carry extra fields
 * (`classes`, `training`, `bytes`, extra graphs) that this build ignores; everything the pipeline uses is checked.
 */
import { z } from 'zod';

export const BUNDLE_FORMAT = 'a2s-bundle/1';

const positiveInt = z.number().int().positive();
const rgb = z.tuple([z.number(), z.number(), z.number()]);

/** `"name": "[B,64,128] f32"`: names ending in `?` are optional in the graph. */
const Io = z.record(z.string().min(1), z.string());

export const GraphSpec = z.looseObject({
  file: z.string().min(1).refine((f) => !f.includes('..') && !f.startsWith('/'), 'graph file must be inside the bundle'),
  inputs: Io,
  outputs: Io,
});
export type GraphSpec = z.infer<typeof GraphSpec>;

export const REQUIRED_GRAPHS = ['videoEncoder', 'audioCondition', 'denoiser', 'decoder', 'vocoder'] as const;
/**
 * ablation*: the LDM trained without an audio condition (video encoder + denoiser), for `a2s eval`'s nocond row.
 * motionTiming: the motion timing net (issue 16): luma frames at the `motion` size → onset probabilities; where a
 * bundle has it, it is the timing head (inference/timing.ts).
 */
export const OPTIONAL_GRAPHS = ['avsimVideo', 'avsimAudio', 'ablationVideoEncoder', 'ablationDenoiser', 'motionTiming'] as const;
export type GraphKey = (typeof REQUIRED_GRAPHS)[number] | (typeof OPTIONAL_GRAPHS)[number];

/** Frames of the motion timing graph: luma [B,T,H,W] f32 = gray/255, planned and sampled as the RGB `video` frames. */
export const MotionSpec = z.looseObject({
  frames: positiveInt,
  width: positiveInt,
  height: positiveInt,
  sampling: z.literal('left').default('left'),
  resize: z.literal('area').default('area'),
  layout: z.string().optional(),
});
export type MotionSpec = z.infer<typeof MotionSpec>;

export const Manifest = z.looseObject({
  format: z.string(),
  id: z.string().min(1).regex(/^[A-Za-z0-9._-]+$/, 'id: letters, digits, . _ - only (it keys library embeddings)'),
  license: z.string().optional(),
  description: z.string().optional(),
  audio: z.looseObject({
    sampleRate: positiveInt,
    clipSeconds: z.number().positive(),
    clipSamples: positiveInt.optional(),
    mel: z.looseObject({ hop: positiveInt.optional(), frames: positiveInt.optional() }).optional(),
  }),
  video: z.looseObject({
    frames: positiveInt,
    width: positiveInt,
    height: positiveInt,
    mean: rgb,
    std: rgb.refine((s) => s.every((v) => v > 0), 'std must be > 0'),
    sampling: z.literal('left').default('left'),
    resize: z.literal('area').default('area'),
  }),
  latent: z.looseObject({ shape: z.array(positiveInt).min(1), scale: z.number().positive().default(1) }),
  diffusion: z.looseObject({
    trainSteps: positiveInt,
    betaSchedule: z.enum(['scaled_linear', 'linear', 'cosine']),
    betaStart: z.number().positive().default(0.00085),
    betaEnd: z.number().positive().default(0.012),
    prediction: z.enum(['epsilon', 'v']),
    sampler: z.enum(['dpmpp-2m', 'ddim']).default('dpmpp-2m'),
    steps: positiveInt.default(25),
    guidance: z.number().default(3),
    /**
     * Timesteps [from, to] (training-step units, inclusive) at which guidance runs; absent = every step. Elsewhere
     * the sampler takes the conditional output alone (stages.ts guidedAt).
     */
    guidanceInterval: z
      .tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])
      .refine(([a, b]) => a <= b, { message: 'guidanceInterval: [from, to] with from ≤ to' })
      .optional(),
  }),
  context: z.looseObject({ video: positiveInt, audio: positiveInt, dim: positiveInt }),
  graphs: z
    .record(z.string(), GraphSpec)
    .refine((g) => REQUIRED_GRAPHS.every((k) => k in g), { message: `graphs must include ${REQUIRED_GRAPHS.join(', ')}` }),
  sha256: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits')),
  /** Timing head: envelope length (latent frames) and hop (model-rate samples per envelope frame). */
  onsets: z.looseObject({ frames: positiveInt.optional(), hop: positiveInt.optional() }).optional(),
  /** Frame spec of graphs.motionTiming (required with it). */
  motion: MotionSpec.optional(),
  conditions: z
    .looseObject({
      /** A low-ambient wav, relative to the bundle: the "clean action" condition and the `auto` fallback. */
      low: z.string().optional(),
      /** JSON list of conditioning clips: [{file, embedding?, ambientDb}]. */
      pool: z.string().optional(),
    })
    .optional(),
  /**
   * Adapters only (issue 22, `overlay.ts`): the bundle this one overlays. On disk: id + sha256 of the base's
   * manifest.json (+ where it was); once read, also the base's folder and the graph keys the adapter holds.
   */
  baseBundle: z
    .looseObject({ id: z.string(), sha256: z.string(), dir: z.string().optional(), graphs: z.array(z.string()).optional() })
    .optional(),
  /**
   * Full bundles: sha256 of this bundle's earlier manifest.json files that listed the same graphs (only the CARD or
   * the sampling recipe changed). Adapters pinned to one of them keep loading (overlay.ts isPinnedBase).
   */
  supersedes: z.array(z.string().regex(/^[0-9a-f]{64}$/, 'supersedes: sha256 of earlier manifests, 64 lowercase hex digits')).optional(),
}).superRefine((m, ctx) => {
  if ('motionTiming' in m.graphs && !m.motion) {
    ctx.addIssue({ code: 'custom', path: ['motion'], message: 'graphs.motionTiming needs a "motion" section ({frames, width, height, sampling: "left", resize: "area"}): the size and count of the luma frames it reads' });
  }
});
export type Manifest = z.infer<typeof Manifest>;

export const PoolEntry = z.object({ file: z.string(), embedding: z.array(z.number()).optional(), ambientDb: z.number() });
export const Pool = z.array(PoolEntry);
export type PoolEntry = z.infer<typeof PoolEntry>;

/** "[B,64,3,48,48] f32" → ['B', 64, 3, 48, 48]; "..." or no brackets → undefined (shape not declared). */
export function parseShape(spec: string): (number | string)[] | undefined {
  const m = /\[([^\]]*)\]/.exec(spec);
  if (!m) return undefined;
  const parts = m[1].split(',').map((p) => p.trim());
  if (parts.some((p) => p === '...' || p === '')) return undefined;
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Key without the optional marker, and whether it is optional. */
export function ioName(key: string): { name: string; optional: boolean } {
  return key.endsWith('?') ? { name: key.slice(0, -1), optional: true } : { name: key, optional: false };
}
