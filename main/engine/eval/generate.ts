/**
 * One evaluation window through the shipped ONNX graphs (not PyTorch): the video is encoded once, then the four
 * AV-LDM conditions of docs/DESIGN.md §8 are sampled together in one batch with the SAME initial noise, so the rows differ
 * only by their condition:
 *   0 av-ldm-rag            retrieved pool clip, predicted onset envelope
 *   1 av-ldm-low            low-ambient clip, predicted envelope
 *   2 av-ldm-nocond         the ablation trained without an audio condition (the bundle's ablation* graphs, sampled
 *                           apart with the same noise); in a bundle without them, the main model with all-zero
 *                           audio tokens
 *   3 av-ldm-oracle-onsets  retrieved clip, envelope drawn from the true contact times (upper bound on sync)
 *   (+) av-ldm-oracle-static  only with `staticPicture` (a2s eval --static-picture): row 3 with the window's first frame
 *                           held as the picture, so the picture shows no contact: does the given envelope alone
 *                           drive the hits? (issue 15: "takes obey given timing whatever the picture shows")
 * With a motion timing graph (issue 16) the timing head is that graph, and the predicted envelope of rows 0–2 is
 * drawn from its onsets as impulses, as the app's pipeline does (inference/timing.ts).
 */
import {
  encodeCondition, encodeMotion, encodeVideo, concatContext, sampleLatents, decodeLatents, envelopeFrames, envelopeHop, seededLatents,
  envelopeToOnsets, impulseEnvelope, renderEnvelope, type Runtime, type GraphKey,
} from '../inference';

export const LDM_ROWS = ['av-ldm-rag', 'av-ldm-low', 'av-ldm-nocond', 'av-ldm-oracle-onsets'] as const;
export const STATIC_ROW = 'av-ldm-oracle-static';

/** The window's first frame held for all of its frames (a locked-off shot where nothing moves). */
export function heldFirstFrame(frames: Float32Array, frameCount: number): Float32Array {
  const per = frames.length / frameCount;
  const out = new Float32Array(frames.length);
  for (let t = 0; t < frameCount; t++) out.set(frames.subarray(0, per), t * per);
  return out;
}

export interface WindowResult {
  waves: Float32Array[];
  /** Timing-head probabilities per envelope frame (null without a timing head). */
  onsetProbs: Float32Array | null;
  /** Compute seconds per row: a batch's time shared equally by the rows sampled in it. */
  rowSeconds: number[];
}

/** The oracle envelope from true contact times (seconds from the window start), drawn as the app draws markers. */
export function envelopeFromTimes(rt: Runtime, times: number[]): Float32Array {
  return renderEnvelope(times, 0, envelopeFrames(rt), rt.bundle.manifest.audio.sampleRate, envelopeHop(rt));
}

/** The timing head's onsets as times from the window start: the app's own rule (inference/timing.ts windowOnsets). */
export function onsetTimesFromProbs(rt: Runtime, probs: Float32Array): number[] {
  return envelopeToOnsets(probs, 0, rt.bundle.manifest.audio.sampleRate, envelopeHop(rt));
}

/** The runtime seen through the ablation's graphs: its own video encoder and denoiser, the bundle's decoder and vocoder. */
export function ablationRuntime(rt: Runtime): Runtime | null {
  if (!rt.bundle.has('ablationVideoEncoder') || !rt.bundle.has('ablationDenoiser')) return null;
  const swap: Partial<Record<GraphKey, GraphKey>> = { videoEncoder: 'ablationVideoEncoder', denoiser: 'ablationDenoiser' };
  return { ...rt, run: (key, feeds) => rt.run(swap[key] ?? key, feeds) };
}

interface RowsIn {
  tokens: Float32Array;
  /** Audio tokens per row (a zero row: no audio condition). */
  audioRows: Float32Array;
  envelopes: Float32Array[];
  noise: Float32Array;
}

/** Samples and decodes one batch of rows that share the video tokens and the initial noise. */
async function sampleRows(rt: Runtime, r: RowsIn, o: { steps: number; guidance: number }): Promise<Float32Array[]> {
  const rows = r.envelopes.length;
  const videoRows = new Float32Array(r.tokens.length * rows);
  const latents = new Float32Array(r.noise.length * rows);
  const envelope = new Float32Array(r.envelopes[0]!.length * rows);
  for (let k = 0; k < rows; k++) {
    videoRows.set(r.tokens, k * r.tokens.length);
    latents.set(r.noise, k * r.noise.length);
    envelope.set(r.envelopes[k]!, k * r.envelopes[0]!.length);
  }
  const context = concatContext(videoRows, r.audioRows, rows);
  const x = await sampleLatents(rt, { context, envelope, latents, rows, steps: o.steps, guidance: o.guidance });
  const { wave } = await decodeLatents(rt, x, rows);
  const n = wave.length / rows;
  return Array.from({ length: rows }, (_, k) => wave.slice(k * n, (k + 1) * n));
}

