import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrameWindows, decodeFrames } from '../../main/engine/media';
import { ffmpeg, frameIndexOf, makeIndexedVideo, tempDir } from '../helpers/media-fixtures';

// RGB frames for the video graphs and luma frames for the motion timing graph from ONE decode (media/packed.ts).
const tmp = tempDir('a2s-luma-');
const rich = path.join(tmp.dir, 'testsrc2 30fps.mp4');
const indexed = path.join(tmp.dir, 'indexed.mp4');
const FPS = 30;

beforeAll(() => {
  ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=${FPS}:duration=5`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', rich]);
  makeIndexedVideo(indexed, { fps: 25, frames: 100 });
});
afterAll(() => tmp.cleanup());

/** Every frame of the file, luma area-scaled, as the motion net's training and Python eval decode it (motion_real.py). */
function allLuma(file: string, w: number, h: number): Buffer {
  return execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-i', file, '-vf', `scale=${w}:${h}:flags=area`, '-pix_fmt', 'gray', '-f', 'rawvideo', '-'], { maxBuffer: 1 << 28 });
}

const eq = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

describe('luma frames from the RGB decode pass', () => {
  const windows = [{ start: 0.4, end: 2.448 }, { start: 1.9, end: 3.948 }, { start: 2.6, end: 4.648 }];
  const rgb = { count: 64, width: 48, height: 48 };

  it('RGB bytes are unchanged by the luma output; luma equals the plain gray decode at the same picked frames', async () => {
    const plain = await decodeFrameWindows(rich, windows, rgb);
    const both = await decodeFrameWindows(rich, windows, { ...rgb, luma: { count: 64, width: 128, height: 128 } });
    const ref = allLuma(rich, 128, 128);
    const plane = 128 * 128;
    for (const [k, w] of windows.entries()) {
      expect(eq(both[k]!.data, plain[k]!.data)).toBe(true);
      expect(both[k]!.timestamps).toEqual(plain[k]!.timestamps);
      const l = both[k]!.luma!;
      expect(l).toMatchObject({ count: 64, width: 128, height: 128 });
      expect(l.data.length).toBe(64 * plane);
      expect(l.timestamps).toEqual(both[k]!.timestamps); // same count and window: the same frames
      expect(l.sampleTimes[1]! - l.sampleTimes[0]!).toBeCloseTo((w.end - w.start) / 64, 9);
      for (let i = 0; i < 64; i++) {
        // 'left': the frame displayed at t_i, also when t_i is exactly a frame's pts after a seek (0.4 s = frame 12)
        const n = Math.floor(l.sampleTimes[i]! * FPS + 1e-6);
        expect(l.timestamps[i]).toBeCloseTo(n / FPS, 4);
        expect(eq(l.data.subarray(i * plane, (i + 1) * plane), ref.subarray(n * plane, (n + 1) * plane))).toBe(true);
      }
    }
  });

  it('luma narrower than the three RGB planes, and a different frame count, still unpack exactly', async () => {
    const o = { start: 1.0, end: 1.64, count: 16, width: 8, height: 8 };
    const plain = await decodeFrames(indexed, o);
    const both = await decodeFrames(indexed, { ...o, luma: { count: 8, width: 12, height: 10 } });
    expect(eq(both.data, plain.data)).toBe(true);
    for (let i = 0; i < 16; i++) expect(frameIndexOf(both.data.subarray(i * 8 * 8 * 3 + 27 * 3))).toBe(25 + i);
    const l = both.luma!;
    expect(l.count).toBe(8);
    expect(l.sampleTimes.map((t) => Number(t.toFixed(6)))).toEqual([1.0, 1.08, 1.16, 1.24, 1.32, 1.4, 1.48, 1.56]);
    const ref = allLuma(indexed, 12, 10);
    for (let k = 0; k < 8; k++) {
      const n = 25 + 2 * k;
      expect(eq(l.data.subarray(k * 120, (k + 1) * 120), ref.subarray(n * 120, (n + 1) * 120))).toBe(true);
    }
  });

  it('rejects a luma size out of range, naming the field', async () => {
    await expect(decodeFrames(indexed, { start: 0, end: 1, count: 4, width: 8, height: 8, luma: { count: 4, width: 0, height: 8 } })).rejects.toThrow(/width 0 must be an integer/);
  });
});
