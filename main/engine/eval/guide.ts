/**
 * `a2s eval --set guide` (issue 15 item 4): the guide-track detector — what "Markers from guide track" and
 * `--onsets-from audio` place — swept over its sensitivity on a set of videos whose sound has known hit times, scored
 * against them (±50 ms, like every onset row). It is how the default sensitivity is chosen: on a set other than the
 * one it is then reported on (docs/ARCHITECTURE.md "Onsets"). A set is either real clips (a folder with a
 * manifest.json, real-dev's format: reference onsets) or a Foley World build (`long/<id>.json`: every event's time,
 * on- or off-screen, is a sound in the mix), cut into spans of SPAN_SEC as an editor selects them: the detector's
 * thresholds are relative to the span it reads, so a 2-minute track would not be scored as the editor uses it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_ONSET_SENSITIVITY } from '../../contract/domains/inference';
import { EngineError } from '../core/errors';
import { probe } from '../media';
import { addCounts, f1, matchOnsets, type MatchCounts } from '../onsets';
import { guideTrack, pickGuideOnsets } from '../onsets/guide';
import { MANIFEST, readRealSet } from './real/manifest';

export interface GuideClip {
  id: string;
  video: string;
  /** The span of the video scored, media seconds. */
  start: number;
  end: number;
  /** Hit times in the span's sound, media seconds, sorted. */
  onsets: number[];
}

export interface GuideRow {
  sensitivity: number;
  /** Pooled over clips (counts summed, then F1), and the mean of per-clip F1 over clips with hits. */
  f1: number;
  precision: number;
  recall: number;
  meanF1: number;
  perClip: { id: string; f1: number; tp: number; fp: number; fn: number }[];
}

export interface GuideReport {
  data: string;
  kind: 'real' | 'foleyworld';
  clips: number;
  onsets: number;
  defaultSensitivity: number;
  /** The sensitivity with the highest pooled F1 (the lower one on a tie). */
  best: number;
  rows: GuideRow[];
}

/** 0, 0.1, …, 1: the editor's control moves in these steps. */
export const SWEEP = Array.from({ length: 11 }, (_, i) => i / 10);

/** Foley World spans: about as long as real-dev's clips (4.4–6.3 s). */
export const SPAN_SEC = 6;

const LongVideo = z.looseObject({ id: z.string().min(1), duration: z.number().positive(), events: z.array(z.looseObject({ time: z.number().nonnegative() })) });

/** A Foley World build's long videos, cut into SPAN_SEC spans, with every event's time (the mix has a sound at each). */
function readFoleyWorldLong(dir: string, limit?: number): GuideClip[] {
  const longDir = path.join(dir, 'long');
  const files = fs.readdirSync(longDir).filter((f) => f.endsWith('.json')).sort().slice(0, limit);
  if (files.length === 0) throw new EngineError('not-found', `${longDir}: no <id>.json — not a Foley World build (models/foleyworld/README.md)`, { file: longDir });
  return files.flatMap((f) => {
    const file = path.join(longDir, f);
    const parsed = LongVideo.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) throw new EngineError('bad-input', `${file}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`, { file });
    const { id, duration, events } = parsed.data;
    const video = path.join(longDir, `${id}.mp4`);
    if (!fs.existsSync(video)) throw new EngineError('not-found', `${file}: its video ${video} does not exist`, { file: video });
    const times = events.map((e) => e.time).sort((a, b) => a - b);
    return Array.from({ length: Math.floor(duration / SPAN_SEC) }, (_, k) => {
      const [start, end] = [k * SPAN_SEC, (k + 1) * SPAN_SEC];
      return { id: `${id}@${start}`, video, start, end, onsets: times.filter((t) => t >= start && t < end) };
    });
  });
}

/** Real clips (manifest.json) or a Foley World build (long/), whichever `dir` is. */
export async function readGuideSet(dir: string, limit?: number): Promise<{ kind: GuideReport['kind']; clips: GuideClip[] }> {
  if (fs.existsSync(path.join(dir, MANIFEST))) {
    const clips = await readRealSet(dir, limit);
    return { kind: 'real', clips: clips.map((c) => ({ id: c.id, video: c.video, start: 0, end: c.seconds, onsets: c.onsets })) };
  }
  if (fs.existsSync(path.join(dir, 'long'))) return { kind: 'foleyworld', clips: readFoleyWorldLong(dir, limit) };
  throw new EngineError('not-found', `${dir}: neither a real-footage set (${MANIFEST}) nor a Foley World build (long/)`, { file: dir });
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export async function runGuideEval(o: { dataDir: string; limit?: number; onProgress?(done: number, total: number, id: string): void }): Promise<GuideReport> {
  const { kind, clips } = await readGuideSet(o.dataDir, o.limit);
  const counts = SWEEP.map(() => [] as MatchCounts[]);
  const durations = new Map<string, number>();
  for (const [i, clip] of clips.entries()) {
    o.onProgress?.(i, clips.length, clip.id);
    const duration = durations.get(clip.video) ?? (await probe(clip.video)).duration;
    durations.set(clip.video, duration);
    // Decoded once; the detector runs at every sensitivity on the same samples.
    const track = await guideTrack(clip.video, clip.start, Math.min(clip.end, duration));
    if (!track) throw new EngineError('bad-input', `${clip.video}: has no audio track — a guide-track set needs the clip's own sound`, { file: clip.video });
    for (const [k, s] of SWEEP.entries()) counts[k]!.push(matchOnsets(pickGuideOnsets(track, s), clip.onsets));
  }
  const rows: GuideRow[] = SWEEP.map((s, k) => {
    const per = counts[k]!;
    const total = per.reduce(addCounts, { tp: 0, fp: 0, fn: 0 });
    return {
      sensitivity: s,
      f1: round(f1(total)),
      precision: round(total.tp / Math.max(1, total.tp + total.fp)),
      recall: round(total.tp / Math.max(1, total.tp + total.fn)),
      // over clips with hits: a quiet span has no F1 of its own (its false hits still count in the pooled F1)
      meanF1: round(mean(per.filter((_, j) => clips[j]!.onsets.length > 0).map(f1))),
      perClip: per.map((c, j) => ({ id: clips[j]!.id, f1: round(f1(c)), ...c })),
    };
  });
  const best = rows.reduce((a, r) => (r.f1 > a.f1 ? r : a)).sensitivity;
  return { data: o.dataDir, kind, clips: clips.length, onsets: clips.reduce((a, c) => a + c.onsets.length, 0), defaultSensitivity: DEFAULT_ONSET_SENSITIVITY, best, rows };
}

export function formatGuideReport(r: GuideReport): string {
  const lines = ['| sensitivity | F1 (pooled) | precision | recall | mean F1 per clip |', '|---|---|---|---|---|'];
  for (const row of r.rows) {
    const tags = [row.sensitivity === r.defaultSensitivity ? 'default' : '', row.sensitivity === r.best ? 'best' : ''].filter(Boolean).join(', ');
    lines.push(`| ${row.sensitivity.toFixed(1)}${tags ? ` (${tags})` : ''} | ${row.f1.toFixed(3)} | ${row.precision.toFixed(3)} | ${row.recall.toFixed(3)} | ${row.meanF1.toFixed(3)} |`);
  }
  return lines.join('\n');
}
