import { decodeAudio, probe } from '../media';
import { ANALYSIS_RATE } from './analyse';
import { resampleMono } from './resample';
import { readWavMono } from './wav';

/** What import needs from a file: its native format and one 16 kHz mono decode shared by every analysis. */
export interface ClipAudio {
  readonly rate: number;
  readonly channels: number;
  readonly duration: number;
  readonly wave: Float32Array;
  /** 'wav' when read in-process, 'ffmpeg' otherwise (reported by the bench). */
  readonly via: 'wav' | 'ffmpeg';
}

/** Plain PCM/float WAV (already in memory for the hash) is decoded here; anything else goes to ffmpeg. */
export function decodeWavBuffer(buf: Buffer): ClipAudio | null {
  const wav = readWavMono(buf);
  if (!wav) return null;
  return { rate: wav.rate, channels: wav.channels, duration: wav.frames / wav.rate, wave: resampleMono(wav.mono, wav.rate, ANALYSIS_RATE), via: 'wav' };
}

/**
 * Analyses of a long recording look at its first 10 minutes only: the level and the embeddings of an ambience are
 * stable over that, and an hour-long file would otherwise need ~230 MB of 16 kHz float samples.
 */
export const MAX_ANALYSIS_SECONDS = 600;

/** Any format ffmpeg reads (through the media engine): probe for the native format, decode at 16 kHz mono. */
export async function decodeWithFfmpeg(file: string, signal?: AbortSignal): Promise<ClipAudio> {
  const info = await probe(file, { signal });
  const long = info.duration > MAX_ANALYSIS_SECONDS;
  const audio = await decodeAudio(file, { rate: ANALYSIS_RATE, channels: 1, signal, ...(long ? { start: 0, end: MAX_ANALYSIS_SECONDS } : {}) });
  const stream = info.audio[0]!; // decodeAudio has already refused files without audio
  const wave = audio.channels[0] ?? new Float32Array(0);
  const duration = long || !(wave.length > 0) ? info.duration : wave.length / ANALYSIS_RATE;
  return { rate: stream.sampleRate, channels: stream.channels, duration, wave, via: 'ffmpeg' };
}
