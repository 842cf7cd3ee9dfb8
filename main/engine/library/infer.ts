import { meanEmbedding } from './analyse';
import type { Embedder } from './embedder';
import type { SileroVad, SpeechResult } from './vad';

/** What the ONNX models of an import read from one clip (cut from its 16 kHz decode by `analyseFile`). */
export interface ClipInputs {
  segments: Float32Array[];
  /** Embedding windows by window length (bundles may want different lengths). */
  windows: [number, Float32Array[]][];
}

/** Speech verdict (null when VAD is off) and one mean AV-Sim vector per bundle id. */
export interface ClipInference {
  speech: SpeechResult | null;
  vectors: Map<string, Float32Array>;
}

/**
 * Silero VAD and every embedder over a group of clips: all clips' segments (windows) in one batched ORT run per
 * model, which is what makes them affordable (batching is ~2-4x cheaper per frame/window than one clip at a time).
 * Runs wherever the clips were analysed: an import worker thread, or this thread.
 */
export async function inferClips(clips: readonly ClipInputs[], vad: SileroVad | null, embedders: readonly Embedder[]): Promise<ClipInference[]> {
  const out: ClipInference[] = clips.map(() => ({ speech: null, vectors: new Map() }));
  if (!clips.length) return out;
  // VAD and each bundle's embeddings: separate ORT sessions (awaited together; each run blocks this thread in turn).
  const speech = async (): Promise<void> => {
    if (!vad) return;
    const res = await vad.detect(clips.map((c) => c.segments));
    res.forEach((r, i) => (out[i]!.speech = r));
  };
  const embed = async (e: Embedder): Promise<void> => {
    const windows = clips.map((c) => c.windows.find(([n]) => n === e.windowSamples)?.[1] ?? []);
    const flat = await e.embedAudio(windows.flat());
    let k = 0;
    windows.forEach((w, i) => {
      out[i]!.vectors.set(e.bundleId, meanEmbedding(flat.slice(k, k + w.length)));
      k += w.length;
    });
  };
  await Promise.all([speech(), ...embedders.map(embed)]);
  return out;
}
