import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudio, decodeFrames, decodeFrameWindows, framesToTensor, probe } from '../../main/engine/media';
import { frameIndexOf, makeClickAudio, makeIndexedVideo, tempDir, vfrFrameTime } from '../helpers/media-fixtures';

const tmp = tempDir();
const cfr = path.join(tmp.dir, 'indexed 25fps.mp4');
const vfr = path.join(tmp.dir, 'vfr.mkv');
const offset = path.join(tmp.dir, 'late audio.mkv');
const clicks = path.join(tmp.dir, 'clicks.wav');
const CLICKS = [0.25, 0.7731, 1.5004];

beforeAll(() => {
  makeIndexedVideo(cfr, { fps: 25, frames: 100, clicksAt: [1.0, 2.5] });
  makeIndexedVideo(vfr, { fps: 25, frames: 60, vfr: true });
  makeIndexedVideo(offset, { fps: 25, frames: 75, clicksAt: [1.5], audioOffset: 0.5, audioCodec: 'pcm_s16le' });
  makeClickAudio(clicks, { seconds: 2, rate: 44_100, channels: 2, clicksAt: CLICKS });
});
afterAll(() => tmp.cleanup());

/** Index of the strongest sample: where the click landed. */
function peakIndex(x: Float32Array): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (Math.abs(x[i]!) > Math.abs(x[best]!)) best = i;
  return best;
}

describe('probe', () => {
  it('reports container, fps as a rational, size, streams and duration', async () => {
    const info = await probe(cfr);
    expect(info.container).toContain('mp4');
    expect(info.video).toMatchObject({ codec: 'h264', fps: { num: 25, den: 1 }, width: 64, height: 64, rotation: 0, vfr: false, playableInChromium: true, frameCount: 100 });
    expect(info.duration).toBeCloseTo(4, 1);
    expect(info.audio).toHaveLength(1);
    expect(info.audio[0]!.sampleRate).toBe(48_000);
  });

  it('flags a variable-frame-rate file and the late start of an audio stream', async () => {
    expect((await probe(vfr)).video!.vfr).toBe(true);
    const late = await probe(offset);
    expect(late.audio[0]!.startTime).toBeCloseTo(0.5, 2);
    expect(late.video!.startTime).toBeCloseTo(0, 3);
  });
});

describe('decodeFrames', () => {
  it('returns the picture shown at each sample time (left sampling), with its exact pts', async () => {
    // 16 frames over [1.0, 1.64) at 25 fps: every frame of the window; then 64 over 2.048 s (31.25 fps > 25 fps).
    const a = await decodeFrames(cfr, { start: 1.0, end: 1.64, count: 16, width: 8, height: 8 });
    expect(a.data.length).toBe(16 * 8 * 8 * 3);
    const idx = (r: typeof a, i: number): number => frameIndexOf(r.data.subarray(i * 8 * 8 * 3 + 27 * 3));
    for (let i = 0; i < 16; i++) expect(idx(a, i)).toBe(25 + i);
    const b = await decodeFrames(cfr, { start: 0.3, end: 2.348, count: 64, width: 8, height: 8 });
    for (let i = 0; i < 64; i++) {
      const t = 0.3 + (i * 2.048) / 64;
      const expected = Math.floor(t * 25 + 1e-6);
      expect(idx(b, i)).toBe(expected);
      expect(Math.abs(b.timestamps[i]! - expected / 25)).toBeLessThan(1e-4);
      // The bar: the picture's time is within a frame before t (never after), so centre error < half a frame.
      expect(t - b.timestamps[i]!).toBeGreaterThanOrEqual(-1e-6);
    }
  });

  it('supports centre sampling and clamps to the last frame at the end', async () => {
    const c = await decodeFrames(cfr, { start: 3.8, end: 4.0, count: 4, width: 4, height: 4, sampling: 'center', resize: 'bilinear' });
    const got = [0, 1, 2, 3].map((i) => frameIndexOf(c.data.subarray(i * 48)));
    expect(got).toEqual([95, 96, 98, 99]); // t = 3.825, 3.875, 3.925, 3.975
  });

  it('decodeFrameWindows: overlapping and distant windows in few passes, identical to one call per window', async () => {
    const windows = [{ start: 0.5, end: 1.3 }, { start: 0.1, end: 0.9 }, { start: 3.0, end: 3.8 }, { start: 0.9, end: 1.7 }];
    const opts = { count: 20, width: 4, height: 4 };
    const joint = await decodeFrameWindows(cfr, windows, opts);
    expect(joint).toHaveLength(4);
    for (const [k, w] of windows.entries()) {
      const single = await decodeFrames(cfr, { ...w, ...opts });
      expect(joint[k]!.timestamps).toEqual(single.timestamps.map((t) => expect.closeTo(t, 9)));
      expect(Buffer.from(joint[k]!.data).equals(Buffer.from(single.data))).toBe(true);
    }
  });

  it('framesToTensor: [T,H,W,3] uint8 → [T,3,H,W] float, normalised', () => {
    const data = Uint8Array.from({ length: 2 * 2 * 3 * 3 }, (_, i) => i * 7);
    const f = { data, count: 2, width: 3, height: 2, timestamps: [0, 1], sampleTimes: [0, 1] };
    const t = framesToTensor(f, { mean: [0.5, 0.25, 0], std: [0.5, 0.25, 1] });
    expect(t.length).toBe(36);
    // frame 1, channel 2 (blue), pixel (y=1, x=2) = source index ((1*2+1)*3+2)*3+2
    const src = data[((1 * 2 + 1) * 3 + 2) * 3 + 2]!;
    expect(t[1 * 18 + 2 * 6 + 1 * 3 + 2]).toBeCloseTo(src / 255, 6);
    expect(t[0]).toBeCloseTo((data[0]! / 255 - 0.5) / 0.5, 6);
  });

  it('handles variable frame rate: the frame shown is chosen by pts, not by counting', async () => {
    const r = await decodeFrames(vfr, { start: 1.0, end: 2.0, count: 10, width: 4, height: 4 });
    for (let i = 0; i < 10; i++) {
      const t = 1.0 + i * 0.1;
      let n = 0;
      while (n + 1 < 60 && vfrFrameTime(n + 1, 25, 60) <= t + 1e-6) n++;
      expect(frameIndexOf(r.data.subarray(i * 48))).toBe(n);
      expect(r.timestamps[i]).toBeCloseTo(vfrFrameTime(n, 25, 60), 3);
    }
  });
});

