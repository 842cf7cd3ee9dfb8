import { z } from 'zod';
import { channel } from '../channel';

/** `bundle:*` and `generate:*` channels. Owned by the inference domain (see docs/ARCHITECTURE.md). */

const seconds = z.number().finite().nonnegative();

/** Which condition clip carries the ambience (DESIGN §1.2). `file` needs `path`. */
export const Ambient = z
  .object({ mode: z.enum(['auto', 'low', 'none', 'file']), path: z.string().min(1).optional() })
  .strict()
  .refine((a) => a.mode !== 'file' || a.path !== undefined, { message: 'ambient.path is required when mode is "file"', path: ['path'] });
export type Ambient = z.infer<typeof Ambient>;

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
    /** User-edited onset times (media seconds); else the bundle's predicted onsets (timing head). */
    onsets: z.array(seconds).max(10_000).optional(),
    outDir: z.string().min(1),
    /** Bundle folder or installed id; default the active bundle. */
    bundle: z.string().min(1).optional(),
    /** ORT intra-op threads; default all cores. */
    threads: z.number().int().min(1).max(256).optional(),
  })
  .strict();
export type GenerateRequest = z.infer<typeof GenerateRequest>;

export const ConditionMode = z.enum(['auto', 'low', 'none', 'file', 'low-fallback']);

/** The JSON `a2s generate --json` prints and `job:done` carries **(contract)**; extra fields are additive. */
export const GenerateResult = z.object({
  bundle: z.string(),
  provider: z.string(),
  takes: z.array(z.object({ path: z.string(), seconds: z.number(), seed: z.number().int(), metadata: z.string() })),
  onsets: z.array(z.number()),
  condition: z.object({ mode: ConditionMode, clip: z.string().nullable(), score: z.number().nullable(), path: z.string().optional(), note: z.string().optional() }),
  timings: z.object({ totalSec: z.number(), videoSec: z.number(), samplingSec: z.number(), decodeSec: z.number() }),
  span: z.object({ start: z.number(), end: z.number() }),
  steps: z.number().int(),
  guidance: z.number(),
  sampler: z.string(),
  windows: z.number().int(),
  sampleRate: z.number().int(),
  threads: z.number().int(),
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

export const inferenceChannels = {
  'bundle:list': channel(z.object({}).strict(), z.object({ bundles: z.array(BundleListItem) })),
  'bundle:active': channel(z.object({}).strict(), BundleActive),
  'bundle:select': channel(z.object({ id: z.string().min(1) }).strict(), BundleActive),
  'generate:onsets': channel(
    z.object({ video: z.string().min(1), start: seconds, end: seconds, bundle: z.string().min(1).optional() }).strict(),
    z.object({ bundle: z.string(), available: z.boolean(), onsets: z.array(z.number()) }),
  ),
  'generate:start': channel(GenerateRequest, z.object({ jobId: z.string() })),
} as const;

export const inferenceEvents = {} as const;
