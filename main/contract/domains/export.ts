import { z } from 'zod';
import { channel } from '../channel';

/** What to export (docs/DESIGN.md §1.5, issue 10). Times in seconds on the video timeline. */
export const ExportRequest = z
  .object({
    /** The `NAME.a2s` folder (or its project.json). */
    projectPath: z.string().min(1),
    outDir: z.string().min(1),
    rate: z.number().int().min(8000).max(192000).default(48000),
    /** 24-bit PCM or 32-bit float WAV. */
    bits: z.enum(['24', '32f']).default('24'),
    /** Also write the video with the mix (original video stream copied, not re-encoded). */
    mux: z.boolean().default(false),
    muxAudio: z.enum(['aac', 'pcm']).default('aac'),
    /** Add every stem as an extra audio stream of the muxed video. */
    muxStems: z.boolean().default(false),
    rpp: z.boolean().default(false),
    otio: z.boolean().default(false),
    /** Target integrated loudness in LUFS (e.g. −23); omitted = no normalisation. */
    loudness: z.number().min(-70).max(0).optional(),
    /** True-peak ceiling in dBTP for the normalisation. */
    truePeak: z.number().min(-20).max(0).default(-1),
    /** Export only this part of the timeline; default the whole video from its start. */
    range: z
      .object({ start: z.number().min(0), end: z.number().positive() })
      .refine((r) => r.end > r.start, { message: 'range.end must be after range.start' })
      .optional(),
    /** Replace files that already exist in outDir (otherwise the export refuses, listing them). */
    force: z.boolean().default(false),
  })
  .strict();
export type ExportRequest = z.input<typeof ExportRequest>;

export const LoudnessReport = z.object({
  targetLufs: z.number(),
  ceilingDbtp: z.number(),
  /** Of the mix before normalisation (−Infinity is sent as null: silence). */
  measuredLufs: z.number().nullable(),
  measuredTruePeakDb: z.number().nullable(),
  gainDb: z.number(),
  limitedByPeak: z.boolean(),
  /** Measured again on the written mix. */
  resultLufs: z.number().nullable(),
  resultTruePeakDb: z.number().nullable(),
});
export type LoudnessReport = z.infer<typeof LoudnessReport>;

/** The CLI prints this (contract: stems[].track/path/seconds, mix, video, rpp, otio). */
export const ExportResult = z.object({
  stems: z.array(z.object({ track: z.string(), trackId: z.string(), path: z.string(), seconds: z.number() })),
  mix: z.string(),
  video: z.string().nullable(),
  rpp: z.string().nullable(),
  otio: z.string().nullable(),
  rate: z.number().int(),
  bits: z.enum(['24', '32f']),
  frames: z.number().int(),
  /** BWF TimeReference of every file: samples since midnight. */
  timeReference: z.number().int(),
  loudness: LoudnessReport.nullable(),
});
export type ExportResult = z.infer<typeof ExportResult>;

/** `export:*` — the export runs as a job (`job:progress`, `job:cancel`; its ExportResult arrives in `job:done`). */
export const exportChannels = {
  /** The files an export would write and which of them exist already (the dialog asks before overwriting). */
  'export:check': channel(ExportRequest, z.object({ outputs: z.array(z.string()), existing: z.array(z.string()) })),
  'export:start': channel(ExportRequest, z.object({ jobId: z.string() })),
} as const;

export const exportEvents = {} as const;
