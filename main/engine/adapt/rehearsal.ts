/**
 * Foley World rehearsal for adapt (issue 22, "on Foley World the adapter is not worse than its base"): a few minutes
 * of Foley World long videos from a NON-test split (assets/adapt/foleyworld, built from the val-split recordings;
 * its README) go into the adaptation's work folder beside the user's clips, and the trainer mixes a share of their
 * windows into every batch — replay, the standard guard against forgetting in continual learning — so the head keeps
 * what the base knew. Train only: never held back, never in the before/after score, never the Foley World test set
 * that the world check and `a2s eval` read (a build of the test split is refused here).
 *
 * The same videos give the **guard**: their last GUARD_SECONDS (shared equally, each clear of its rehearsal stretch), never
 * trained on, on which the trainer measures the base's timing-head F1 before training and keeps the largest step toward
 * the fine-tuned weights that is not below it (models/a2s_models/train/adapt_loop.py choose_alpha). Chosen without
 * looking at the test split: the guard is val-split footage in time apart from what rehearsal trains on.
 *
 * The set: A2S_ADAPT_REHEARSAL (a folder, or `off`), else assets/adapt/foleyworld found by walking up from this file
 * (repo or package). Missing (a package without it): adaptation runs without rehearsal and its result says so.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EngineError } from '../core/errors';
import { findUp } from '../eval/paths';

/**
 * Seconds of rehearsal footage decoded per adaptation, shared equally by the set's videos (each from its start):
 * enough windows for the rehearsal share of every batch without decoding (or caching CNN features for) the whole set
 * — the default video encoder's frames are 27.6 kB each as float32, 52 MB per minute.
 */
export const REHEARSAL_SECONDS = 60;

/**
 * Seconds of guard footage per adaptation, shared equally by the set's videos (each its last stretch, after its
 * rehearsal part): 90 s hold ~150 contacts (the set has ~1.6 per second), so one contact more or less moves the guard
 * F1 by under 0.01, for ~20 CPU-s of decoding and scoring.
 */
export const GUARD_SECONDS = 90;

/** The guard stretch ends this far before a video's described end (its last frames may not decode exactly). */
const GUARD_END_MARGIN = 0.25;

export interface RehearsalClip {
  /** The long video. */
  readonly file: string;
  /** Where the stretch starts in the video (s): 0 for rehearsal, later for the guard. */
  readonly start: number;
  /** Seconds used, from `start`. */
  readonly seconds: number;
  /**
   * On-screen contact times in [0, seconds) from `start`: what the picture shows (the world check's truth,
   * eval/dataset.ts).
   */
  readonly onsets: number[];
}

export interface RehearsalSet {
  readonly dir: string;
  /** Rehearsal: trained on (from each video's start). */
  readonly clips: RehearsalClip[];
  /** Guard: scored only (each video's last stretch, disjoint from its rehearsal one); empty where no video has room. */
  readonly guard: RehearsalClip[];
}

const LongMeta = z.looseObject({
  id: z.string(),
  split: z.string(),
  duration: z.number().positive(),
  events: z.array(z.looseObject({ time: z.number(), offscreen: z.boolean() })),
});

/** The rehearsal folder to use, or null (none installed, or A2S_ADAPT_REHEARSAL=off). */
export function defaultRehearsalDir(): string | null {
  const env = process.env.A2S_ADAPT_REHEARSAL;
  if (env === 'off') return null;
  if (env) return env;
  return findUp(path.join('assets', 'adapt', 'foleyworld'), 'long');
}

/**
 * The set's long videos (`long/<id>.mp4` + `<id>.json`, sorted by id), each cut to its share of `seconds` (at least
 * `minSeconds`, one window, where the video is that long), with its on-screen contacts; and each one's guard stretch:
 * its share of `guardSeconds` (at least one window) at its end, shortened to stay clear of the rehearsal stretch, left
 * out when less than a window remains. Null when `dir` is null or holds no video. A test-split video is an error:
 * rehearsing on the set the adapter is checked on would hide forgetting.
 */
export function readRehearsal(dir: string | null, seconds: number, minSeconds: number, guardSeconds = GUARD_SECONDS): RehearsalSet | null {
  if (!dir) return null;
  const long = path.join(dir, 'long');
  if (!existsSync(long)) throw new EngineError('not-found', `${dir}: no long/ folder — not a Foley World build (assets/adapt/foleyworld/README.md)`, { dir });
  const metas = readdirSync(long).filter((f) => f.endsWith('.json')).sort().map((f) => {
    const file = path.join(long, f);
    const m = LongMeta.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!m.success) throw new EngineError('bad-input', `${file}: not a Foley World video description (${m.error.issues[0]?.message ?? 'bad'})`, { file });
    if (m.data.split === 'test') {
      throw new EngineError('bad-input', `${file}: a test-split video cannot be rehearsed on (the Foley World check and a2s eval score the test split): build the set from --splits val`, { file });
    }
    return { meta: m.data, video: path.join(long, f.replace(/\.json$/, '.mp4')) };
  }).filter((m) => existsSync(m.video) && m.meta.duration >= minSeconds);
  if (metas.length === 0) return null;
  const each = Math.max(minSeconds, seconds / metas.length);
  const guardEach = Math.max(minSeconds, guardSeconds / metas.length);
  const cut = (file: string, events: z.infer<typeof LongMeta>['events'], start: number, span: number): RehearsalClip => ({
    file, start, seconds: span,
    onsets: events.filter((e) => !e.offscreen && e.time >= start && e.time < start + span).map((e) => e.time - start).sort((a, b) => a - b),
  });
  // a video long enough for both keeps its whole guard share: its rehearsal part stops where the guard starts
  const room = (d: number): number => d - GUARD_END_MARGIN - guardEach;
  const clips = metas.map(({ meta, video }) => cut(video, meta.events, 0, Math.min(meta.duration, each, room(meta.duration) >= minSeconds ? room(meta.duration) : Infinity)));
  const guard = guardSeconds <= 0 ? [] : metas.flatMap(({ meta, video }, i) => {
    const end = meta.duration - GUARD_END_MARGIN;
    const span = Math.min(guardEach, end - clips[i]!.seconds);
    return span >= minSeconds ? [cut(video, meta.events, end - span, span)] : [];
  });
  return { dir, clips, guard };
}
