import type { BenchCase } from '../harness';

/** Benchmarks of the media domain. */
export const mediaCases: BenchCase[] = [];
