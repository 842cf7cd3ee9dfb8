import type { Scored } from './vectors';

/** Relevance weight of maximal marginal relevance (Carbonell & Goldstein 1998): λ·rel − (1−λ)·max sim to chosen. */
const MMR_LAMBDA = 0.6;

export function mmr(cands: Scored[], vec: (id: number) => Float32Array, k: number): Scored[] {
  const chosen: Scored[] = [];
  const vecs = new Map(cands.map((c) => [c.id, vec(c.id)]));
  const rest = [...cands];
  while (chosen.length < k && rest.length) {
    let best = 0;
    let bestValue = -Infinity;
    rest.forEach((c, i) => {
      let maxSim = 0;
      for (const s of chosen) maxSim = Math.max(maxSim, dot(vecs.get(c.id)!, vecs.get(s.id)!));
      const value = MMR_LAMBDA * c.score - (1 - MMR_LAMBDA) * maxSim;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    });
    chosen.push(rest.splice(best, 1)[0]!);
  }
  return chosen;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
