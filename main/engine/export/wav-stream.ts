import { promises as fs } from 'node:fs';
import { wavHeader, type BextInfo } from '../media';
import { writeFailure } from '../project';

export type StemFormat = 'pcm24' | 'float32';

/**
 * A WAV written block by block: the length is known before rendering (all stems are the range's length), so the
 * header (with `bext`, RF64 past 4 GiB — media's wavHeader) is final from the start. Written to `tmp` (the
 * export's Outbox renames it into place with the other files); `file` is the final name, for error messages.
 */
export class StreamingWav {
  private written = 0;
  private constructor(
    readonly file: string,
    private readonly tmp: string,
    private readonly handle: fs.FileHandle,
    private readonly format: StemFormat,
    private readonly frames: number,
    private readonly dataBytes: number,
  ) {}

  static async create(tmp: string, file: string, o: { rate: number; frames: number; format: StemFormat; bext?: BextInfo }): Promise<StreamingWav> {
    const layout = wavHeader({ rate: o.rate, channels: 2, format: o.format, frames: o.frames, bext: o.bext });
    const handle = await fs.open(tmp, 'w').catch((err: unknown) => {
      throw writeFailure(file, err);
    });
    const wav = new StreamingWav(file, tmp, handle, o.format, o.frames, layout.dataBytes);
    await wav.put(layout.header);
    return wav;
  }

  /** Disk full / read-only / no permission → a typed error naming the file (temp removed by discard). */
  private async put(bytes: Uint8Array): Promise<void> {
    try {
      await this.handle.write(bytes);
    } catch (err) {
      await this.discard();
      throw writeFailure(this.file, err);
    }
  }

  /** Append a stereo block (planar float, ±1.0 full scale). Encoded by hand: Buffer.writeIntLE per sample is ~10× slower. */
  async write(block: [Float32Array, Float32Array], gain = 1): Promise<void> {
    const n = Math.min(block[0].length, this.frames - this.written);
    const [l, r] = block;
    let out: Uint8Array;
    if (this.format === 'float32') {
      const f = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        f[2 * i] = l[i]! * gain;
        f[2 * i + 1] = r[i]! * gain;
      }
      out = new Uint8Array(f.buffer); // WAV is little-endian, like every platform Node runs on
    } else {
      out = new Uint8Array(n * 6);
      let o = 0;
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < 2; c++) {
          const x = (c === 0 ? l[i]! : r[i]!) * gain;
          // media's rule: full scale 2^23, +1.0 clips to the largest code, NaN → 0
          const v = x === x ? Math.max(-8388608, Math.min(8388607, Math.round(x * 8388608))) : 0;
          out[o] = v & 0xff;
          out[o + 1] = (v >> 8) & 0xff;
          out[o + 2] = (v >> 16) & 0xff;
          o += 3;
        }
      }
    }
    await this.put(out);
    this.written += n;
  }

  /** Pad and close; the file stays under its temp name until the Outbox commits it. */
  async finish(): Promise<void> {
    if (this.written !== this.frames) throw new Error(`${this.file}: wrote ${this.written} of ${this.frames} frames`);
    if (this.dataBytes % 2) await this.put(new Uint8Array(1));
    await this.handle.close();
  }

  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await fs.rm(this.tmp, { force: true });
  }
}
