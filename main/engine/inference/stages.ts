/**
 * The model stages on plain arrays (docs/DESIGN.md §4), batch-first and shape-checked; the parity test drives them with the
 * Python fixture's inputs, the pipeline with decoded media.
 */
import { EngineError } from '../core/errors';
import type { Feed } from './backend';
import { denoiserTakesEnvelope } from './bundle/load';
import type { Runtime } from './runtime';
import { cfgCombine, duplicateBatch, makeSampler } from './samplers';

export interface StepInfo {
  readonly index: number;
  readonly steps: number;
  readonly t: number;
}

export interface SampleOptions {
  /** Conditional context, [N, Tv+Ta, D]. */
  context: Float32Array;
  /** Onset envelope [N, L] (zeros for the unconditional rows are added here); ignored if the denoiser takes none. */
  envelope: Float32Array | null;
  /** Initial latents [N, ...latent.shape]. */
  latents: Float32Array;
  rows: number;
  steps: number;
  guidance: number;
  signal?: AbortSignal;
  onStep?(info: StepInfo, latent: Float32Array): void;
}

function output(file: string, out: Record<string, Feed>, name: string): Feed {
  const f = out[name];
  if (!f) throw new EngineError('bad-input', `${file}: graph returned no "${name}" output`, { file });
  return f;
}

function checkSize(what: string, data: Float32Array, want: number): void {
  if (data.length !== want) throw new EngineError('internal', `${what}: expected ${want} values, got ${data.length}`);
}

/** Stage 1: frames [N,T,3,H,W] → video tokens [N,Tv,D] and, with a timing head, onset probabilities [N,L]. */
export async function encodeVideo(rt: Runtime, frames: Float32Array, rows: number): Promise<{ tokens: Float32Array; onsets: Float32Array | null }> {
  const v = rt.bundle.manifest.video;
  checkSize('frames', frames, rows * v.frames * 3 * v.height * v.width);
  const out = await rt.run('videoEncoder', { frames: { data: frames, dims: [rows, v.frames, 3, v.height, v.width] } });
  const tokens = output(rt.bundle.graphPath('videoEncoder'), out, 'tokens').data;
  return { tokens, onsets: out.onsets?.data ?? null };
}

/**
 * Stage 1b (bundles with a motion timing graph, issue 16): luma frames [N,T,H,W] (gray/255) → onset probabilities
 * [N,L]. They replace the video encoder's onsets as the bundle's timing head (timing.ts).
 */
export async function encodeMotion(rt: Runtime, luma: Float32Array, rows: number): Promise<Float32Array> {
  const mo = rt.bundle.manifest.motion;
  if (!mo) throw new EngineError('unavailable', `bundle ${rt.bundle.id} has no motion section: it has no motion timing graph`);
  checkSize('luma frames', luma, rows * mo.frames * mo.height * mo.width);
  const out = await rt.run('motionTiming', { frames: { data: luma, dims: [rows, mo.frames, mo.height, mo.width] } });
  const onsets = output(rt.bundle.graphPath('motionTiming'), out, 'onsets').data;
  checkSize('motion onsets', onsets, rows * envelopeFrames(rt));
  return onsets;
}

/** Stage 2: condition waves [N,S] at the model rate → audio tokens [N,Ta,D]. */
export async function encodeCondition(rt: Runtime, waves: Float32Array, rows: number): Promise<Float32Array> {
  checkSize('condition wave', waves, rows * rt.bundle.clipSamples);
  const out = await rt.run('audioCondition', { wave: { data: waves, dims: [rows, rt.bundle.clipSamples] } });
  return output(rt.bundle.graphPath('audioCondition'), out, 'tokens').data;
}

/** Video tokens first, then audio tokens (docs/DESIGN.md §3), per row. */
export function concatContext(video: Float32Array, audio: Float32Array, rows: number): Float32Array {
  const vRow = video.length / rows;
  const aRow = audio.length / rows;
  const out = new Float32Array(video.length + audio.length);
  for (let r = 0; r < rows; r++) {
    out.set(video.subarray(r * vRow, (r + 1) * vRow), r * (vRow + aRow));
    out.set(audio.subarray(r * aRow, (r + 1) * aRow), r * (vRow + aRow) + vRow);
  }
  return out;
}

/**
 * Whether guidance runs at timestep t: always, unless the bundle limits it to an interval of timesteps
 * (`diffusion.guidanceInterval`, after Kynkäänniemi et al. 2024; outside it the conditional output alone is used and
 * the unconditional rows are not run). For the default bundle the first, noisiest step must stay guided: it carries
 * the condition (models/README "Fewer sampler steps").
 */
