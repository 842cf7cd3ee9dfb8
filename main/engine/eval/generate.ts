/**
 * One evaluation window through the shipped ONNX graphs (not PyTorch): the video is encoded once, then the four
 * AV-LDM conditions of DESIGN §8 are sampled together in one batch with the SAME initial noise, so the rows differ
 * only by their condition:
 *   0 av-ldm-rag            retrieved pool clip, predicted onset envelope
 *   1 av-ldm-low            low-ambient clip, predicted envelope
 *   2 av-ldm-nocond         all-zero audio tokens, predicted envelope
 *   3 av-ldm-oracle-onsets  retrieved clip, envelope drawn from the true contact times (upper bound on sync)
 */
import { encodeCondition, encodeVideo, concatContext, sampleLatents, decodeLatents, envelopeFrames, envelopeHop } from '../inference/stages';
import { seededLatents } from '../inference/rng';
import type { Runtime } from '../inference/runtime';

export const LDM_ROWS = ['av-ldm-rag', 'av-ldm-low', 'av-ldm-nocond', 'av-ldm-oracle-onsets'] as const;

export interface WindowResult {
  waves: Float32Array[];
  /** Timing-head probabilities per envelope frame (null without a timing head). */
  onsetProbs: Float32Array | null;
  seconds: number;
}

export function envelopeFromTimes(rt: Runtime, times: number[]): Float32Array {
  const frames = envelopeFrames(rt);
  const hop = envelopeHop(rt);
  const rate = rt.bundle.manifest.audio.sampleRate;
  const env = new Float32Array(frames);
  for (const t of times) {
    const i = Math.floor((t * rate) / hop); // SPEC: floor(t·rate/hop)
    if (i >= 0 && i < frames) env[i] = 1;
  }
  return env;
}

/** Peaks of the timing head above 0.5, as times from the window start. */
export function onsetTimesFromProbs(rt: Runtime, probs: Float32Array): number[] {
  const hop = envelopeHop(rt);
  const rate = rt.bundle.manifest.audio.sampleRate;
  const out: number[] = [];
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    if (p > 0.5 && p >= (probs[i - 1] ?? 0) && p > (probs[i + 1] ?? 0)) out.push((i * hop) / rate);
  }
  return out;
}

export async function generateWindow(
  rt: Runtime,
  frames: Float32Array,
  rag: Float32Array,
  low: Float32Array,
  trueOnsets: number[],
  o: { seed: number; steps: number; guidance: number },
): Promise<WindowResult> {
  const t0 = performance.now();
  const rows = LDM_ROWS.length;
  const { tokens, onsets } = await encodeVideo(rt, frames, 1);
  const cond = new Float32Array(rag.length * 2);
  cond.set(rag);
  cond.set(low, rag.length);
  const audio = await encodeCondition(rt, cond, 2);
  const aRow = audio.length / 2;
  const audioRows = new Float32Array(aRow * rows);
  audioRows.set(audio.subarray(0, aRow), 0); // rag
  audioRows.set(audio.subarray(aRow), aRow); // low
  // row 2 stays zero: no audio condition
  audioRows.set(audio.subarray(0, aRow), 3 * aRow); // oracle uses the retrieved clip too
  const videoRows = new Float32Array(tokens.length * rows);
  for (let r = 0; r < rows; r++) videoRows.set(tokens, r * tokens.length);
  const context = concatContext(videoRows, audioRows, rows);
  const L = envelopeFrames(rt);
  const predicted = onsets ?? new Float32Array(L);
  const envelope = new Float32Array(L * rows);
  for (let r = 0; r < 3; r++) envelope.set(predicted, r * L);
  envelope.set(envelopeFromTimes(rt, trueOnsets), 3 * L);
  const noise = seededLatents(o.seed, 1, rt.bundle.latentSize)[0]!;
  const latents = new Float32Array(noise.length * rows);
  for (let r = 0; r < rows; r++) latents.set(noise, r * noise.length);
  const x = await sampleLatents(rt, { context, envelope, latents, rows, steps: o.steps, guidance: o.guidance });
  const { wave } = await decodeLatents(rt, x, rows);
  const n = wave.length / rows;
  return {
    waves: Array.from({ length: rows }, (_, r) => wave.slice(r * n, (r + 1) * n)),
    onsetProbs: onsets,
    seconds: (performance.now() - t0) / 1000,
  };
}
