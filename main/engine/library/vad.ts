import { openVad, sileroModelPath, VAD_FRAME, type InferenceRunner, type VadSession } from '../inference';

/**
 * Speech detection for the library (and adapt's screening): Silero VAD v5 run by the inference engine
 * (inference/vad.ts: per-frame speech, a batch of segments at a time), turned here into a verdict per clip.
 * The engine's library runs it on its inference worker (`SileroVad.through`); an import worker thread, adapt and
 * tests open a session on their own thread (`SileroVad.open`).
 */
export { VAD_FRAME };
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

export class SileroVad {
  private constructor(private readonly session: VadSession) {}

  /** `file`: the model, so an import worker thread can open its own session of it. */
  get file(): string {
    return this.session.file;
  }

  static async open(file?: string): Promise<SileroVad> {
    return new SileroVad(await openVad(file));
  }

  /** Silero on `runner`'s thread (the inference worker: its one session of the model); nothing opens here. */
  static through(runner: InferenceRunner, file = sileroModelPath()): SileroVad {
    return new SileroVad({
      file,
      speechFrames: async (segments) => (await runner.run(null, { kind: 'vad', segments, model: file })).speechFrames,
      dispose: async () => undefined, // the runner's owner closes it
    });
  }

  /** Per-segment speech frame counts (inference/vad.ts). */
  speechFrames(segments: Float32Array[]): Promise<number[]> {
    return this.session.speechFrames(segments);
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

  dispose(): Promise<void> {
    return this.session.dispose();
  }
}
