import { promises as fs } from 'node:fs';
import { parseWavHeader } from '../media';

const CHUNK_FRAMES = 1 << 15;
const yieldLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

export interface WavRange {
  rate: number;
  /** 1 or 2 planar channels, `frames` long (zero-padded past the file's end). */
  channels: Float32Array[];
  /** Frames the file has from `from` on. */
  available: number;
}

/**
 * Read frames [from, from + frames) of a PCM 16/24/32-bit or float32 WAV (frames omitted: to the end) without
 * reading the rest of the file, converting in chunks that yield to the event loop: a long original-sound WAV must
 * not stall the engine. Same numbers as ffmpeg's decode (n-bit PCM / 2^(n−1), float as is). Returns null for
 * anything else (other encodings, more than two channels, not a WAV), which the caller hands to ffmpeg.
 */
export async function readWavRange(file: string, from: number, frames?: number): Promise<WavRange | null> {
  const fh = await fs.open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const head = Buffer.alloc(Math.min(size, 1 << 20));
    await fh.read(head, 0, head.length, 0);
    let h;
    try {
      h = parseWavHeader(head, size);
    } catch {
      return null;
    }
    const bps = { pcm16: 2, pcm24: 3, pcm32: 4, float32: 4 }[h.format as string];
    if (!bps || h.channels < 1 || h.channels > 2) return null;
    const frameBytes = bps * h.channels;
    const total = Math.floor(h.dataBytes / frameBytes);
    const available = Math.max(0, total - from);
    const n = frames ?? available;
    const channels = Array.from({ length: h.channels }, () => new Float32Array(n));
    const toRead = Math.min(n, available);
    const buf = Buffer.alloc(Math.min(toRead, CHUNK_FRAMES) * frameBytes);
    for (let done = 0; done < toRead; done += CHUNK_FRAMES) {
      const count = Math.min(CHUNK_FRAMES, toRead - done);
      const { bytesRead } = await fh.read(buf, 0, count * frameBytes, h.dataOffset + (from + done) * frameBytes);
      const got = Math.floor(bytesRead / frameBytes);
      for (let i = 0; i < got; i++) {
        for (let c = 0; c < h.channels; c++) {
          const o = i * frameBytes + c * bps;
          let v: number;
          if (h.format === 'pcm16') v = buf.readInt16LE(o) / 32768;
          else if (h.format === 'pcm24') v = ((buf[o]! | (buf[o + 1]! << 8) | (buf[o + 2]! << 16)) << 8 >> 8) / 8388608;
          else if (h.format === 'pcm32') v = buf.readInt32LE(o) / 2147483648;
          else v = buf.readFloatLE(o);
          channels[c]![done + i] = v;
        }
      }
      await yieldLoop();
    }
    return { rate: h.rate, channels, available };
  } finally {
    await fh.close();
  }
}
