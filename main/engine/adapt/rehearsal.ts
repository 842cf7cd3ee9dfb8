/**
 * Foley World rehearsal for adapt (issue 22, "on Foley World the adapter is not worse than its base"): a few minutes
 * of Foley World long videos from a NON-test split (assets/adapt/foleyworld, built from the val-split recordings;
 * its README) go into the adaptation's work folder beside the user's clips, and the trainer mixes a share of their
 * windows into every batch — replay, the standard guard against forgetting in continual learning — so the head keeps
 * what the base knew. Train only: never held back, never in the before/after score, never the Foley World test set
 * that the world check and `a2s eval` read (a build of the test split is refused here).
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

export interface RehearsalClip {
  /** The long video. */
  readonly file: string;
  /** Seconds used, from the video's start. */
  readonly seconds: number;
  /** On-screen contact times in [0, seconds): what the picture shows (the world check's truth, eval/dataset.ts). */
  readonly onsets: number[];
}

export interface RehearsalSet {
  readonly dir: string;
  readonly clips: RehearsalClip[];
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
 * `minSeconds`, one window, where the video is that long), with its on-screen contacts. Null when `dir` is null or
 * holds no video. A test-split video is an error: rehearsing on the set the adapter is checked on would hide forgetting.
 */
export function readRehearsal(dir: string | null, seconds: number, minSeconds: number): RehearsalSet | null {
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
  const clips = metas.map(({ meta, video }) => {
    const span = Math.min(meta.duration, each);
    return { file: video, seconds: span, onsets: meta.events.filter((e) => !e.offscreen && e.time >= 0 && e.time < span).map((e) => e.time).sort((a, b) => a - b) };
  });
  return { dir, clips };
}
