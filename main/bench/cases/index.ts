import type { BenchCase } from '../harness';
import { transportCase } from './transport';

/** Every benchmark; domains add theirs (media decode, generation RTF, retrieval, import). */
export const benchCases: readonly BenchCase[] = [transportCase];
