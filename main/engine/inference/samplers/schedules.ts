/**
 * DDPM noise schedules in float64, matching models/a2s_models/schedulers/schedule.py exactly (the fixtures in
 * models/fixtures/schedulers.json pin them).
 */
export type BetaSchedule = 'scaled_linear' | 'linear' | 'cosine';

export interface ScheduleConfig {
  readonly betaSchedule: BetaSchedule;
  readonly trainSteps: number;
  readonly betaStart: number;
  readonly betaEnd: number;
}

/** numpy.linspace(a, b, n) in float64 (same endpoint handling: the last value is exactly b). */
export function linspace(a: number, b: number, n: number): Float64Array {
  const out = new Float64Array(n);
  if (n === 1) {
    out[0] = a;
    return out;
  }
  const step = (b - a) / (n - 1);
  for (let i = 0; i < n; i++) out[i] = a + i * step;
  out[n - 1] = b;
  return out;
}

export function makeBetas(cfg: ScheduleConfig): Float64Array {
  const n = cfg.trainSteps;
  switch (cfg.betaSchedule) {
    case 'scaled_linear': {
      // Stable Diffusion: linear in sqrt(beta), then squared.
      const r = linspace(Math.sqrt(cfg.betaStart), Math.sqrt(cfg.betaEnd), n);
      return r.map((v) => v * v);
    }
    case 'linear':
      return linspace(cfg.betaStart, cfg.betaEnd, n);
    case 'cosine': {
      // Nichol & Dhariwal 2021, eq. 17 (diffusers "squaredcos_cap_v2"): beta_i = 1 - abar(i+1)/abar(i), capped at 0.999.
      const abar = (t: number): number => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.min(1 - abar((i + 1) / n) / abar(i / n), 0.999);
      return out;
    }
  }
}

/** cumprod(1 - beta): abar_t, the signal fraction at train step t. */
export function alphasCumprod(betas: Float64Array): Float64Array {
  const out = new Float64Array(betas.length);
  let acc = 1;
  for (let i = 0; i < betas.length; i++) {
    acc *= 1 - betas[i];
    out[i] = acc;
  }
  return out;
}

/**
 * diffusers "linspace" spacing: round(linspace(0, T-1, n+1))[::-1][:-1], e.g. T=1000, n=25 → 999, 959, ..., 40.
 * numpy rounds half to even; we do the same so 12.5-style ties agree.
 */
export function linspaceTimesteps(trainSteps: number, steps: number): number[] {
  if (!Number.isInteger(steps) || steps < 1 || steps > trainSteps) {
    throw new RangeError(`steps must be an integer in 1..${trainSteps}, got ${steps}`);
  }
  const raw = linspace(0, trainSteps - 1, steps + 1);
  const rounded = Array.from(raw, roundHalfEven);
  return rounded.reverse().slice(0, steps);
}

function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
