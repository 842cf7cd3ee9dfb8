/**
 * The inference worker's protocol (after openDAW's lib/inference): tagged unions, one request id per call.
 *   main → worker: load | run | cancel | shutdown        worker → main: ready | progress | result | error
 */
import type { BundleActive, GenerateRequest } from '../../contract/domains/inference';
import type { WireError } from '../../contract/errors';
import type { Retrieval } from './condition';

export interface Target {
  readonly bundleDir: string;
  readonly provider?: 'cuda' | 'dml' | 'coreml' | 'cpu';
  readonly threads?: number;
  /** `<dataDir>/cache`: where verified bundle hashes are kept (bundle/hash-cache.ts). */
  readonly cacheDir?: string;
}

export type Task =
  | { readonly kind: 'generate'; readonly request: GenerateRequest; readonly retrieval?: Retrieval }
  | { readonly kind: 'onsets'; readonly video: string; readonly start: number; readonly end: number };

export type ToWorker =
  | { readonly type: 'load'; readonly id: number; readonly target: Target }
  | { readonly type: 'run'; readonly id: number; readonly target: Target; readonly task: Task }
  | { readonly type: 'cancel'; readonly id: number }
  | { readonly type: 'shutdown' };

export type FromWorker =
  | { readonly type: 'ready'; readonly id: number; readonly info: BundleActive }
  | { readonly type: 'progress'; readonly id: number; readonly fraction: number; readonly stage: string }
  | { readonly type: 'result'; readonly id: number; readonly result: unknown }
  | { readonly type: 'error'; readonly id: number; readonly error: WireError };
