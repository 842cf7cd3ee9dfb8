import { describe, expect, it } from 'vitest';
import { resample, resampleClip } from '../../main/engine/inference/resample';
import { Pcg32, seededLatents } from '../../main/engine/inference/rng';
import { joinWindows, planWindows, renderEnvelope } from '../../main/engine/inference/windows';
import { envelopeToOnsets } from '../../main/engine/inference/timing';
import { loopTo } from '../../main/engine/inference/condition';

const sine = (n: number, f: number, rate: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * f * i) / rate));
const rms = (x: Float32Array, from = 0, to = x.length): number => {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / (to - from));
};

describe('resampler (windowed sinc, polyphase)', () => {
  it('16 → 48 kHz: length ×3, a 1 kHz tone keeps its amplitude and phase', () => {
    const x = sine(16000, 1000, 16000);
    const y = resample(x, 16000, 48000);
    expect(y.length).toBe(48000);
    let err = 0;
    for (let i = 2000; i < 46000; i++) err = Math.max(err, Math.abs(y[i] - Math.sin((2 * Math.PI * 1000 * i) / 48000)));
    expect(err).toBeLessThan(1e-3);
  });

  it('passes 7 kHz (0.875 of the 16 kHz Nyquist) within 0.5 dB', () => {
    const y = resample(sine(16000, 7000, 16000), 16000, 48000);
    expect(20 * Math.log10(rms(y, 4000, 44000) / Math.SQRT1_2)).toBeGreaterThan(-0.5);
  });

  it('48 → 16 kHz: a 12 kHz tone (above the new Nyquist) is removed, not aliased', () => {
    const y = resample(sine(48000, 12000, 48000), 48000, 16000);
    expect(y.length).toBe(16000);
    expect(rms(y, 1000, 15000)).toBeLessThan(1e-3);
  });

  it('a clip keeps its level to the very first and last sample (mirrored edges), exact output length', () => {
    const y = resampleClip(new Float32Array(1600).fill(0.5), 16000, 48000, 4799);
    expect(y.length).toBe(4799);
    expect(Math.max(...Array.from(y, (v) => Math.abs(v - 0.5)))).toBeLessThan(2e-3);
    const plain = resample(new Float32Array(1600).fill(0.5), 16000, 48000);
    expect(Math.abs(plain.at(-1)! - 0.5)).toBeGreaterThan(0.05); // the step to zero the padding avoids
  });

  it('44.1 → 48 kHz keeps a 440 Hz tone', () => {
    const y = resample(sine(44100, 440, 44100), 44100, 48000);
    expect(y.length).toBe(48000);
    expect(rms(y, 2000, 46000)).toBeCloseTo(Math.SQRT1_2, 3);
  });
});

describe('seeded noise', () => {
  it('PCG32 matches the reference stream (pcg32_srandom(42, 54))', () => {
    const r = new Pcg32(42, 54);
    expect([r.nextU32(), r.nextU32(), r.nextU32()].map((v) => v.toString(16))).toEqual(['a15c02b7', '7b47f409', 'ba1d3330']);
  });
  it('latents: deterministic per seed, standard normal, different per seed', () => {
    const [a] = seededLatents(5, 1, 20000);
    const [b] = seededLatents(5, 1, 20000);
    const [c] = seededLatents(6, 1, 20000);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a.subarray(0, 10))).not.toEqual(Array.from(c.subarray(0, 10)));
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });
});

describe('windows', () => {
  it('a long span: windows inside the span, first at the start, last at the end, overlap ≥ 0.5 s', () => {
    const p = planWindows(1, 8, 2.048, 10);
    expect(p.starts[0]).toBe(1);
    expect(p.starts.at(-1)! + 2.048).toBeCloseTo(8, 9);
    for (let k = 1; k < p.starts.length; k++) expect(p.starts[k - 1] + 2.048 - p.starts[k]).toBeGreaterThanOrEqual(0.5 - 1e-9);
  });

  it('a short span near the video end moves its window back and keeps the span offset', () => {
    const p = planWindows(9.5, 9.9, 2.048, 10);
    expect(p.starts).toEqual([10 - 2.048]);
    expect(p.lead).toBeCloseTo(9.5 - (10 - 2.048), 9);
  });

  it('equal-power crossfade: two constant windows of uncorrelated noise keep their power across the overlap', () => {
    const rate = 1000;
    const p = planWindows(0, 3.5, 2, 10, 0.5);
    const n = 2000;
    const noise = (seed: number): Float32Array => Float32Array.from(seededLatents(seed, 1, n)[0]);
    const waves = p.starts.map((_, k) => noise(k + 1));
    const out = joinWindows(waves, p, 0, rate, 3500);
    const ovFrom = Math.round(p.starts[1] * rate);
    const ovTo = 2000;
    expect(rms(out, ovFrom, ovTo)).toBeGreaterThan(0.85);
    expect(rms(out, ovFrom, ovTo)).toBeLessThan(1.15);
    expect(out[10]).toBe(waves[0][10]); // untouched outside overlaps
    expect(out[3400]).toBe(waves[1][3400 - Math.round(p.starts[1] * rate)]);
  });

  it('onset envelope: SPEC index floor(t·rate/hop), and back to times', () => {
    const env = renderEnvelope([10.1, 10.5, 13], 10, 128, 16000, 256);
    expect(Array.from(env.keys()).filter((i) => env[i] === 1)).toEqual([Math.floor((0.1 * 16000) / 256), Math.floor((0.5 * 16000) / 256)]);
    const back = envelopeToOnsets(env, 10, 16000, 256);
    // stored at 0.1 ms (as the app stores markers), each on its own frame when drawn again
    expect(back).toEqual([10.096, 10.496]);
    expect(Array.from(renderEnvelope(back, 10, 128, 16000, 256))).toEqual(Array.from(env));
  });

  it('a short condition clip loops', () => {
    expect(Array.from(loopTo(Float32Array.from([1, 2, 3]), 7))).toEqual([1, 2, 3, 1, 2, 3, 1]);
  });
});
