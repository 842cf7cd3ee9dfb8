import { DDIM } from './ddim';
import { DPMSolverPP2M } from './dpmpp2m';
import type { Sampler, SamplerConfig } from './sampler';

export type { Sampler, SamplerConfig } from './sampler';
export type { Prediction, Vec } from './prediction';
export type { BetaSchedule } from './schedules';
export { cfgCombine, cfgPair, duplicateBatch } from './guidance';
export { linspaceTimesteps, makeBetas, alphasCumprod } from './schedules';
export { DDIM, DPMSolverPP2M };

export type SamplerName = 'dpmpp-2m' | 'ddim';

export function makeSampler(name: SamplerName, cfg: SamplerConfig): Sampler {
  return name === 'ddim' ? new DDIM(cfg) : new DPMSolverPP2M(cfg);
}
