/** Scoring detected onsets against true ones (docs/DESIGN.md §8): one-to-one matches within a tolerance, and F1. */

export interface MatchCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** Greedy one-to-one matching within ±tolerance (50 ms, docs/DESIGN.md §8). */
export function matchOnsets(detected: number[], truth: number[], tolerance = 0.05): MatchCounts {
  const used = new Set<number>();
  let tp = 0;
  for (const t of truth) {
    let best = -1;
    let bestErr = tolerance;
    detected.forEach((d, i) => {
      const err = Math.abs(d - t);
      if (!used.has(i) && err <= bestErr) {
        best = i;
        bestErr = err;
      }
    });
    if (best >= 0) {
      used.add(best);
      tp++;
    }
  }
  return { tp, fp: detected.length - tp, fn: truth.length - tp };
}

export function f1(c: MatchCounts): number {
  const denom = 2 * c.tp + c.fp + c.fn;
  return denom === 0 ? 1 : (2 * c.tp) / denom;
}

export function addCounts(a: MatchCounts, b: MatchCounts): MatchCounts {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn };
}
