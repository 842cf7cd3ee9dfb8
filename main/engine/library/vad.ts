import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
// Direct use of onnxruntime-node (not inference/backend.ts): Silero takes an int64 `sr` and a recurrent state,
// and the shared backend's feeds are float32 only.
import * as ort from 'onnxruntime-node';
import { EngineError } from '../core/errors';

/**
 * Speech detection with Silero VAD v5 (MIT), the ONNX file that `@ricky0123/vad-web` ships, run in
 * onnxruntime-node: 512-sample frames at 16 kHz (32 ms), a recurrent state carried frame to frame, one probability
 * per frame. Segments of many clips run as one batch (the graph's batch dimension is dynamic), which is ~4x cheaper
 * per frame than one clip at a time.
 */
export const VAD_FRAME = 512;
/** A frame counts as speech at p ≥ 0.5 (Silero's default threshold). */
const THRESHOLD = 0.5;
/**
 * A segment (16 frames, ~0.5 s) is speech when at least 10 of its frames are. Measured on the starter set and
 * 0 A.D./Red Eclipse voice files: noisy water and wind reach 7 of 16 frames at worst, voices and crowds 14–16; a lower
 * bar or longer segments flagged waterfalls and wind as speech. Short shouts (< 0.5 s of voice) can be missed.
 */
const MIN_FRAMES = 10;

export interface SpeechResult {
  readonly speech: boolean;
  /** Highest fraction of speech frames over the clip's segments (0..1): how sure, for display and sorting. */
  readonly prob: number;
}

export function sileroModelPath(): string {
  const env = process.env.A2S_VAD_MODEL;
  if (env) {
    if (!existsSync(env)) throw new EngineError('unavailable', `A2S_VAD_MODEL=${env} does not exist: fix or unset it`);
    return env;
  }
  try {
    const pkg = createRequire(__filename).resolve('@ricky0123/vad-web/package.json');
    return path.join(path.dirname(pkg), 'dist', 'silero_vad_v5.onnx');
  } catch {
    throw new EngineError('unavailable', 'Silero VAD model not found: run npm install (package @ricky0123/vad-web) or set A2S_VAD_MODEL');
  }
}

export class SileroVad {
  /** `file`: the model, so an import worker thread can open its own session of it. */
  private constructor(private readonly session: ort.InferenceSession, readonly file: string) {}

  static async open(file = sileroModelPath()): Promise<SileroVad> {
    try {
      const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
      return new SileroVad(session, file);
    } catch (err) {
      throw new EngineError('unavailable', `cannot open the Silero VAD model ${file}: ${(err as Error).message}`, { file });
    }
  }

  /**
   * Per-segment speech frame counts. Segments must all have the same length (a multiple of 512 samples); they are
   * independent sequences in one batch, each starting from a zero state.
   */
  async speechFrames(segments: Float32Array[]): Promise<number[]> {
    const B = segments.length;
    if (B === 0) return [];
    const steps = Math.floor(segments[0]!.length / VAD_FRAME);
    let state: ort.Tensor = new ort.Tensor('float32', new Float32Array(2 * B * 128), [2, B, 128]);
    const sr = new ort.Tensor('int64', BigInt64Array.from([16000n]), []);
    const counts = new Array<number>(B).fill(0);
    const frame = new Float32Array(B * VAD_FRAME);
    for (let t = 0; t < steps; t++) {
      for (let b = 0; b < B; b++) frame.set(segments[b]!.subarray(t * VAD_FRAME, (t + 1) * VAD_FRAME), b * VAD_FRAME);
      const out = await this.session.run({ input: new ort.Tensor('float32', frame.slice(), [B, VAD_FRAME]), state, sr });
      const p = out.output!.data as Float32Array;
      for (let b = 0; b < B; b++) if (p[b]! >= THRESHOLD) counts[b]!++;
      state = out.stateN as ort.Tensor;
    }
    return counts;
  }

  /** Speech verdict per clip from its segments (`segmentsOf[i]` = the segments of clip i). */
  async detect(segmentsOf: Float32Array[][]): Promise<SpeechResult[]> {
    const flat = segmentsOf.flat();
    const counts = await this.speechFrames(flat);
    const steps = flat.length ? Math.floor(flat[0]!.length / VAD_FRAME) : 1;
    const out: SpeechResult[] = [];
    let k = 0;
    for (const segs of segmentsOf) {
      let best = 0;
      for (let i = 0; i < segs.length; i++) best = Math.max(best, counts[k++]!);
      out.push({ speech: best >= MIN_FRAMES, prob: Math.round((best / steps) * 1000) / 1000 });
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
