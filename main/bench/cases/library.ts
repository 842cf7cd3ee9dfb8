import type { BenchCase } from '../harness';

/** Benchmarks of the library domain. */
export const libraryCases: BenchCase[] = [];
