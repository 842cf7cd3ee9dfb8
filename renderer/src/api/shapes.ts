import { z } from 'zod';

/**
 * What the editor reads from engine responses whose channels are owned by other domains. Parsed leniently (only the
 * fields the UI needs, alternatives accepted) so the editor keeps working while those contracts grow; each schema
 * names the channel it reads.
 */
const num = z.number();

/** `media:probe` → the fields a VideoRef needs. */
export const ProbeShape = z.object({
  path: z.string().optional(),
  duration: num,
  sha256: z.string().optional(),
  video: z.object({ fps: z.object({ num: num, den: num }), width: num, height: num }).nullable(),
  audio: z.array(z.unknown()).default([]),
});

/** `media:peaks` → min/max pairs per bucket at `peaksPerSecond`. */
export const PeaksShape = z.object({
  peaksPerSecond: num.optional(),
  rate: num.optional(),
  duration: num.optional(),
  min: z.array(num).optional(),
  max: z.array(num).optional(),
  peaks: z.array(num).optional(),
});

/** `bundle:active`. */
export const BundleShape = z.object({
  id: z.string().optional(),
  bundleId: z.string().optional(),
  provider: z.string().optional(),
  providers: z.array(z.string()).optional(),
  timingHead: z.boolean().optional(),
  hasTimingHead: z.boolean().optional(),
  hasOnsets: z.boolean().optional(),
  manifest: z.object({ id: z.string().optional() }).passthrough().optional(),
}).passthrough();

export const LibraryClipShape = z.object({
  id: num,
  path: z.string(),
  name: z.string().optional(),
  duration: num.optional(),
  ambientDb: num.nullable().optional(),
  ambientLevel: num.nullable().optional(),
  loudness: num.nullable().optional(),
  tags: z.union([z.array(z.string()), z.string()]).optional(),
  source: z.string().nullable().optional(),
  license: z.string().nullable().optional(),
  score: num.optional(),
  speech: z.boolean().optional(),
}).passthrough();
export type LibraryClipShape = z.infer<typeof LibraryClipShape>;

export const LibraryListShape = z.object({
  clips: z.array(z.unknown()).optional(),
  results: z.array(z.unknown()).optional(),
  hits: z.array(z.unknown()).optional(),
  total: num.optional(),
}).passthrough();

export const StatsShape = z.object({ clips: num.optional(), count: num.optional(), total: num.optional() }).passthrough();

/** One rendered take inside `job:done`'s result for a generation. */
export const TakeShape = z.object({ path: z.string(), seed: num.int(), seconds: num.optional(), duration: num.optional() }).passthrough();
export const GenerateResultShape = z.object({
  takes: z.array(TakeShape),
  bundleId: z.string().optional(),
  onsets: z.array(num).optional(),
}).passthrough();

export const JobStartShape = z.object({ jobId: z.string() }).passthrough();
export const OnsetsShape = z.object({ onsets: z.array(num).optional(), times: z.array(num).optional(), available: z.boolean().optional() }).passthrough();
