import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loudness, peaks, PEAK_BASE, thumbnails } from '../../main/engine/media';
import { frameIndexOf, makeClickAudio, makeIndexedVideo, tempDir } from '../helpers/media-fixtures';

const tmp = tempDir();
const cacheDir = path.join(tmp.dir, 'cache');
const clicks = path.join(tmp.dir, 'clicks.flac');
const video = path.join(tmp.dir, 'film strip.mp4');
beforeAll(() => {
  makeClickAudio(clicks, { seconds: 2, rate: 48_000, channels: 2, clicksAt: [0.5, 1.25] });
  makeIndexedVideo(video, { fps: 25, frames: 50, width: 96, height: 64 });
});
afterAll(() => tmp.cleanup());

const sine = (n: number, rate: number, amp: number): Float32Array => Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * 997 * i) / rate));

describe('loudness (EBU R128 via ffmpeg ebur128)', () => {
  it('measures a 997 Hz sine at the BS.1770 calibration level, and true peak', async () => {
    // BS.1770: a full-scale 997 Hz sine in one channel reads -3.01 LKFS, so amplitude 0.1 reads -23.01.
    const mono = await loudness({ rate: 48_000, channels: [sine(48_000 * 5, 48_000, 0.1)] });
    expect(mono.integratedLufs).toBeCloseTo(-23.0, 0);
    expect(Math.abs(mono.integratedLufs + 23.01)).toBeLessThan(0.15);
    expect(Math.abs(mono.truePeakDb + 20)).toBeLessThan(0.2);
    expect(Math.abs(mono.shortTermMaxLufs + 23.01)).toBeLessThan(0.3);
    // The same signal in both channels is twice the power: +3 dB.
    const s = sine(48_000 * 5, 48_000, 0.1);
    const stereo = await loudness({ rate: 48_000, channels: [s, s] });
    expect(stereo.integratedLufs - mono.integratedLufs).toBeCloseTo(3.0, 0);
  });
});

describe('waveform peaks', () => {
  it('finds clicks in the right buckets, caches by content, merges coarser levels', async () => {
    const p = await peaks(clicks, { samplesPerBucket: 480, cacheDir });
    expect(p).toMatchObject({ rate: 48_000, frames: 96_000, samplesPerBucket: 480, exact: true, cached: false });
    expect(p.max.length).toBe(200);
    const hot = [...p.max.keys()].filter((j) => p.max[j]! > 0.5);
    expect(hot).toEqual([Math.floor(24_000 / 480), Math.floor(60_000 / 480)]);
    expect(Math.max(...p.min)).toBeLessThanOrEqual(0);
    const again = await peaks(clicks, { samplesPerBucket: PEAK_BASE * 1000, cacheDir });
    expect(again.cached).toBe(true);
    expect(again.max.length).toBe(3);
    expect([...again.max].map((x) => x > 0.5)).toEqual([true, true, false]);
    await expect(peaks(clicks, { samplesPerBucket: 3, cacheDir })).rejects.toMatchObject({ code: 'bad-input', field: 'samplesPerBucket' });
  });
});

describe('filmstrip thumbnails', () => {
  it('writes count JPEGs at slot centres, display aspect, cached', async () => {
    const t = await thumbnails(video, { count: 5, height: 32, cacheDir });
    expect(t).toMatchObject({ width: 48, height: 32, cached: false });
    expect(t.items.map((i) => i.time)).toEqual([0.2, 0.6, 1.0, 1.4, 1.8].map((x) => expect.closeTo(x, 6)));
    for (const item of t.items) {
      expect(existsSync(item.path)).toBe(true);
      const rgb = execFileSync('ffmpeg', ['-v', 'error', '-i', item.path, '-vf', 'scale=1:1:flags=area', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
      expect(frameIndexOf(rgb)).toBe(Math.round(item.time * 25));
    }
    expect((await thumbnails(video, { count: 5, height: 32, cacheDir })).cached).toBe(true);
  });
});