export function guidedAt(interval: readonly [number, number] | undefined, t: number): boolean {
  return !interval || (t >= interval[0] && t <= interval[1]);
}

/** Stages 3–4: the sampling loop with CFG batched as 2N rows ([cond; all-zero context and envelope]). */
export async function sampleLatents(rt: Runtime, o: SampleOptions): Promise<Float32Array> {
  const b = rt.bundle;
  const d = b.manifest.diffusion;
  const size = b.latentSize;
  checkSize('latents', o.latents, o.rows * size);
  const ctxRow = (b.manifest.context.video + b.manifest.context.audio) * b.manifest.context.dim;
  checkSize('context', o.context, o.rows * ctxRow);
  const sampler = makeSampler(d.sampler, d);
  sampler.setTimesteps(o.steps);
  const tokens = b.manifest.context.video + b.manifest.context.audio;
  const env = denoiserTakesEnvelope(b) ? (o.envelope ?? new Float32Array(o.rows * envelopeFrames(rt))) : null;
  // Guidance 1 is the conditional output alone (w·c + 0·u): the unconditional half of the batch is never run.
  const feedsFor = (copies: 1 | 2): Record<string, Feed> => {
    const context = new Float32Array(o.context.length * copies);
    context.set(o.context); // a second half stays zero: the unconditional context
    const feeds: Record<string, Feed> = { context: { data: context, dims: [copies * o.rows, tokens, b.manifest.context.dim] } };
    if (env) {
      const e = new Float32Array(env.length * copies);
      e.set(env);
      feeds.onsetEnvelope = { data: e, dims: [copies * o.rows, env.length / o.rows] };
    }
    return feeds;
  };
  const paired = o.guidance === 1 ? null : feedsFor(2);
  const single = !paired || d.guidanceInterval ? feedsFor(1) : null;
  const file = b.graphPath('denoiser');
  let x = o.latents;
  const steps = sampler.timesteps;
  for (let i = 0; i < steps.length; i++) {
    if (o.signal?.aborted) throw new EngineError('cancelled', 'generation cancelled');
    const t = steps[i];
    const copies = paired && guidedAt(d.guidanceInterval, t) ? 2 : 1;
    const feeds = copies === 2 ? paired : single;
    if (!feeds) throw new EngineError('internal', `sampling: no ${copies}-copy feeds at t=${t}`);
    const out = await rt.run('denoiser', {
      ...feeds,
      latent: { data: copies === 2 ? duplicateBatch(x) : x, dims: [copies * o.rows, ...b.manifest.latent.shape] },
      t: { data: new Float32Array(copies * o.rows).fill(t), dims: [copies * o.rows] },
    });
    const eps = output(file, out, 'eps').data;
    const guided = copies === 2 ? cfgCombine(eps, o.rows, size, o.guidance) : eps;
    x = sampler.step(guided, t, x) as Float32Array;
    o.onStep?.({ index: i, steps: steps.length, t }, x);
  }
  return x;
}

/** Envelope length L: the denoiser's declared input, else manifest onsets.frames, else the last latent axis. */
export function envelopeFrames(rt: Runtime): number {
  const m = rt.bundle.manifest;
  return m.onsets?.frames ?? m.latent.shape[m.latent.shape.length - 1];
}

/** Model-rate samples per envelope frame (SPEC: index = floor(t·rate/hop)). */
export function envelopeHop(rt: Runtime): number {
  const m = rt.bundle.manifest;
  return m.onsets?.hop ?? m.audio.mel?.hop ?? rt.bundle.clipSamples / envelopeFrames(rt);
}

/** Stage 5: latents → (÷ scale, as SD's VAE) decoder → mel → vocoder → waves [N,S]. */
export async function decodeLatents(rt: Runtime, latents: Float32Array, rows: number): Promise<{ mel: Float32Array; wave: Float32Array }> {
  const b = rt.bundle;
  const scale = b.manifest.latent.scale;
  const input = scale === 1 ? latents : latents.map((v) => v / scale);
  const melOut = output(b.graphPath('decoder'), await rt.run('decoder', { latent: { data: input, dims: [rows, ...b.manifest.latent.shape] } }), 'mel');
  const waveOut = output(b.graphPath('vocoder'), await rt.run('vocoder', { mel: melOut }), 'wave');
  return { mel: melOut.data, wave: waveOut.data };
}
