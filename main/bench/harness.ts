/**
 * Benchmarks report a figure AND a ratio to a baseline measured in the same run (machines here are noisy, so
 * absolute timings from different runs are not compared). Each case lives in `cases/<name>.ts`.
 */
export interface BenchResult {
  name: string;
  unit: string;
  value: number;
  baseline: { name: string; value: number };
  /** value / baseline.value */
  ratio: number;
  notes?: string;
}

export interface BenchCase {
  readonly name: string;
  readonly description: string;
  run(): Promise<BenchResult[]>;
}

export async function timeIt(fn: () => unknown | Promise<unknown>, minMs = 200, minRuns = 3): Promise<number> {
  // Returns mean seconds per call over at least minRuns calls and minMs of wall time.
  const start = performance.now();
  let runs = 0;
  while (runs < minRuns || performance.now() - start < minMs) {
    await fn();
    runs++;
  }
  return (performance.now() - start) / 1000 / runs;
}

export function result(name: string, unit: string, value: number, baseline: { name: string; value: number }, notes?: string): BenchResult {
  return { name, unit, value, baseline, ratio: baseline.value === 0 ? Number.NaN : value / baseline.value, notes };
}
