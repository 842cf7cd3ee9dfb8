import { Limiter, analyseFile, type Measured } from './analyse-file';
import type { Embedder } from './embedder';
import { inferClips, type ClipInference, type ClipInputs } from './infer';
import type { SileroVad } from './vad';

/** The models a thread's clip work runs on its clips (opened lazily in a worker thread, handed in on this thread). */
export interface ClipModels {
  vad: SileroVad | null;
  embedders: readonly Embedder[];
}

/**
 * One thread's clip work: clips analysed and then inferred where they were analysed: the file work of `analyseFile`, then, for the clips the
 * import keeps (not duplicates), VAD and embeddings over the inputs kept here. The inputs never travel back to the
 * main thread. Used by the import worker thread (worker.ts) and by this thread's share of an import (analyser.ts).
 */
export class ClipWork {
  private readonly inputs = new Map<number, ClipInputs>();
  private readonly ffmpeg: Limiter;

  constructor(ffmpegDecodes: number, private readonly models: () => Promise<ClipModels>) {
    this.ffmpeg = new Limiter(ffmpegDecodes);
  }

  /** Measures `file` and keeps its model inputs under `id` until `infer` or `release`. */
  async analyse(id: number, file: string, size: number, windowSamples: readonly number[], signal?: AbortSignal): Promise<Measured> {
    const a = await analyseFile(file, size, windowSamples, this.ffmpeg, signal);
    if (!a.ok) return a;
    const { segments, windows, ...measured } = a;
    this.inputs.set(id, { segments, windows });
    return measured;
  }

  /** VAD + embeddings of the clips kept under `ids` (in order), batched; their inputs are dropped. */
  async infer(ids: readonly number[]): Promise<ClipInference[]> {
    const clips = ids.map((id) => {
      const c = this.inputs.get(id);
      if (!c) throw new Error(`no analysed clip #${id} to infer`);
      return c;
    });
    this.release(ids);
    const { vad, embedders } = await this.models();
    return inferClips(clips, vad, embedders);
  }

  release(ids: readonly number[]): void {
    for (const id of ids) this.inputs.delete(id);
  }
}
