/**
 * The inference worker's protocol (after openDAW's lib/inference): tagged unions, one request id per call.
 *   main → worker: load | run | cancel | shutdown        worker → main: ready | progress | result | error
 * A `run` carries one task; every ONNX run of the engine is one of these kinds, and each kind's result has a zod
 * schema (`TaskResult`) that the runner parses on arrival, so no caller casts what comes back.
 */
import { z } from 'zod';
import { BundleActive, GenerateResult, OnsetsResult, type GenerateRequest } from '../../contract/domains/inference';
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
  /** Takes for a span; `retrieval`: the clip library's answer for `auto`/`low`, asked by the engine with `embedSpan`'s vector. */
  | { readonly kind: 'generate'; readonly request: GenerateRequest; readonly retrieval?: Retrieval }
  /** The timing head's onsets for a span (stage 1 only). */
  | { readonly kind: 'onsets'; readonly video: string; readonly start: number; readonly end: number }
  /**
   * The span's AV-Sim video vector, from the frames stage 1 decodes anyway: the video tokens and onsets of that pass
   * wait in the worker for the span's `generate` (video-stage.ts), so an `auto` generation decodes its frames once.
   */
  | { readonly kind: 'embedSpan'; readonly video: string; readonly start: number; readonly end: number }
  /**
   * AV-Sim audio vectors of waves at the bundle rate: the bundle's `avsimAudio` graph alone, one session per bundle
   * per worker (a clip import embeds with bundles that never generate, so no generation graph is opened for it).
   */
  | { readonly kind: 'embedAudio'; readonly waves: readonly Float32Array[] }
  /**
   * Silero VAD speech frames per segment (16 kHz, equal lengths, a multiple of 512 samples). `model`: the graph
   * (default: the one @ricky0123/vad-web ships); one session per model per worker. Runs on no bundle.
   */
  | { readonly kind: 'vad'; readonly segments: readonly Float32Array[]; readonly model?: string };

export type TaskKind = Task['kind'];
/** What a task runs on: a bundle, except `vad` (null: its model travels in the task). */
export type TargetOf<T extends Task> = T extends { readonly kind: 'vad' } ? null : Target;

const vector = z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected a Float32Array');

export const EmbedSpanResult = z.object({
  bundle: z.string(),
  /** Unit vector; null when the bundle has no AV-Sim video graph (nothing was decoded). */
  vector: vector.nullable(),
  windows: z.number().int(),
  /** Stage 1 (frames + video encoder + AV-Sim) and the ffmpeg decoding inside it; `embedSec`: the AV-Sim runs alone. */
  videoSec: z.number(),
  framesSec: z.number(),
  embedSec: z.number(),
});
export type EmbedSpanResult = z.infer<typeof EmbedSpanResult>;

export const EmbedAudioResult = z.object({ bundle: z.string(), vectors: z.array(vector) });
export type EmbedAudioResult = z.infer<typeof EmbedAudioResult>;
export const VadResult = z.object({ speechFrames: z.array(z.number().int()) });
export type VadResult = z.infer<typeof VadResult>;

/** Each task's result schema: the worker's answer is parsed with it (the generate one is the contract's `job:done`). */
export const TaskResult = {
  generate: GenerateResult,
  onsets: OnsetsResult,
  embedSpan: EmbedSpanResult,
  embedAudio: EmbedAudioResult,
  vad: VadResult,
} as const;

export interface TaskResults {
  generate: GenerateResult;
  onsets: OnsetsResult;
  embedSpan: EmbedSpanResult;
  embedAudio: EmbedAudioResult;
  vad: VadResult;
}
export type ResultOf<K extends TaskKind> = TaskResults[K];
export type AnyResult = TaskResults[TaskKind];

type Parsers = { readonly [K in TaskKind]: (raw: unknown) => TaskResults[K] };
const parsers: Parsers = {
  generate: (r) => TaskResult.generate.parse(r),
  onsets: (r) => TaskResult.onsets.parse(r),
  embedSpan: (r) => TaskResult.embedSpan.parse(r),
  embedAudio: (r) => TaskResult.embedAudio.parse(r),
  vad: (r) => TaskResult.vad.parse(r),
};

/** A task's result checked against its schema (throws a ZodError naming the field). */
export function parseResult<K extends TaskKind>(kind: K, raw: unknown): ResultOf<K> {
  return parsers[kind](raw);
}

export type ToWorker =
  | { readonly type: 'load'; readonly id: number; readonly target: Target }
  | { readonly type: 'run'; readonly id: number; readonly target: Target | null; readonly task: Task }
  | { readonly type: 'cancel'; readonly id: number }
  | { readonly type: 'shutdown' };

export type FromWorker =
  | { readonly type: 'ready'; readonly id: number; readonly info: BundleActive }
  | { readonly type: 'progress'; readonly id: number; readonly fraction: number; readonly stage: string }
  | { readonly type: 'result'; readonly id: number; readonly result: AnyResult }
  | { readonly type: 'error'; readonly id: number; readonly error: WireError };
