import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFrames, probe, thumbnails } from '../../main/engine/media';
import { ffmpeg, tempDir } from '../helpers/media-fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const src = ['-f', 'lavfi', '-i', 'testsrc=s=64x32:r=25:d=0.4'];

/** Writes a 90° clockwise display matrix into the first tkhd box (ffmpeg 5.1 cannot set rotation when muxing). */
function rotateMp4(file: string): void {
  const d = readFileSync(file);
  const i = d.indexOf('tkhd');
  const matrix = i + 8 + (d[i + 4] === 0 ? 20 : 32) + 16;
  [0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000].forEach((v, k) => d.writeInt32BE(v, matrix + 4 * k));
  writeFileSync(file, d);
}

describe('what Chromium can play (decides whether a proxy is made)', () => {
  it.each([
    ['h264 8-bit 4:2:0 mp4', 'a.mp4', ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'], true],
    ['vp9 webm', 'b.webm', ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-pix_fmt', 'yuv420p'], true],
    ['h264 10-bit', 'c.mp4', ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p10le'], false],
    ['h264 interlaced', 'd.mp4', ['-c:v', 'libx264', '-preset', 'ultrafast', '-flags', '+ildct+ilme', '-x264opts', 'tff=1', '-pix_fmt', 'yuv420p'], false],
    ['hevc', 'e.mp4', ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=none'], false],
    ['dnxhr', 'f.mov', ['-vf', 'scale=256:144', '-c:v', 'dnxhd', '-profile:v', 'dnxhr_lb', '-pix_fmt', 'yuv422p'], false],
  ] as const)('%s', async (_name, file, args, playable) => {
    const f = path.join(tmp.dir, file);
    ffmpeg([...src, ...args, f]);
    expect((await probe(f)).video!.playableInChromium).toBe(playable);
  });

  it('reports display rotation; thumbnails take the rotated aspect; frames come out upright', async () => {
    const f = path.join(tmp.dir, 'phone.mp4');
    ffmpeg([...src, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', f]);
    rotateMp4(f);
    const info = await probe(f);
    expect(info.video).toMatchObject({ rotation: 90, width: 64, height: 32 });
    const t = await thumbnails(f, { count: 1, height: 32, cacheDir: path.join(tmp.dir, 'cache') });
    expect(t.width).toBe(16);
    // Upright: testsrc's left-to-right colour bars become top-to-bottom, so columns are uniform, rows differ.
    const r = await decodeFrames(f, { start: 0, end: 0.04, count: 1, width: 32, height: 64 });
    const px = (x: number, y: number): number => r.data[(y * 32 + x) * 3]!;
    expect(Math.abs(px(2, 10) - px(29, 10))).toBeLessThan(Math.abs(px(16, 2) - px(16, 60)) + 1);
  });
});
