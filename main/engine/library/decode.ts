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

/** Any format ffmpeg reads (through the media engine): probe for the native format, decode at 16 kHz mono. */
export async function decodeWithFfmpeg(file: string, signal?: AbortSignal): Promise<ClipAudio> {
  const [info, audio] = await Promise.all([probe(file, { signal }), decodeAudio(file, { rate: ANALYSIS_RATE, channels: 1, signal })]);
  const stream = info.audio[0]!; // decodeAudio has already refused files without audio
  const wave = audio.channels[0] ?? new Float32Array(0);
  return { rate: stream.sampleRate, channels: stream.channels, duration: wave.length / ANALYSIS_RATE, wave, via: 'ffmpeg' };
}
