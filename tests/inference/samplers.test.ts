import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alphasCumprod, cfgPair, linspaceTimesteps, makeBetas, makeSampler, type SamplerName, type Prediction, type BetaSchedule, type Vec } from '../../main/engine/inference/samplers';

// Numbers exported by models/a2s_models/export/scheduler_fixtures.py (float64 Python reference).
interface Loop {
  schedule: BetaSchedule;
  prediction: Prediction;
  sampler: SamplerName;
  steps: number;
  guidance: number;
  timesteps: number[];
  perStep: number[][];
  final: number[];
  finalSum: number;
}
interface Fixtures {
  initial: number[];
  timesteps25: number[];
  schedules: Record<string, { trainSteps: number; betaStart: number; betaEnd: number; sampleIndex: number[]; betas: number[]; alphasCumprod: number[] }>;
  loops: Loop[];
}
const fx = JSON.parse(readFileSync('models/fixtures/schedulers.json', 'utf8')) as Fixtures;
const TOL = 1e-5;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** The fixture's closed-form dummy model (see schedulers.json "dummyModel"). */
function dummy(x: Vec, t: number, w: number): Float64Array {
  const u = new Float64Array(x.length);
  const c = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    u[i] = 0.8 * x[i] + 0.1 * Math.sin(0.01 * t + 0.1 * i);
    c[i] = u[i] + 0.05 * Math.cos(0.2 * i);
  }
  return cfgPair(c, u, w);
}

describe('noise schedules', () => {
  for (const kind of ['scaled_linear', 'cosine'] as const) {
    it(`${kind}: betas and alphas_cumprod match the Python schedule`, () => {
      const s = fx.schedules[kind];
      const betas = makeBetas({ betaSchedule: kind, trainSteps: s.trainSteps, betaStart: s.betaStart, betaEnd: s.betaEnd });
      expect(maxAbsDiff(s.sampleIndex.map((i) => betas[i]), s.betas)).toBeLessThan(1e-12);
      expect(maxAbsDiff(alphasCumprod(betas), s.alphasCumprod)).toBeLessThan(1e-12);
    });
  }

  it('linspace timesteps: 25 of 1000 as diffusers', () => {
    expect(linspaceTimesteps(1000, 25)).toEqual(fx.timesteps25);
    expect(linspaceTimesteps(1000, 1)).toEqual([999]);
    expect(() => linspaceTimesteps(1000, 0)).toThrow(/steps must be/);
  });
});

describe('samplers reproduce the Python loops (dummy model, CFG 3)', () => {
  for (const loop of fx.loops) {
    it(`${loop.sampler} · ${loop.schedule} · ${loop.prediction}`, () => {
      const s = fx.schedules[loop.schedule];
      const sampler = makeSampler(loop.sampler, {
        betaSchedule: loop.schedule,
        trainSteps: s.trainSteps,
        betaStart: s.betaStart,
        betaEnd: s.betaEnd,
        prediction: loop.prediction,
      });
      expect(sampler.setTimesteps(loop.steps)).toEqual(loop.timesteps);
      let x: Vec = Float64Array.from(fx.initial);
      sampler.timesteps.forEach((t, i) => {
        x = sampler.step(dummy(x, t, loop.guidance), t, x);
        expect(maxAbsDiff(x, loop.perStep[i])).toBeLessThan(TOL);
      });
      expect(maxAbsDiff(x, loop.final)).toBeLessThan(TOL);
      expect(Math.abs(x.reduce((a, b) => a + b, 0) - loop.finalSum)).toBeLessThan(TOL * 32);
    });
  }

  it('refuses steps out of order (multistep history would be wrong)', () => {
    const sampler = makeSampler('dpmpp-2m', { betaSchedule: 'cosine', trainSteps: 1000, betaStart: 0.00085, betaEnd: 0.012, prediction: 'v' });
    sampler.setTimesteps(5);
    const x = new Float32Array(4);
    expect(() => sampler.step(x, sampler.timesteps[1], x)).toThrow(/expected timestep/);
  });
});
