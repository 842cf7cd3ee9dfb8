import type { BenchCase } from '../harness';

/** Benchmarks of the inference domain. */
export const inferenceCases: BenchCase[] = [];
