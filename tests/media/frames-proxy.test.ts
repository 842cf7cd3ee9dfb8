import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFrameWindows, framesSource, makeProxy, probe, proxyPathFor, type FramesSource } from '../../main/engine/media';
import { ffmpeg, frameIndexOf, makeClickAudio, makeIndexedVideo, tempDir, vfrFrameTime } from '../helpers/media-fixtures';

// The frames proxy (issue 20): sources above 720p are decoded for the models from a small proxy, with every frame at
// the original's time. Solid frames whose colour is their index (media-fixtures) say which frame a slot shows.
const FPS = 25;
const tmp = tempDir('a2s-frames-proxy-');
const cacheDir = path.join(tmp.dir, 'cache');
afterAll(() => tmp.cleanup());

const WINDOWS = [{ start: 0.1, end: 1.1 }, { start: 0.9, end: 1.9 }];
const SHAPE = { count: 20, width: 4, height: 4 };

/** Each window's frame indices and frame times, decoded from `src` and mapped to the original's media time. */
async function framesVia(src: FramesSource, windows = WINDOWS): Promise<{ index: number[]; times: number[] }[]> {
  const decoded = await decodeFrameWindows(src.path, windows, { ...SHAPE, offset: src.offset });
  return decoded.map((d) => ({ index: Array.from({ length: d.count }, (_, i) => frameIndexOf(d.data.subarray(i * 48))), times: d.timestamps }));
}

/** The original decoded as is, proxy-shaped. */
const originalOf = (file: string): Promise<FramesSource> => framesSource(file, { cacheDir, need: 48, use: 'original' });

/**
 * A 1920×1080 indexed video: made small (geq per pixel is slow at 1080p), then scaled up without blending, every
 * frame time kept. `codec` prores writes 10-bit 4:2:2 ProRes 422.
 */
