import { promises as fs } from 'node:fs';
import { EngineError } from '../core/errors';
import { sha256Bytes, sha256File } from '../core/file-hash';
import { ANALYSIS_RATE, ambientLevelDb, embeddingWindows, frameRmsDb, peakLevelDb, speechSegments } from './analyse';
import { decodeWavBuffer, decodeWithFfmpeg } from './decode';
import type { ClipInputs } from './infer';
import { integratedLufs } from './lufs';
import { VAD_FRAME } from './vad';

/** Files above this are hashed as a stream and decoded by ffmpeg (never read whole into memory). */
const IN_MEMORY_MAX = 256 * 1024 * 1024;
/** Shortest audio worth keeping as a condition clip. */
const MIN_SECONDS = 0.1;
/** Speech is looked for in 3 segments of 16 Silero frames (~0.5 s each) around the loudest moments. */
export const SPEECH_SEGMENT = 16 * VAD_FRAME;

/** What import records about a file itself (the model outputs come later, from `infer`). */
export interface Measurements {
  sha256: string;
  rate: number;
  channels: number;
  duration: number;
  lufs: number | null;
  ambientDb: number;
  /** The loudest 50 ms (dBFS): events above the bed. */
  peakDb: number;
}

export type Measured = { ok: false; error: string } | ({ ok: true } & Measurements);

/** Everything about one file that needs no database: it runs in an import worker thread (or in-process). */
export type FileAnalysis = { ok: false; error: string } | ({ ok: true } & Measurements & ClipInputs);

/** At most `n` tasks at once (ffmpeg decodes: two processes on two cores). */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly n: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.n) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

/**
 * Content hash, one 16 kHz mono decode (in-process for plain WAV, ffmpeg otherwise), and every measurement cut from
 * it: loudness, ambient level, the VAD segments and the embedding windows. Failures come back as a message naming
 * the file (a bad file never throws out of here, except cancellation).
 */
export async function analyseFile(file: string, size: number, windowSamples: readonly number[], ffmpeg: Limiter, signal?: AbortSignal): Promise<FileAnalysis> {
  try {
    const buf = size <= IN_MEMORY_MAX ? await fs.readFile(file) : null;
    const sha256 = buf ? sha256Bytes(buf) : await sha256File(file); // a small file is read once for hash and decode
    const audio = (buf && decodeWavBuffer(buf)) || (await ffmpeg.run(() => decodeWithFfmpeg(file, signal)));
    const wave = audio.wave;
    if (wave.length < MIN_SECONDS * ANALYSIS_RATE) {
      return { ok: false, error: `${file}: ${(wave.length / ANALYSIS_RATE).toFixed(3)} s of audio, too short for a library clip (at least ${MIN_SECONDS} s)` };
    }
    const framesDb = frameRmsDb(wave);
    return {
      ok: true,
      sha256,
      rate: audio.rate,
      channels: audio.channels,
      duration: audio.duration,
      lufs: integratedLufs(wave, ANALYSIS_RATE),
      ambientDb: ambientLevelDb(framesDb),
      peakDb: peakLevelDb(framesDb),
      segments: speechSegments(wave, framesDb, SPEECH_SEGMENT),
      windows: [...new Set(windowSamples)].map((n) => [n, embeddingWindows(wave, n)]),
    };
  } catch (err) {
    if (err instanceof EngineError && err.code === 'cancelled') throw err;
    const msg = err instanceof Error ? err.message : String(err);
    return { ok: false, error: msg.includes(file) ? msg : `${file}: ${msg}` };
  }
}