describe('decodeAudio', () => {
  it('finds clicks within 1 ms at 16 kHz (resampled from 44.1 kHz stereo, mixed to mono)', async () => {
    const a = await decodeAudio(clicks, { rate: 16_000 });
    expect(a.channels).toHaveLength(1);
    expect(a.channels[0]!.length).toBe(32_000);
    for (const t of CLICKS) {
      const from = Math.round((t - 0.05) * 16_000);
      const at = (from + peakIndex(a.channels[0]!.subarray(from, from + 1600))) / 16_000;
      expect(Math.abs(at - t)).toBeLessThan(0.001);
    }
  });

  it('cuts an exact window and keeps times relative to the media start', async () => {
    const w = await decodeAudio(clicks, { start: 0.7, end: 0.9, rate: 16_000, channels: 2 });
    expect(w.channels).toHaveLength(2);
    expect(w.channels[1]!.length).toBe(3200);
    expect(Math.abs(0.7 + peakIndex(w.channels[1]!) / 16_000 - 0.7731)).toBeLessThan(0.001);
  });

  it('places audio of a late-starting stream at its media time, and reads the track of a video', async () => {
    const a = await decodeAudio(offset, { rate: 16_000 });
    expect(Math.abs(peakIndex(a.channels[0]!) / 16_000 - 1.5)).toBeLessThan(0.001);
    expect(Math.max(...a.channels[0]!.subarray(0, 7000).map(Math.abs))).toBeLessThan(0.01); // silence before 0.5 s
    const v = await decodeAudio(cfr, { start: 2, end: 3, rate: 16_000 });
    expect(Math.abs(2 + peakIndex(v.channels[0]!) / 16_000 - 2.5)).toBeLessThan(0.0015); // AAC: priming handled
  });
});

describe('decodeAudio: any input format', () => {
  it.each([
    ['flac', 'c.flac', undefined],
    ['mp3', 'c.mp3', 'libmp3lame'],
    ['ogg vorbis', 'c.ogg', 'libvorbis'],
    ['opus', 'c.opus', 'libopus'],
    ['aac m4a', 'c.m4a', 'aac'],
  ] as const)('%s: click at 0.6 s found within 1 ms at 16 kHz', async (_name, name, codec) => {
    const f = path.join(tmp.dir, name);
    makeClickAudio(f, { seconds: 1.2, rate: 48_000, clicksAt: [0.6], codec });
    const a = await decodeAudio(f, { rate: 16_000, start: 0, end: 1.2 });
    expect(a.channels[0]!.length).toBe(19_200);
    expect(Math.abs(peakIndex(a.channels[0]!) / 16_000 - 0.6)).toBeLessThan(0.001);
  });
});
