import { z } from 'zod';
import { channel } from '../channel';

/**
 * `adapt:*` (issue 22): fine-tune the timing head on the user's own footage with production sound. The result is an
 * adapter bundle in `<dataDir>/bundles/NAME` that the bundle registry lists.
 */

/** Adapter (bundle folder) names: they become a folder and a bundle id. */
export const ADAPTER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const AdaptRequest = z
  .object({
    /** Video files and/or folders (a folder contributes its video files, not its subfolders). */
    inputs: z.array(z.string().min(1)).min(1).max(10_000),
    name: z.string().regex(ADAPTER_NAME, 'name: 1–64 letters, digits, . _ - (it becomes a folder and a bundle id), starting with a letter or digit'),
    /** Training budget in minutes (wall clock of the training step; preparation and export come on top). */
    minutes: z.number().finite().min(0.05).max(240).default(4),
    /** The bundle to adapt (id or folder); default the active bundle. */
    base: z.string().min(1).optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
    /** Upper bound on training steps (tests use a few). */
    maxSteps: z.number().int().min(1).max(1_000_000).optional(),
    /**
     * Foley World test windows on which the base's and the adapter's timing heads are scored after training (the
     * "not worse than its base" check, in the result and the CARD); 0 skips it. Needs the eval set installed.
     */
    worldWindows: z.number().int().min(0).max(10_000).default(32),
    /**
     * Share of each training batch drawn from Foley World rehearsal windows (a non-test split shipped in
     * assets/adapt/foleyworld), so the head keeps what the base knew; 0 turns rehearsal off; default the trainer's.
     */
    rehearsalShare: z.number().finite().min(0).max(0.9).optional(),
    /** Replace an adapter of the same name. */
    force: z.boolean().default(false),
  })
  .strict();
export type AdaptRequest = z.input<typeof AdaptRequest>;

export const SkippedClip = z.object({ file: z.string(), reason: z.string() });
export type SkippedClip = z.infer<typeof SkippedClip>;

/** Onset F1 of the timing head on the held-back footage, against the onsets of its own sound. */
export const TimingScore = z.object({
  f1: z.number(),
  precision: z.number(),
  recall: z.number(),
  /** Onsets the timing head predicted and the guide track has. */
  predicted: z.number().int(),
  reference: z.number().int(),
});
export type TimingScore = z.infer<typeof TimingScore>;

/** Timing-head onset F1 of base and adapter on Foley World test windows (their true contact times), pooled. */
export const WorldScore = z.object({ base: z.number(), adapter: z.number(), windows: z.number().int(), data: z.string() });
export type WorldScore = z.infer<typeof WorldScore>;

/** The Foley World rehearsal mixed into training (train only: never held back or scored). */
export const RehearsalInfo = z.object({
  /** The rehearsal set's folder. */
  data: z.string(),
  videos: z.number().int(),
  seconds: z.number(),
  /** Training windows it offered and the share of each batch drawn from them. */
  windows: z.number().int(),
  share: z.number(),
});
export type RehearsalInfo = z.infer<typeof RehearsalInfo>;

/**
 * The Foley World guard: a later stretch of the rehearsal set's val-split videos, never trained on. The base's
 * timing-head F1 there is measured before training; after it, the weights θ_base + α(θ_best − θ_base) (WiSE-FT) are
 * tried for a few α (each, when it falls below, also with its onset threshold moved) and the adapter keeps the best
 * held-back F1 among those whose guard F1 is not below the base's (α = 0, the base, always qualifies).
 */
export const GuardInfo = z.object({
  /** The set's folder, its videos and seconds used. */
  data: z.string(),
  videos: z.number().int(),
  seconds: z.number(),
  windows: z.number().int(),
  /** Guard F1 of the base and of the adapter (its kept α). */
  base: z.number(),
  adapter: z.number(),
  /** The kept step from the base toward the fine-tuned weights: 1 = the fine-tuned weights, 0 = the base's. */
  alpha: z.number(),
  /**
   * The onset-logit offset kept with it (0: none): an α whose guard F1 fell below the base's is retried with its
   * logits offset (negative = a higher threshold, tried first), and the first offset that brings it back is its calibration.
   */
  offset: z.number(),
  /** Every (α, offset) tried: held-back F1 (the user's footage, the trainer's windows), guard F1, whether it kept the base's. */
  tried: z.array(z.object({ alpha: z.number(), offset: z.number(), heldBack: z.number(), guard: z.number(), ok: z.boolean() })),
});
export type GuardInfo = z.infer<typeof GuardInfo>;

export const HeldBack = z.object({ file: z.string(), start: z.number(), end: z.number() });

export const AdaptResult = z.object({
  name: z.string(),
  /** The adapter bundle folder and its id. */
  dir: z.string(),
  id: z.string(),
  base: z.object({ id: z.string(), dir: z.string(), sha256: z.string() }),
  used: z.array(z.object({ file: z.string(), seconds: z.number(), onsets: z.number().int(), role: z.enum(['train', 'held-back', 'split']) })),
  skipped: z.array(SkippedClip),
  heldBack: z.array(HeldBack),
  before: TimingScore,
  after: TimingScore,
  /** Base vs adapter on Foley World test windows; null (or absent: older adapters) when skipped (worldWindows 0, no eval set). */
  world: WorldScore.nullable().optional(),
  /** Foley World rehearsal; null when it was off (no rehearsal set installed, or rehearsalShare 0); absent: older adapters. */
  rehearsal: RehearsalInfo.nullable().optional(),
  /** The Foley World guard and the α it kept; null without a rehearsal set; absent: older adapters. */
  guard: GuardInfo.nullable().optional(),
  training: z.object({
    /** Steps of the training kept and its best held-back step (every training's in `trainings`). */
    steps: z.number().int(),
    bestStep: z.number().int(),
    /** Wall clock of the training loop (this run and the runs it resumed). */
    seconds: z.number(),
    resumedFrom: z.number().int(),
    /** CPU time of this run's trainer process (all its threads). */
    cpuSeconds: z.number().nullable(),
    /**
     * The trainings run, in order, with their BCE onset-frame weight and the held-back F1 each kept (video encoder: a
     * second training with a lower weight runs only where the first kept no held-back gain under the Foley World
     * guard), and which was kept; absent: one training (motion net, older adapters).
     */
    trainings: z.array(z.object({ posWeight: z.number(), steps: z.number().int(), bestStep: z.number().int(), heldBack: z.number() })).optional(),
    posWeight: z.number().optional(),
  }),
});
export type AdaptResult = z.infer<typeof AdaptResult>;

export const adaptChannels = {
  /** Starts the adaptation job (`job:progress`, `job:cancel`; AdaptResult in `job:done`). */
  'adapt:start': channel(AdaptRequest, z.object({ jobId: z.string() })),
} as const;

export const adaptEvents = {} as const;
