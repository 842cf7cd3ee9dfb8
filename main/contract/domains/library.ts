import { z } from 'zod';
import { channel, event } from '../channel';

/** `library:*` channels and events. Owned by the library domain (see docs/ARCHITECTURE.md, docs/DESIGN.md §5). */

const k = (max: number, dflt: number) => z.number().int().min(1).max(max).default(dflt);
const filePath = z.string().min(1).max(4096);

export const ClipFilters = z
  .object({
    durationMin: z.number().nonnegative().optional(),
    durationMax: z.number().positive().optional(),
    ambientMinDb: z.number().optional(),
    ambientMaxDb: z.number().optional(),
    speech: z.boolean().optional(),
    tags: z.array(z.string().min(1).max(100)).max(20).optional(),
    licences: z.array(z.string().min(1).max(100)).max(20).optional(),
    includeMissing: z.boolean().optional(),
  })
  .strict();
export type ClipFilters = z.infer<typeof ClipFilters>;

/** A clip as listed in results (the CLI prints id, path, score, ambientDb, speech, licence: contract). */
export const ClipHit = z.object({
  id: z.number().int(),
  path: z.string(),
  name: z.string(),
  /** Text relevance (−BM25) for search; AV-Sim cosine for retrieve/similar. Higher is better. */
  score: z.number(),
  ambientDb: z.number(),
  /** The loudest 50 ms (dBFS): with the bed (ambientDb), whether the clip has strong events; null = not measured yet. */
  peakDb: z.number().nullable().optional(),
  lufs: z.number().nullable(),
  speech: z.boolean(),
  duration: z.number(),
  licence: z.string(),
  author: z.string(),
  tags: z.array(z.string()),
  missing: z.boolean(),
  /** Why a retrieved clip was suggested (retrieve/similar only). */
  why: z.string().optional(),
});
export type ClipHit = z.infer<typeof ClipHit>;

export const Clip = ClipHit.omit({ score: true, why: true }).extend({
  sha256: z.string(),
  sampleRate: z.number().int(),
  channels: z.number().int(),
  speechProb: z.number(),
  source: z.string(),
  description: z.string(),
  created: z.string(),
  /** Bundles this clip has an AV-Sim embedding for. */
  bundles: z.array(z.string()),
});

export const LibraryStats = z.object({
  file: z.string(),
  schemaVersion: z.number().int(),
  clips: z.number().int(),
  missing: z.number().int(),
  speech: z.number().int(),
  totalSeconds: z.number(),
  bundles: z.array(z.object({ bundleId: z.string(), vectors: z.number().int() })),
  licences: z.array(z.object({ licence: z.string(), clips: z.number().int() })),
});

export const ImportResult = z.object({
  jobId: z.string(),
  total: z.number().int(),
  done: z.number().int(),
  added: z.number().int(),
  duplicates: z.number().int(),
  relinked: z.number().int(),
  failed: z.number().int(),
  errors: z.array(z.object({ path: z.string(), error: z.string() })),
  seconds: z.number(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const libraryChannels = {
  /** Files and folders (recursive); runs as an `import` job: progress on job:progress, result on job:done. */
  'library:import': channel(
    z.object({ paths: z.array(filePath).min(1).max(10_000), tags: z.array(z.string().min(1).max(100)).max(20).optional() }).strict(),
    z.object({ jobId: z.string() }),
  ),
  'library:search': channel(
    z.object({ text: z.string().max(500).optional(), filters: ClipFilters.optional(), k: k(1000, 50), offset: z.number().int().min(0).default(0) }).strict(),
    z.object({ results: z.array(ClipHit), total: z.number().int() }),
  ),
  /** retrieve-for-span (AV-Sim video → audio); lowAmbient re-ranks the relevant clips by lowest ambient level. */
  'library:retrieve': channel(
    z
      .object({
        video: filePath,
        start: z.number().nonnegative(),
        end: z.number().positive(),
        lowAmbient: z.boolean().default(false),
        /** Diversify the results (maximal marginal relevance over the clips' audio embeddings). */
        diverse: z.boolean().default(false),
        /** Describe the span by its picture (default, the paper's retrieval), its own sound, or both. */
        from: z.enum(['video', 'audio', 'both']).default('video'),
        k: k(100, 10),
        filters: ClipFilters.optional(),
      })
      .strict()
      .refine((r) => r.end > r.start, { message: 'end must be after start', path: ['end'] }),
    z.object({ bundleId: z.string(), results: z.array(ClipHit) }),
  ),
  'library:similar': channel(z.object({ clipId: z.number().int().positive(), k: k(100, 10) }).strict(), z.object({ results: z.array(ClipHit) })),
  'library:stats': channel(z.object({}).strict(), LibraryStats),
  'library:clip': channel(z.object({ id: z.number().int().positive() }).strict(), Clip),
  /** Checks every clip's file (missing ones are marked, not dropped), then finds missing files under `folder` by hash. */
  'library:relink': channel(
    z.object({ folder: filePath }).strict(),
    z.object({ scanned: z.number().int(), relinked: z.number().int(), stillMissing: z.number().int() }),
  ),
} as const;

export const libraryEvents = {
  'library:changed': event(
    z.object({ reason: z.enum(['import', 'relink', 'missing', 'embed', 'starter']), added: z.number().int(), updated: z.number().int(), clips: z.number().int() }),
  ),
} as const;
