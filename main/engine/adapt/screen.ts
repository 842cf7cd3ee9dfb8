/**
 * Which clips can teach the timing head: a picture, a sound track, at least one model window long, loud enough,
 * with hits the guide-track detector finds, and not mostly speech (a voice's syllables are onsets the picture
 * does not show). Every clip left out gets a reason the user can act on.
 */
import path from 'node:path';
import type { SkippedClip } from '../../contract/domains/adapt';
import { EngineError } from '../core/errors';
import type { SileroVad } from '../library/vad';
import { decodeAudio, probe } from '../media';
import { GUIDE_RATE, guideOnsets } from '../onsets';

/** A clip whose loudest 50 ms is below this has no audible hits to learn from. */
const QUIET_DB = -50;
/**
 * Loudest 50 ms less than this above the bed (20th percentile of 50 ms levels): a steady sound (noise, hum) with no
 * distinct hits, whose "onsets" are the detector finding flux in noise. The real-dev clips measure 11–42 dB.
 */
const MIN_PEAK_OVER_BED_DB = 6;
/** Fewer hits than this in a clip is no timing to learn. */
const MIN_ONSETS = 2;
/** Speech in more than this fraction of the clip's half-second segments: mostly speech. */
const SPEECH_FRACTION = 0.5;
/** 16 Silero frames of 512 samples (~0.5 s), the segment the library's speech verdict uses. */
const SEGMENT = 16 * 512;

export interface UsableClip {
  readonly file: string;
  readonly seconds: number;
  /** Guide-track onsets, media seconds. */
  readonly onsets: number[];
}

export type Screened = { usable: UsableClip } | { skipped: SkippedClip };

function skip(file: string, reason: string): Screened {
  return { skipped: { file, reason: `${path.basename(file)}: ${reason}` } };
}

/** Loudest and 20th-percentile 50 ms RMS in dBFS. */
function levels(x: Float32Array, rate: number): { peak: number; bed: number } {
  const n = Math.round(rate * 0.05);
  const db: number[] = [];
  for (let i = 0; i + n <= x.length; i += n) {
    let s = 0;
    for (let j = i; j < i + n; j++) s += x[j]! * x[j]!;
    db.push(10 * Math.log10(s / n + 1e-20));
  }
  db.sort((p, q) => p - q);
  return { peak: db[db.length - 1] ?? -200, bed: db[Math.floor(db.length * 0.2)] ?? -200 };
}

async function speechFraction(x: Float32Array, vad: SileroVad): Promise<number> {
  const segments: Float32Array[][] = [];
  for (let i = 0; i + SEGMENT <= x.length; i += SEGMENT) segments.push([x.subarray(i, i + SEGMENT)]);
  if (segments.length === 0) return 0;
  const verdicts = await vad.detect(segments);
  return verdicts.filter((v) => v.speech).length / verdicts.length;
}

export async function screenClip(file: string, minSeconds: number, vad: SileroVad, signal?: AbortSignal): Promise<Screened> {
  let info;
  try {
    info = await probe(file, { signal });
  } catch (err) {
    // the file's fault is a reason to leave it out; a missing or failing ffmpeg, or a cancel, is the run's
    if (!(err instanceof EngineError) || (err.code !== 'bad-input' && err.code !== 'not-found')) throw err;
    return skip(file, `cannot be read as media (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!info.video) return skip(file, 'has no picture (no video stream)');
  if (info.audio.length === 0) return skip(file, 'has no audio track: its hits cannot be heard, so it cannot teach timing');
  if (info.duration < minSeconds) {
    return skip(file, `is ${info.duration.toFixed(2)} s long, shorter than one model window (${minSeconds.toFixed(3)} s)`);
  }
  const audio = (await decodeAudio(file, { start: 0, end: info.duration, rate: GUIDE_RATE, channels: 1, signal })).channels[0]!;
  const level = levels(audio, GUIDE_RATE);
  if (level.peak < QUIET_DB) return skip(file, `its sound is too quiet (loudest ${level.peak.toFixed(1)} dBFS, below ${QUIET_DB} dBFS)`);
  if (level.peak - level.bed < MIN_PEAK_OVER_BED_DB) {
    return skip(file, `its sound is steady, with no distinct hits (loudest 50 ms only ${(level.peak - level.bed).toFixed(1)} dB above its bed)`);
  }
  const guide = await guideOnsets(file, 0, info.duration, undefined, signal);
  if (guide.onsets.length < MIN_ONSETS) {
    return skip(file, `its sound has ${guide.onsets.length} detectable hit(s): too few to learn timing from (need ${MIN_ONSETS})`);
  }
  const speech = await speechFraction(audio, vad);
  if (speech > SPEECH_FRACTION) return skip(file, `its sound is mostly speech (${Math.round(speech * 100)}% of it): speech onsets are not picture hits`);
  return { usable: { file, seconds: info.duration, onsets: guide.onsets } };
}
