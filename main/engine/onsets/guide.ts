/**
 * Onsets from the shot's own sound (issue 15, "guide track"): production sound is often unusable as sound (noise,
 * speech, the wrong mic) but its hits are where the picture's hits are. The engine's one detector runs on the span
 * of the video's audio track, so what eval measures as the detector's ceiling is what the editor places.
 */
import path from 'node:path';
import { EngineError } from '../core/errors';
import { decodeAudio, probe } from '../media';
import { DEFAULT_SENSITIVITY, detectOnsets, ONSET_PARAMS } from './detect';

/** The detector's parameters are in samples at this rate (hop 128 = 8 ms), as eval runs it. */
export const GUIDE_RATE = 16_000;
/** Decoded before the span so a hit right at its start shows its rise to the detector (which needs a previous frame). */
const PRE_ROLL = 0.1;
const SLACK = 1e-3;

export interface GuideOnsets {
  /** False when the video has no audio track: `onsets` is empty and `note` says so (a notice, not an error). */
  hasAudio: boolean;
  /** Media seconds inside [start, end), increasing. */
  onsets: number[];
  sensitivity: number;
  note?: string;
}

export async function guideOnsets(video: string, start: number, end: number, sensitivity = DEFAULT_SENSITIVITY, signal?: AbortSignal): Promise<GuideOnsets> {
  const track = await guideTrack(video, start, end, signal);
  if (!track) {
    const note = `${path.basename(video)} has no audio track: there is no guide track to take onsets from — place markers by hand or use the predicted ones`;
    return { hasAudio: false, onsets: [], sensitivity, note };
  }
  return { hasAudio: true, onsets: pickGuideOnsets(track, sensitivity), sensitivity };
}

/** The span's sound as the detector reads it (mono, GUIDE_RATE, from `from` = start minus the pre-roll). */
export interface GuideTrack {
  wave: Float32Array;
  from: number;
  start: number;
  end: number;
}

/** Decodes the span of the video's audio for the detector; null when the video has no audio track. */
export async function guideTrack(video: string, start: number, end: number, signal?: AbortSignal): Promise<GuideTrack | null> {
  if (!(end > start)) throw new EngineError('bad-input', `${video}: span end ${end} s must be after start ${start} s`, { file: video }, 'end');
  const info = await probe(video, { signal });
  if (info.audio.length === 0) return null;
  if (start < 0 || end > info.duration + SLACK) {
    throw new EngineError('bad-input', `${video}: span ${start.toFixed(3)}–${end.toFixed(3)} s is outside the video (0–${info.duration.toFixed(3)} s) — select a span inside it`, { file: video, duration: info.duration }, start < 0 ? 'start' : 'end');
  }
  const from = Math.max(0, start - PRE_ROLL);
  const audio = await decodeAudio(video, { start: from, end: Math.min(end, info.duration), rate: GUIDE_RATE, channels: 1, signal });
  return { wave: audio.channels[0]!, from, start, end };
}

/** The detector at `sensitivity` on a decoded span: media seconds inside [start, end), increasing (what the editor places). */
export function pickGuideOnsets(track: GuideTrack, sensitivity: number): number[] {
  // A hit right on the span's start is reported up to half a frame early (frame centres): it still belongs to the span.
  const early = ONSET_PARAMS.frame / 2 / GUIDE_RATE;
  return detectOnsets(track.wave, GUIDE_RATE, sensitivity)
    .map((t) => track.from + t)
    .filter((t) => t >= track.start - early && t < track.end)
    .map((t) => Number(Math.max(track.start, t).toFixed(4)));
}
