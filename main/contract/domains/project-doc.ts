import { z } from 'zod';
import { ConditionMode } from '../condition-mode';

/**
 * The project document (`NAME.a2s/project.json`, docs/DESIGN.md §6). Shared by the editor (renderer timeline model),
 * the engine (atomic save/load, relink) and export (offline mix). Times are seconds on the video's timeline
 * (0 = first video frame); gains in dB. Extend compatibly: add optional fields, bump `format` only for breaks.
 */
export const MediaRef = z.object({
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

export const Rational = z.object({ num: z.number().int().positive(), den: z.number().int().positive() });

export const VideoRef = MediaRef.extend({
  duration: z.number().positive(),
  fps: Rational,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  hasAudio: z.boolean(),
  /** SMPTE start timecode of the source, e.g. "01:00:00:00"; stems' BWF TimeReference is derived from it. */
  startTimecode: z.string().optional(),
  /** Playable proxy when the original's codec cannot play in Chromium. */
  proxyPath: z.string().optional(),
});

export const TrackKind = z.enum(['original', 'action', 'ambient']);

export const Track = z.object({
  id: z.string().min(1),
  kind: TrackKind,
  name: z.string(),
  gainDb: z.number().min(-120).max(24).default(0),
  mute: z.boolean().default(false),
  solo: z.boolean().default(false),
});

/** A piece of audio placed on a track: a library clip, a file, or (for action tracks) a take rendered by a span. */
export const Clip = z.object({
  id: z.string().min(1),
  trackId: z.string().min(1),
  source: MediaRef,
  /** Where it starts on the timeline. */
  start: z.number().min(0),
  /** Length on the timeline. */
  duration: z.number().positive(),
  /** Where in the source it starts. */
  offset: z.number().min(0).default(0),
  gainDb: z.number().min(-120).max(24).default(0),
  fadeIn: z.number().min(0).default(0),
  fadeOut: z.number().min(0).default(0),
  /** Ambient beds: loop the source to fill `duration`, with this crossfade between repeats. */
  loop: z.boolean().default(false),
  loopCrossfade: z.number().min(0).default(0.5),
  /** Library clip id when it came from the library. */
  libraryClipId: z.number().int().optional(),
  label: z.string().optional(),
});

// The user's condition choice; the engine's words and the mapping between them: condition-mode.ts.
export { ConditionMode };

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * Where a condition clip comes from. Each kind is found again its own way on reopen: a clip of the user's library by
 * its id (its file is checked and relinked like any media), a clip shipped inside a model bundle (its condition pool
 * or low-ambient clip: not media of the project), or a plain file.
 */
export const ConditionSource = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('library'),
    clipId: z.number().int(),
    /** The clip's file when chosen; absent only for an old document's reference the library could not resolve. */
    path: z.string().min(1).optional(),
    sha256: Sha256.optional(),
    name: z.string().optional(),
  }),
  z.object({ kind: z.literal('bundle'), bundleId: z.string().min(1), file: z.string().min(1) }),
  z.object({ kind: z.literal('file'), path: z.string().min(1), sha256: Sha256.optional() }),
]);

const CurrentCondition = z.object({
  mode: ConditionMode,
  /** The conditioning clip; null = let the engine choose (retrieval for joint, lowest ambience for clean). */
  source: ConditionSource.nullable(),
  /** AV-Sim match between the clip and the span's picture, when retrieval chose it. */
  score: z.number().optional(),
});

/**
 * Documents written before condition sources had a kind: `source` was a plain file reference, with the library id
 * beside it, and takes generated in auto/clean mode stored the library id itself as the path ("7"). Such an id
 * becomes a library reference without a path (the engine resolves it from the library on open).
 */
const LegacyCondition = z
  .object({ mode: ConditionMode, source: MediaRef.nullable(), libraryClipId: z.number().int().optional(), score: z.number().optional() })
  .transform((c): z.infer<typeof CurrentCondition> => {
    const { libraryClipId, source, ...rest } = c;
    const sha = source?.sha256 !== undefined ? { sha256: source.sha256 } : {};
    if (!source) return { ...rest, source: null };
    if (libraryClipId !== undefined) return { ...rest, source: { kind: 'library', clipId: libraryClipId, path: source.path, ...sha } };
    if (/^\d+$/.test(source.path)) return { ...rest, source: { kind: 'library', clipId: Number(source.path) } };
    return { ...rest, source: { kind: 'file', path: source.path, ...sha } };
  });

export const Condition = z.union([CurrentCondition, LegacyCondition]);

export const GenerationSettings = z.object({
  takes: z.number().int().min(1).max(8).default(2),
  seed: z.number().int().min(0).default(0),
  steps: z.number().int().min(1).max(200).default(25),
  guidance: z.number().min(0).max(20).default(3),
});

export const Take = z.object({
  id: z.string().min(1),
  path: z.string().min(1),
  /** Content hash of the rendered WAV, so a moved take can be relinked (optional: added by the project domain). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  seed: z.number().int(),
  seconds: z.number().positive(),
  createdAt: z.string(),
  bundleId: z.string(),
  condition: Condition.optional(),
});

/** Who placed an onset marker: the user, the model's timing head (a prediction the user then edited), or the guide track. */
export const OnsetSource = z.enum(['user', 'model', 'guide']);

/** A selected range of the video that generates action sound; its active take plays on `trackId`. */
export const Span = z.object({
  id: z.string().min(1),
  trackId: z.string().min(1),
  start: z.number().min(0),
  end: z.number().positive(),
  condition: Condition,
  /** Onset times in seconds (timeline), edited by the user; null = use the model's prediction. */
  onsets: z.array(z.number().min(0)).nullable().default(null),
  /**
   * Where each of `onsets` came from (same order and length). Absent in documents older than issue 15, and ignored
   * when its length does not match: every edited onset then counts as the user's.
   */
  onsetSources: z.array(OnsetSource).optional(),
  predictedOnsets: z.array(z.number().min(0)).default([]),
  settings: GenerationSettings,
  takes: z.array(Take).default([]),
  activeTakeId: z.string().nullable().default(null),
  gainDb: z.number().min(-120).max(24).default(0),
  fadeIn: z.number().min(0).default(0.005),
  fadeOut: z.number().min(0).default(0.02),
});

export const Marker = z.object({ id: z.string().min(1), time: z.number().min(0), label: z.string() });

export const ProjectDoc = z.object({
  format: z.literal('a2s-project/1'),
  name: z.string(),
  created: z.string(),
  modified: z.string(),
  video: VideoRef.nullable(),
  sampleRate: z.number().int().positive().default(48000),
  tracks: z.array(Track),
  clips: z.array(Clip).default([]),
  spans: z.array(Span).default([]),
  markers: z.array(Marker).default([]),
  bundleId: z.string().optional(),
});

export type MediaRef = z.infer<typeof MediaRef>;
export type VideoRef = z.infer<typeof VideoRef>;
export type Track = z.infer<typeof Track>;
export type Clip = z.infer<typeof Clip>;
export type Condition = z.infer<typeof Condition>;
export type ConditionSource = z.infer<typeof ConditionSource>;
export type Span = z.infer<typeof Span>;
export type OnsetSource = z.infer<typeof OnsetSource>;
export type Take = z.infer<typeof Take>;
export type Marker = z.infer<typeof Marker>;
export type ProjectDoc = z.infer<typeof ProjectDoc>;
