import { EngineError } from '../core/errors';
import { checkInputFile, explainFailure } from './errors';
import { probe } from './probe';
import { runTool } from './proc';
import { ffInput, findTools } from './tools';
import type { AudioBuffer } from './types';
import { checkWindow, sec } from './window';

export interface DecodeAudioOptions {
  /** Seconds from media time 0 (the container start). Default 0. */
  start?: number;
  /** Exclusive end; when given, exactly round((end-start)*rate) samples come back (zero-padded past the media end). */
  end?: number;
  rate: number;
  /** 1 (default): average of the channels; 2: stereo (mono sources duplicated, surround down-mixed by ffmpeg). */
  channels?: 1 | 2;
  /** Which audio stream (default the first). */
  stream?: number;
  signal?: AbortSignal;
}

let soxrAvailable: boolean | null = null;
async function hasSoxr(ffmpeg: string): Promise<boolean> {
  if (soxrAvailable === null) {
    const res = await runTool(ffmpeg, ['-hide_banner', '-h', 'filter=aresample'], { file: ffmpeg });
    soxrAvailable = /soxr/.test(res.stdout.toString('utf8') + res.stderr);
  }
  return soxrAvailable;
}

/** Float32 PCM through a pipe (`-f f32le`), any input ffmpeg reads; stream start offsets become leading silence. */
export async function decodeAudio(file: string, opts: DecodeAudioOptions): Promise<AudioBuffer> {
  checkInputFile(file);
  const rate = opts.rate;
  if (!Number.isInteger(rate) || rate < 1000 || rate > 384_000) throw new EngineError('bad-input', `${file}: sample rate ${rate} must be an integer in 1000..384000`, { file }, 'rate');
  const info = await probe(file, { signal: opts.signal });
  const streamIndex = opts.stream ?? 0;
  const stream = info.audio[streamIndex];
  if (!stream) {
    throw new EngineError('bad-input', info.audio.length === 0 ? `${file}: has no audio stream — it is silent; choose a file with sound or use the video alone` : `${file}: has no audio stream #${streamIndex}`, { file });
  }
  const start = opts.start ?? 0;
  checkWindow(file, start, opts.end, info.duration);
  const { ffmpeg } = findTools();
  // first_pts=0 pads the gap before a late-starting stream with silence, so sample 0 is media time `start`.
  const resampler = (await hasSoxr(ffmpeg)) ? ':resampler=soxr' : '';
  const nativeCh = stream.channels > 0 ? stream.channels : 2;
  const decodeCh = nativeCh > 2 ? 2 : nativeCh;
  const args = ['-hide_banner', '-nostdin', '-v', 'error'];
  if (start > 0) args.push('-ss', sec(start));
  args.push('-i', ffInput(file), '-map', `0:a:${streamIndex}`, '-vn', '-sn', '-dn');
  if (opts.end !== undefined) args.push('-t', sec(opts.end - start + 0.05));
  args.push('-af', `aresample=${rate}${resampler}:first_pts=0`, '-ac', String(decodeCh), '-f', 'f32le', '-acodec', 'pcm_f32le', 'pipe:1');
  const res = await runTool(ffmpeg, args, { file, signal: opts.signal });
  if (res.code !== 0) throw explainFailure(file, res.stderr, 'decoding its audio');
  const frames = Math.floor(res.stdout.length / 4 / decodeCh);
  const want = opts.end !== undefined ? Math.round((opts.end - start) * rate) : frames;
  // Copy into an aligned buffer: Node's pooled Buffers may start at an odd offset.
  const interleaved = new Float32Array(frames * decodeCh);
  new Uint8Array(interleaved.buffer).set(res.stdout.subarray(0, frames * decodeCh * 4));
  const outCh = opts.channels ?? 1;
  const channels = Array.from({ length: outCh }, () => new Float32Array(want));
  const n = Math.min(want, frames);
  for (let i = 0; i < n; i++) {
    if (outCh === 1) {
      let acc = 0;
      for (let c = 0; c < decodeCh; c++) acc += interleaved[i * decodeCh + c]!;
      channels[0]![i] = acc / decodeCh;
    } else {
      channels[0]![i] = interleaved[i * decodeCh]!;
      channels[1]![i] = interleaved[i * decodeCh + (decodeCh > 1 ? 1 : 0)]!;
    }
  }
  return { rate, channels };
}
