import { describe, expect, it } from 'vitest';
import { fadeGain, mixItemInto, prepareItem } from '../../main/engine/export';
import { audibleTracks, planLoudness, timecodeSeconds, timeReferenceSamples } from '../../main/engine/export';
import { muxContainer } from '../../main/engine/export/mux';
import { maxAbsDiff, refRender } from './reference';
import { noise } from './fixture';

describe('mix maths (pure)', () => {
  it('loop crossfades are equal-power: a constant source keeps constant power through the joins', () => {
    const rate = 1000;
    const src = new Float32Array(100).fill(1);
    const item = prepareItem({ start: 0, duration: 1, gainDb: 0, fadeIn: 0, fadeOut: 0, loop: true, loopCrossfade: 0.02 }, rate, 0, [src, src]);
    const out: [Float32Array, Float32Array] = [new Float32Array(1000), new Float32Array(1000)];
    mixItemInto(out, 0, item, rate);
    // at a join u/X = 0.5: sin(π/4) + cos(π/4) = √2 (amplitude sum of coherent signal), power sum = 1
    expect(out[0][80 + 10]).toBeCloseTo(Math.SQRT2, 5);
    expect(out[0][50]).toBe(1);
  });

  it('matches the naive reference block by block (odd block sizes, offsets, gains, fades)', () => {
    const rate = 8000;
    const a = noise(0.25, 0.3, 3);
    const b = noise(0.25, 0.3, 5);
    const spec = { start: 0.013, duration: 0.9, gainDb: -4.5, fadeIn: 0.1, fadeOut: 0.3, loop: true, loopCrossfade: 0.04 };
    const item = prepareItem(spec, rate, 1.5, [a, b]);
    const frames = 8000;
    const out: [Float32Array, Float32Array] = [new Float32Array(frames), new Float32Array(frames)];
    for (let s = 0; s < frames; s += 777) {
      const n = Math.min(777, frames - s);
      const blk: [Float32Array, Float32Array] = [new Float32Array(n), new Float32Array(n)];
      mixItemInto(blk, s, item, rate);
      out[0].set(blk[0], s);
      out[1].set(blk[1], s);
    }
    const ref = refRender(frames, rate, [{ ...spec, offset: 0, trackGainDb: 1.5, src: [a, b], loop: { crossfade: 0.04 } }]);
    expect(maxAbsDiff(out[0], ref[0])).toBeLessThan(1e-6);
    expect(maxAbsDiff(out[1], ref[1])).toBeLessThan(1e-6);
  });

  it('linear fades reach 0 at the item edges and 1 inside', () => {
    expect(fadeGain(0, 1000, 1000, 0.1, 0.1)).toBe(0);
    expect(fadeGain(50, 1000, 1000, 0.1, 0.1)).toBeCloseTo(0.5);
    expect(fadeGain(500, 1000, 1000, 0.1, 0.1)).toBe(1);
    expect(fadeGain(950, 1000, 1000, 0.1, 0.1)).toBeCloseTo(0.5);
  });

  it('converts SMPTE timecode to samples since midnight (NDF, 23.976, 29.97 DF)', () => {
    expect(timeReferenceSamples('01:00:00:00', { num: 25, den: 1 }, 0, 48000)).toBe(172_800_000);
    expect(timeReferenceSamples('01:00:00:12', { num: 25, den: 1 }, 0.5, 48000)).toBe(172_800_000 + 23040 + 24000);
    expect(timecodeSeconds('00:00:01:00', { num: 24000, den: 1001 })).toBeCloseTo(1.001, 9);
    // 00:10:00;00 at 29.97 DF is 17982 frames = 599.9994 s (drop-frame keeps wall-clock time)
    expect(timecodeSeconds('00:10:00;00', { num: 30000, den: 1001 })).toBeCloseTo((17982 * 1001) / 30000, 9);
    expect(() => timecodeSeconds('1:00', { num: 25, den: 1 })).toThrow(/HH:MM:SS:FF/);
  });

  it('mute/solo follows the editor: any solo → exactly the soloed tracks (solo wins over mute)', () => {
    const t = (id: string, mute: boolean, solo: boolean) => ({ id, kind: 'action' as const, name: id, gainDb: 0, mute, solo });
    expect([...audibleTracks([t('a', false, false), t('b', true, false)])]).toEqual(['a']);
    expect([...audibleTracks([t('a', false, false), t('b', true, true), t('c', false, true)])]).toEqual(['b', 'c']);
  });

  it('plans one loudness gain: to the target, unless the true-peak ceiling says less; silence gets none', () => {
    expect(planLoudness({ integratedLufs: -30, truePeakDb: -12, loudnessRange: 3 }, -23)).toMatchObject({ gainDb: 7, limitedByPeak: false });
    expect(planLoudness({ integratedLufs: -30, truePeakDb: -4, loudnessRange: 3 }, -23, -1)).toMatchObject({ gainDb: 3, limitedByPeak: true });
    expect(planLoudness({ integratedLufs: -Infinity, truePeakDb: -Infinity, loudnessRange: 0 }, -23)).toMatchObject({ gainDb: 0, limitedByPeak: false });
  });

  it('muxes into a container that can carry the audio codec', () => {
    expect(muxContainer('/a/b.mp4', 'aac')).toEqual({ ext: '.mp4', format: 'mp4' });
    expect(muxContainer('/a/b.mp4', 'pcm')).toEqual({ ext: '.mov', format: 'mov' });
    expect(muxContainer('/a/b.MOV', 'aac')).toEqual({ ext: '.mov', format: 'mov' });
    expect(muxContainer('/a/b.webm', 'aac')).toEqual({ ext: '.mkv', format: 'matroska' });
  });
});
