import { promises as fs } from 'node:fs';
import { EngineError } from '../core/errors';
import type { BextInfo } from './bext';
import { atomicWrite } from './atomic';
import type { AudioBuffer } from './types';
import { bytesPerSample, parseWavHeader, wavHeader, type WavFormat, type WavReadFormat } from './wav-format';

export type { BextInfo } from './bext';
export type { WavFormat, WavReadFormat } from './wav-format';

export interface WriteWavOptions {
  /** Default 'pcm24'. */
  format?: WavFormat;
  bext?: BextInfo;
}

const BLOCK_FRAMES = 1 << 16;

function encodeBlock(ch: Float32Array[], from: number, to: number, format: WavFormat): Buffer {
  const nch = ch.length;
  const bps = bytesPerSample(format);
  const out = Buffer.alloc((to - from) * nch * bps);
  let o = 0;
  for (let i = from; i < to; i++) {
    for (let c = 0; c < nch; c++) {
      const x = ch[c]![i]!;
      if (format === 'float32') out.writeFloatLE(x, o);
      else {
        // Full scale is 2^(n-1), as ffmpeg and most DAWs read it; +1.0 clips to the largest code.
        const full = format === 'pcm16' ? 32768 : 8388608;
        const v = Math.max(-full, Math.min(full - 1, Math.round((Number.isFinite(x) ? x : 0) * full)));
        if (format === 'pcm16') out.writeInt16LE(v, o);
        else out.writeIntLE(v, o, 3);
      }
      o += bps;
    }
  }
  return out;
}

/** Writes a WAV (RIFF, or RF64 past 4 GiB) with an optional Broadcast WAV `bext` chunk; atomic (temp + rename). */
export async function writeWav(file: string, audio: AudioBuffer, opts: WriteWavOptions = {}): Promise<void> {
  const format = opts.format ?? 'pcm24';
  const nch = audio.channels.length;
  if (nch < 1 || nch > 2) throw new EngineError('bad-input', `${file}: can write 1 or 2 channels, got ${nch}`, { file });
  const frames = audio.channels[0]!.length;
  if (audio.channels.some((c) => c.length !== frames)) throw new EngineError('bad-input', `${file}: channels have different lengths`, { file });
  if (!Number.isInteger(audio.rate) || audio.rate < 1 || audio.rate > 768_000) throw new EngineError('bad-input', `${file}: sample rate ${audio.rate} is invalid`, { file });
  const layout = wavHeader({ rate: audio.rate, channels: nch, format, frames, bext: opts.bext });
  await atomicWrite(file, async (tmp) => {
    const fh = await fs.open(tmp, 'w');
    try {
      await fh.write(layout.header);
      for (let i = 0; i < frames; i += BLOCK_FRAMES) await fh.write(encodeBlock(audio.channels, i, Math.min(frames, i + BLOCK_FRAMES), format));
      if (layout.dataBytes % 2) await fh.write(Buffer.alloc(1));
      await fh.sync();
    } finally {
      await fh.close();
    }
  }).catch((err: NodeJS.ErrnoException) => {
    throw new EngineError('bad-input', `${file}: cannot write the WAV (${err.code ?? err.message}) — check the folder exists, is writable and has free space`, { file });
  });
}

export interface WavData extends AudioBuffer {
  format: WavReadFormat;
  kind: 'RIFF' | 'RF64';
  bext?: BextInfo;
}

/** Reads a RIFF/RF64 WAV (PCM 8/16/24/32, float 32/64, WAVE_FORMAT_EXTENSIBLE) into Float32 channels. */
export async function readWav(file: string): Promise<WavData> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch {
    throw new EngineError('not-found', `${file}: file not found — choose the WAV again`, { file });
  }
  let h;
  try {
    h = parseWavHeader(buf, buf.length);
  } catch (err) {
    throw new EngineError('bad-input', `${file}: ${(err as Error).message} — re-export it as WAV, or open it with decodeAudio`, { file });
  }
  const bps = bytesPerSample(h.format);
  const frames = Math.floor(h.dataBytes / (bps * h.channels));
  const channels = Array.from({ length: h.channels }, () => new Float32Array(frames));
  let o = h.dataOffset;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < h.channels; c++) {
      let v: number;
      switch (h.format) {
        case 'pcm8': v = (buf[o]! - 128) / 128; break;
        case 'pcm16': v = buf.readInt16LE(o) / 32768; break;
        case 'pcm24': v = buf.readIntLE(o, 3) / 8388608; break;
        case 'pcm32': v = buf.readInt32LE(o) / 2147483648; break;
        case 'float32': v = buf.readFloatLE(o); break;
        case 'float64': v = buf.readDoubleLE(o); break;
      }
      channels[c]![i] = v;
      o += bps;
    }
  }
  return { rate: h.rate, channels, format: h.format, kind: h.kind, bext: h.bext };
}
