import { BaseSampler } from './sampler';
import { like, x0From, type Vec } from './prediction';

/**
 * DPM-Solver++(2M), multistep in the x0 (data-prediction) form: Lu et al. 2022, Algorithm 2, eq. (5)-(6).
 * Matches diffusers' DPMSolverMultistepScheduler(algorithm_type="dpmsolver++", solver_order=2, solver_type="midpoint",
 * lower_order_final=True, final_sigmas_type="zero"): step 0 first order, the last step first order to sigma = 0
 * (returns x0 exactly), the rest second order. alpha_t = sqrt(abar), sigma_t = sqrt(1-abar), lambda = log(alpha/sigma).
 */
export class DPMSolverPP2M extends BaseSampler {
  private prevX0: Vec | null = null;
  private prevLambda = 0;

  protected override reset(): void {
    this.prevX0 = null;
    this.prevLambda = 0;
  }

  private als(t: number): { a: number; s: number; l: number } {
    const a = Math.sqrt(this.alphasCumprod[t]);
    const s = Math.sqrt(1 - this.alphasCumprod[t]);
    return { a, s, l: Math.log(a) - Math.log(s) };
  }

  step(modelOutput: Vec, t: number, sample: Vec): Vec {
    const i = this.advance(t);
    const x0 = x0From(this.prediction, modelOutput, sample, this.alphasCumprod[t]);
    const cur = this.als(t);
    const prevX0 = this.prevX0;
    const prevLambda = this.prevLambda;
    this.prevX0 = x0;
    this.prevLambda = cur.l;
    if (i + 1 >= this.timesteps.length) return x0; // sigma = 0 endpoint: x = x0
    const next = this.als(this.timesteps[i + 1]);
    const h = next.l - cur.l;
    const cx = next.s / cur.s;
    const cd = -next.a * Math.expm1(-h); // -alpha_t (e^{-h} - 1)
    const out = like(sample);
    if (i === 0 || prevX0 === null) {
      for (let k = 0; k < out.length; k++) out[k] = cx * sample[k] + cd * x0[k]; // first order (== DDIM)
      return out;
    }
    const r0 = (cur.l - prevLambda) / h;
    const half = (0.5 * cd) / r0; // midpoint correction: 0.5·cd·D1, D1 = (x0 - x0_prev)/r0
    for (let k = 0; k < out.length; k++) out[k] = cx * sample[k] + cd * x0[k] + half * (x0[k] - prevX0[k]);
    return out;
  }
}
