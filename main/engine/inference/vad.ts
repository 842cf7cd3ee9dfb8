/**
 * Silero VAD v5 (MIT), the ONNX file that `@ricky0123/vad-web` ships, run through the backend like every graph:
 * 512-sample frames at 16 kHz (32 ms), a recurrent state carried frame to frame, one speech probability per frame.
 * Segments of many clips run as one batch (the graph's batch dimension is dynamic), ~4x cheaper per frame than one
 * clip at a time. What counts as a speaking clip is the library's rule (library/vad.ts).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EngineError } from '../core/errors';
import { Backend, type Feed, type GraphSession } from './backend';

export const VAD_FRAME = 512;
const VAD_RATE = 16000;
/** A frame counts as speech at p ≥ 0.5 (Silero's default threshold). */
const SPEECH_P = 0.5;

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

export interface VadSession {
  /** The model file, so an import worker thread can open its own session of it. */
  readonly file: string;
  /**
   * Speech frames per segment. Segments must all have the same length (a multiple of 512 samples); they are
   * independent sequences in one batch, each starting from a zero state.
   */
  speechFrames(segments: readonly Float32Array[]): Promise<number[]>;
  dispose(): Promise<void>;
}

/** One CPU thread: import runs decoding and the AV-Sim embedder beside it. */
export async function openVad(file = sileroModelPath()): Promise<VadSession> {
  const backend = new Backend({ provider: 'cpu', threads: 1 });
  let session: GraphSession;
  try {
    session = await backend.open(file);
  } catch (err) {
    throw new EngineError('unavailable', `cannot open the Silero VAD model ${file}: ${err instanceof Error ? err.message : String(err)}`, { file });
  }
  return { file, speechFrames: (segments) => speechFrames(session, segments), dispose: () => backend.dispose() };
}

async function speechFrames(session: GraphSession, segments: readonly Float32Array[]): Promise<number[]> {
  const B = segments.length;
  if (B === 0) return [];
  const steps = Math.floor(segments[0]!.length / VAD_FRAME);
  let state: Feed = { data: new Float32Array(2 * B * 128), dims: [2, B, 128] };
  const sr = { data: BigInt64Array.from([BigInt(VAD_RATE)]), dims: [] };
  const counts = new Array<number>(B).fill(0);
  const frame = new Float32Array(B * VAD_FRAME);
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < B; b++) frame.set(segments[b]!.subarray(t * VAD_FRAME, (t + 1) * VAD_FRAME), b * VAD_FRAME);
    const out = await session.run({ input: { data: frame.slice(), dims: [B, VAD_FRAME] }, state, sr });
    const p = out.output?.data;
    if (!p || !out.stateN) throw new EngineError('bad-input', `${session.file}: not a Silero VAD v5 graph (no "output"/"stateN")`, { file: session.file });
    for (let b = 0; b < B; b++) if (p[b]! >= SPEECH_P) counts[b]!++;
    state = out.stateN;
  }
  return counts;
}
