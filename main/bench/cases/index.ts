import type { BenchCase } from '../harness';
import { adaptCases } from './adapt';
import { coldStartCase } from './cold-start';
import { decodeOnceCase } from './decode-once';
import { editorCases } from './editor';
import { exportCases } from './export';
import { inferenceCases } from './inference';
import { libraryCases } from './library';
import { mediaCases } from './media';
import { transportCase } from './transport';
import { warmGenerateCase } from './warm-generate';

/** Every benchmark; each domain owns its file. */
export const benchCases: readonly BenchCase[] = [transportCase, ...mediaCases, ...inferenceCases, decodeOnceCase, coldStartCase, warmGenerateCase, ...libraryCases, ...exportCases, ...editorCases, ...adaptCases];
