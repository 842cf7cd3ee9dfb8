import { z } from 'zod';
import { channel } from '../channel';

/** `media:*` — probing, waveform peaks, filmstrips and proxies (engine: main/engine/media). Times in seconds. */

export const VideoStreamInfo = z.object({
  codec: z.string(),
  fps: z.object({ num: z.number().int().positive(), den: z.number().int().positive() }),
  avgFps: z.number().positive(),
  vfr: z.boolean(),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  /** Clockwise display rotation: 0, 90, 180, 270. */
  rotation: z.number().int(),
  frameCount: z.number().int().nonnegative().nullable(),
  pixFmt: z.string(),
  playableInChromium: z.boolean(),
  /** Stream start relative to media time 0 (the container start). */
  startTime: z.number(),
  interlaced: z.boolean(),
  bitDepth: z.number().int(),
});

export const AudioStreamInfo = z.object({
  codec: z.string(),
  sampleRate: z.number().int().nonnegative(),
  channels: z.number().int().nonnegative(),
  startTime: z.number(),
});

export const MediaInfo = z.object({
  path: z.string(),
  container: z.string(),
  duration: z.number().nonnegative(),
  startTime: z.number(),
  video: VideoStreamInfo.nullable(),
  audio: z.array(AudioStreamInfo),
  sizeBytes: z.number().int().nonnegative(),
});
export type MediaInfo = z.infer<typeof MediaInfo>;
export type VideoStreamInfo = z.infer<typeof VideoStreamInfo>;
export type AudioStreamInfo = z.infer<typeof AudioStreamInfo>;

const FilePath = z.string().min(1).max(4096);

export const mediaChannels = {
  'media:probe': channel(z.object({ path: FilePath }).strict(), MediaInfo),
  /** Min/max per bucket of `samplesPerBucket` samples (at `rate`); optionally only buckets [fromBucket, +bucketCount). */
  'media:peaks': channel(
    z.object({
      path: FilePath,
      samplesPerBucket: z.number().int().min(32).max(1 << 24),
      fromBucket: z.number().int().min(0).optional(),
      bucketCount: z.number().int().min(1).max(1_000_000).optional(),
    }).strict(),
    z.object({
      rate: z.number().int().positive(),
      frames: z.number().int().nonnegative(),
      samplesPerBucket: z.number().int().positive(),
      fromBucket: z.number().int().nonnegative(),
      /** Total buckets in the file at this resolution. */
      totalBuckets: z.number().int().nonnegative(),
      exact: z.boolean(),
      min: z.array(z.number()),
      max: z.array(z.number()),
    }),
  ),
  /** Filmstrip: `count` JPEG thumbnails at slot centres, as data URLs (browser mode cannot read file paths). */
  'media:thumbnails': channel(
    z.object({ path: FilePath, count: z.number().int().min(1).max(500), height: z.number().int().min(8).max(1080) }).strict(),
    z.object({
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      items: z.array(z.object({ time: z.number(), path: z.string(), dataUrl: z.string() })),
    }),
  ),
  /** Starts a `proxy` job (progress via job:progress); its job:done result is `{ path, cached }`. */
  'media:proxy': channel(z.object({ path: FilePath }).strict(), z.object({ jobId: z.string() })),
  /**
   * The editor opened this video: for a source above 720p the engine builds its frames proxy (what generation decodes
   * the picture from, issue 20) once, in the background, as a `proxy` job. `ready`: already built; `building`: the
   * job (started now or earlier); `not-needed`: 720p or below.
   */
  'media:prepare': channel(
    z.object({ path: FilePath }).strict(),
    z.object({ framesProxy: z.enum(['ready', 'building', 'not-needed']), path: z.string().optional(), jobId: z.string().optional(), reason: z.string() }),
  ),
  /** The ffmpeg in use, for diagnostics. */
  'media:tools': channel(z.object({}).strict(), z.object({ ffmpeg: z.string(), ffprobe: z.string(), version: z.string() })),
} as const;

export const mediaEvents = {} as const;