export async function generateWindow(
  rt: Runtime,
  input: { frames: Float32Array; luma: Float32Array | null },
  rag: Float32Array,
  low: Float32Array,
  trueOnsets: number[],
  o: { seed: number; steps: number; guidance: number; staticPicture?: boolean },
): Promise<WindowResult> {
  const { result: main, ragTokens, oracle, noise } = await generateMainRows(rt, input, rag, low, trueOnsets, o);
  if (!o.staticPicture) return main;
  // the oracle row's condition, envelope and noise; only the picture differs
  const t0 = performance.now();
  const held = heldFirstFrame(input.frames, rt.bundle.manifest.video.frames);
  const video = await encodeVideo(rt, held, 1);
  const [wave] = await sampleRows(rt, { tokens: video.tokens, audioRows: ragTokens, envelopes: [oracle], noise }, o);
  return { ...main, waves: [...main.waves, wave!], rowSeconds: [...main.rowSeconds, (performance.now() - t0) / 1000] };
}

/** The four rows, with what the oracle row was sampled from (its audio tokens, envelope and initial noise). */
interface MainRows {
  result: WindowResult;
  ragTokens: Float32Array;
  oracle: Float32Array;
  noise: Float32Array;
}

async function generateMainRows(
  rt: Runtime,
  input: { frames: Float32Array; luma: Float32Array | null },
  rag: Float32Array,
  low: Float32Array,
  trueOnsets: number[],
  o: { seed: number; steps: number; guidance: number },
): Promise<MainRows> {
  const t0 = performance.now();
  const { frames, luma } = input;
  const video = await encodeVideo(rt, frames, 1);
  const tokens = video.tokens;
  const onsets = luma ? await encodeMotion(rt, luma, 1) : video.onsets;
  const cond = new Float32Array(rag.length * 2);
  cond.set(rag);
  cond.set(low, rag.length);
  const audio = await encodeCondition(rt, cond, 2);
  const aRow = audio.length / 2;
  const [ragTokens, lowTokens, noAudio] = [audio.subarray(0, aRow), audio.subarray(aRow), new Float32Array(aRow)];
  const predicted = luma && onsets ? impulseEnvelope(onsets) : (onsets ?? new Float32Array(envelopeFrames(rt)));
  const oracle = envelopeFromTimes(rt, trueOnsets);
  const noise = seededLatents(o.seed, 1, rt.bundle.latentSize)[0]!;
  const stack = (parts: Float32Array[]) => {
    const out = new Float32Array(aRow * parts.length);
    parts.forEach((p, k) => out.set(p, k * aRow));
    return out;
  };
  const ablation = ablationRuntime(rt);
  const since = (t: number) => (performance.now() - t) / 1000;
  if (!ablation) {
    // one batch: rag, low, nocond (zero audio tokens), oracle (the retrieved clip with the true onsets)
    const waves = await sampleRows(rt, { tokens, audioRows: stack([ragTokens, lowTokens, noAudio, ragTokens]), envelopes: [predicted, predicted, predicted, oracle], noise }, o);
    return { result: { waves, onsetProbs: onsets, rowSeconds: waves.map(() => since(t0) / 4) }, ragTokens, oracle, noise };
  }
  const [r, l, orc] = await sampleRows(rt, { tokens, audioRows: stack([ragTokens, lowTokens, ragTokens]), envelopes: [predicted, predicted, oracle], noise }, o);
  const mainRow = since(t0) / 3;
  const t1 = performance.now();
  const ab = await encodeVideo(ablation, frames, 1);
  const [nc] = await sampleRows(ablation, { tokens: ab.tokens, audioRows: stack([noAudio]), envelopes: [luma ? predicted : (ab.onsets ?? predicted)], noise }, o);
  return { result: { waves: [r!, l!, nc!, orc!], onsetProbs: onsets, rowSeconds: [mainRow, mainRow, since(t1), mainRow] }, ragTokens, oracle, noise };
}
