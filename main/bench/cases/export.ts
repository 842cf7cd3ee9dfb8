import type { BenchCase } from '../harness';

/** Benchmarks of the export domain. */
export const exportCases: BenchCase[] = [];
