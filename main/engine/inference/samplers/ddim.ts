import { BaseSampler } from './sampler';
import { epsFrom, like, x0From, type Vec } from './prediction';

/**
 * DDIM with eta = 0 (Song et al. 2021, eq. 12): x_prev = sqrt(abar_prev)·x0 + sqrt(1 - abar_prev)·eps.
 * After the last timestep abar_prev = 1, so the final step returns x0 (as models/a2s_models/schedulers).
 */
export class DDIM extends BaseSampler {
  step(modelOutput: Vec, t: number, sample: Vec): Vec {
    const i = this.advance(t);
    const abar = this.alphasCumprod[t];
    const abarPrev = i + 1 < this.timesteps.length ? this.alphasCumprod[this.timesteps[i + 1]] : 1;
    const x0 = x0From(this.prediction, modelOutput, sample, abar);
    const eps = epsFrom(this.prediction, modelOutput, sample, abar);
    const a = Math.sqrt(abarPrev);
    const s = Math.sqrt(1 - abarPrev);
    const out = like(sample);
    for (let k = 0; k < out.length; k++) out[k] = a * x0[k] + s * eps[k];
    return out;
  }
}