function make1080(file: string, o: { frames: number; vfr?: boolean; codec?: 'prores' }): void {
  const small = `${file}.small.mp4`;
  makeIndexedVideo(small, { fps: FPS, frames: o.frames, width: 64, height: 36, vfr: o.vfr });
  const codec = o.codec === 'prores' ? ['-c:v', 'prores_ks', '-profile:v', '2', '-pix_fmt', 'yuv422p10le'] : ['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '10', '-pix_fmt', 'yuv420p'];
  ffmpeg(['-i', small, '-vf', 'scale=1920:1080:flags=neighbor', '-vsync', 'passthrough', '-enc_time_base:v', '-1', ...codec, file]);
  rmSync(small);
}

async function expectSameFrames(file: string): Promise<FramesSource> {
  const before = await framesSource(file, { cacheDir, need: 48 });
  expect(before).toMatchObject({ kind: 'original', path: file, reason: expect.stringMatching(/no frames proxy yet/) as string });
  const made = await makeProxy(file, { cacheDir, kind: 'frames', background: true });
  expect(made).toEqual({ path: proxyPathFor(file, cacheDir, 'frames'), cached: false });
  const src = await framesSource(file, { cacheDir, need: 48 });
  expect(src).toMatchObject({ kind: 'proxy', path: made.path, height: 360, width: 640 });
  const [orig, proxy] = await Promise.all([framesVia(await originalOf(file)), framesVia(src)]);
  for (let w = 0; w < WINDOWS.length; w++) {
    expect(proxy[w]!.index).toEqual(orig[w]!.index);
    // Frame-exact: the same frame times to well under a microsecond.
    proxy[w]!.times.forEach((t, i) => expect(t).toBeCloseTo(orig[w]!.times[i]!, 7));
  }
  return src;
}

describe('frames proxy for sources above 720p', () => {
  it('1080p H.264: the proxy is chosen once made and shows the same frame at the same time', async () => {
    const file = path.join(tmp.dir, 'shot.mp4');
    make1080(file, { frames: 50 });
    const src = await expectSameFrames(file);
    expect(src.offset).toBe(0);
    expect(src.reason).toMatch(/1920×1080 above 720p/);
    expect((await makeProxy(file, { cacheDir, kind: 'frames' })).cached).toBe(true);
    expect((await probe(src.path)).audio).toHaveLength(0); // picture only
  });

  it('1080p ProRes 422 (.mov, 10-bit 4:2:2)', async () => {
    const file = path.join(tmp.dir, 'graded.mov');
    make1080(file, { frames: 50, codec: 'prores' });
    expect((await probe(file)).video?.codec).toBe('prores');
    await expectSameFrames(file);
  });

  it('variable frame rate: the proxy keeps every irregular frame time', async () => {
    const file = path.join(tmp.dir, 'phone.mp4');
    make1080(file, { frames: 40, vfr: true });
    await expectSameFrames(file);
    const src = await framesSource(file, { cacheDir, need: 48 });
    const [w] = await framesVia(src, [{ start: 0.5, end: 1.5 }]);
    // frame 24 (second half: 2 frame periods each) sits at its own irregular time
    const at = w!.index.indexOf(24);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(w!.times[at]).toBeCloseTo(vfrFrameTime(24, FPS, 40), 6);
  });

  it('picture starting after the sound: the offset maps proxy times onto the original', async () => {
    const video = path.join(tmp.dir, 'picture.mp4');
    const sound = path.join(tmp.dir, 'sound.wav');
    const file = path.join(tmp.dir, 'late-picture.mp4');
    make1080(video, { frames: 50 });
    makeClickAudio(sound, { seconds: 2.5, clicksAt: [0.2] });
    ffmpeg(['-itsoffset', '0.4', '-i', video, '-i', sound, '-map', '0:v', '-map', '1:a', '-c:v', 'copy', '-c:a', 'aac', file]);
    expect((await probe(file)).video?.startTime).toBeCloseTo(0.4, 2);
    const src = await expectSameFrames(file);
    expect(src.offset).toBeCloseTo(0.4, 2);
    const [first] = await framesVia(src, [{ start: 0.45, end: 0.85 }]);
    expect(first!.index[0]).toBe(1); // 0.45 s shows frame 1 (at 0.44 s), not frame 11
  });

  it('the models see nearly the same picture: 48×48 area-scaled frames of a detailed 1080p clip', async () => {
    const file = path.join(tmp.dir, 'detail.mp4');
    ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=${FPS}:duration=1.2`, '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '12', '-pix_fmt', 'yuv420p', file]);
    await makeProxy(file, { cacheDir, kind: 'frames' });
    const src = await framesSource(file, { cacheDir, need: 48 });
    expect(src.kind).toBe('proxy');
    const opts = { start: 0, end: 1, count: 25, width: 48, height: 48 };
    const [a, b] = await Promise.all([decodeFrameWindows(file, [opts], opts), decodeFrameWindows(src.path, [opts], { ...opts, offset: src.offset })]);
    let diff = 0;
    let spread = 0;
    const mean = a[0]!.data.reduce((m, x) => m + x, 0) / a[0]!.data.length;
    a[0]!.data.forEach((x, i) => {
      diff += Math.abs(x - b[0]!.data[i]!);
      spread += Math.abs(x - mean);
    });
    // Mean absolute error under 5 % of the picture's own mean deviation (scale-relative, not a fixed level).
    expect(diff / spread).toBeLessThan(0.05);
  });

  it('720p and below: the original, and no proxy is wanted', async () => {
    const small = path.join(tmp.dir, 'small.mp4');
    const file = path.join(tmp.dir, 'hd-ready.mp4');
    makeIndexedVideo(small, { fps: FPS, frames: 10, width: 128, height: 72 });
    ffmpeg(['-i', small, '-vf', 'scale=1280:720:flags=neighbor', '-c:v', 'libx264', '-preset', 'ultrafast', file]);
    const src = await framesSource(file, { cacheDir, need: 48 });
    expect(src).toMatchObject({ kind: 'original', path: file, reason: expect.stringMatching(/1280×720: 720p or below/) as string });
    expect(existsSync(proxyPathFor(file, cacheDir, 'frames'))).toBe(false);
  });

  it('the original when asked for, or when the models need more pixels than the proxy has', async () => {
    const file = path.join(tmp.dir, 'shot.mp4');
    expect(await framesSource(file, { cacheDir, need: 48, use: 'original' })).toMatchObject({ kind: 'original', reason: expect.stringMatching(/original asked for/) as string });
    expect(await framesSource(file, { cacheDir, need: 224 })).toMatchObject({ kind: 'original', reason: expect.stringMatching(/need 224 px/) as string });
  });
});
