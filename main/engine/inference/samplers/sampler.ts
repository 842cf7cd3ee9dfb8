import { alphasCumprod, linspaceTimesteps, makeBetas, type ScheduleConfig } from './schedules';
import type { Prediction, Vec } from './prediction';

export interface SamplerConfig extends ScheduleConfig {
  readonly prediction: Prediction;
}

/** diffusers-like scheduler: `setTimesteps(n)`, then `step(out, t, x)` once per timestep in order. */
export interface Sampler {
  readonly timesteps: readonly number[];
  setTimesteps(steps: number): readonly number[];
  step(modelOutput: Vec, t: number, sample: Vec): Vec;
}

/** Shared state: the schedule, the timestep list and the position in it (steps must come in order). */
export abstract class BaseSampler implements Sampler {
  readonly alphasCumprod: Float64Array;
  readonly prediction: Prediction;
  timesteps: number[] = [];
  protected index = 0;

  constructor(protected readonly cfg: SamplerConfig) {
    this.alphasCumprod = alphasCumprod(makeBetas(cfg));
    this.prediction = cfg.prediction;
  }

  setTimesteps(steps: number): readonly number[] {
    this.timesteps = linspaceTimesteps(this.cfg.trainSteps, steps);
    this.index = 0;
    this.reset();
    return this.timesteps;
  }

  /** Index of `t` in the list; it must be the next one, since multistep samplers keep history. */
  protected advance(t: number): number {
    const i = this.index;
    if (i >= this.timesteps.length) throw new Error('sampler: step() called after the last timestep');
    if (this.timesteps[i] !== t) throw new Error(`sampler: expected timestep ${this.timesteps[i]}, got ${t}`);
    this.index++;
    return i;
  }

  protected reset(): void {}

  abstract step(modelOutput: Vec, t: number, sample: Vec): Vec;
}
