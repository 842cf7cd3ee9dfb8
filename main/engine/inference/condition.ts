/**
 * Stage 2 input: the condition wave that carries the ambience (docs/DESIGN.md §1.2, §4.2): clipSamples at the model rate,
 * mono, looped if the clip is shorter. Modes: `none` (zeros), `low` (the bundle's low-ambient clip, else zeros),
 * `file` (a user clip), `auto` (retrieval through the clip library; falls back to `low` and says so).
 */
import path from 'node:path';
import { EngineError } from '../core/errors';
import { decodeAudio, probe } from '../media';
import type { AmbientOutcome } from '../../contract/condition-mode';
import type { Ambient } from '../../contract/domains/inference';
import type { Bundle } from './bundle/load';
import { embedVideoSpan } from './embed';
import { bestMatch, quietest, readPool } from './pool';

export interface Condition {
  readonly wave: Float32Array;
  readonly mode: AmbientOutcome;
  readonly clip: string | null;
  readonly score: number | null;
  /** The file the condition came from (library clips: their path; `clip` is the library id). */
  readonly path?: string;
  readonly note?: string;
}

/** A library clip chosen for a span: its id, a readable file and its similarity score. */
export interface Retrieved {
  readonly clip: string;
  readonly path: string;
  readonly score: number;
}

/**
 * What the clip library answered for the span (asked on the engine side, which owns the library): a hit, or none
 * with the reason, which the result reports.
 */
export interface Retrieval {
  readonly hit: Retrieved | null;
  readonly note?: string;
}

/** Repeats `src` to fill `n` samples (a short bed loops; docs/DESIGN.md §4.2). */
export function loopTo(src: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n);
  if (src.length === 0) return out;
  for (let i = 0; i < n; i += src.length) out.set(src.subarray(0, Math.min(src.length, n - i)), i);
  return out;
}

/** The first clipSeconds of an audio file at the model rate, looped if shorter. Errors name the file. */
export async function loadConditionWave(bundle: Bundle, file: string, signal?: AbortSignal): Promise<Float32Array> {
  const rate = bundle.manifest.audio.sampleRate;
  const clip = bundle.manifest.audio.clipSeconds;
  try {
    const info = await probe(file, { signal });
    const end = Math.min(clip, info.duration > 0 ? info.duration : clip);
    const audio = await decodeAudio(file, { start: 0, end, rate, channels: 1, signal });
    const wave = audio.channels[0];
    if (wave.length === 0) throw new EngineError('bad-input', `${file}: the condition clip has no samples`, { file });
    return loopTo(wave, bundle.clipSamples);
  } catch (err) {
    if (err instanceof EngineError && err.code !== 'cancelled') {
      throw new EngineError(err.code, `condition clip unusable: ${err.message}`, { ...err.details, file });
    }
    throw err;
  }
}

async function lowCondition(bundle: Bundle, mode: 'low' | 'low-fallback', signal?: AbortSignal, note?: string): Promise<Condition> {
  const low = bundle.manifest.conditions?.low;
  if (!low) {
    const q = quietest(bundle, readPool(bundle));
    if (q) return { wave: await loadConditionWave(bundle, q.path, signal), mode, clip: `pool:${q.entry.file}`, score: null, path: q.path, note };
    return { wave: new Float32Array(bundle.clipSamples), mode, clip: null, score: null, note: [note, `bundle ${bundle.id} ships no low-ambient clip: silent condition`].filter(Boolean).join('; ') };
  }
  const file = path.join(bundle.dir, low);
  return { wave: await loadConditionWave(bundle, file, signal), mode, clip: file, score: null, note };
}

async function fromLibrary(bundle: Bundle, hit: Retrieved, mode: 'auto' | 'low', signal?: AbortSignal): Promise<Condition> {
  return { wave: await loadConditionWave(bundle, hit.path, signal), mode, clip: hit.clip, score: hit.score, path: hit.path };
}

/** Whether `auto` will rank the bundle's pool by the span's AV-Sim video vector (no library clip, a pool with vectors). */
export function needsSpanVector(bundle: Bundle, ambient: Ambient, retrieval?: Retrieval): boolean {
  return ambient.mode === 'auto' && !retrieval?.hit && bundle.has('avsimVideo') && readPool(bundle).some((e) => e.embedding);
}

/**
 * `auto` without a library hit: the bundle pool's closest clip to the span by AV-Sim, when the bundle can tell. The
 * span's vector comes from generation's own stage 1 frames; embedded here only for a caller that did not pass it.
 */
async function fromPool(bundle: Bundle, span: Span, signal?: AbortSignal): Promise<Condition | null> {
  const pool = readPool(bundle);
  if (!pool.some((e) => e.embedding) || !bundle.has('avsimVideo')) return null;
  const pick = bestMatch(bundle, pool, span.vector ?? await embedVideoSpan(bundle, span.video, span.start, span.end, signal));
  if (!pick) return null;
  return { wave: await loadConditionWave(bundle, pick.path, signal), mode: 'auto', clip: `pool:${pick.entry.file}`, score: pick.score, path: pick.path, note: 'from the bundle\'s condition pool' };
}

export interface Span {
  readonly video: string;
  readonly start: number;
  readonly end: number;
  /** The span's AV-Sim video vector, when stage 1 computed it from its frames. */
  readonly vector?: Float32Array | null;
}

export async function resolveCondition(bundle: Bundle, ambient: Ambient, span: Span, retrieval?: Retrieval, signal?: AbortSignal): Promise<Condition> {
  const q = { signal };
  switch (ambient.mode) {
    case 'none':
      return { wave: new Float32Array(bundle.clipSamples), mode: 'none', clip: null, score: null };
    case 'file': {
      const file = path.resolve(ambient.path!);
      return { wave: await loadConditionWave(bundle, file, q.signal), mode: 'file', clip: file, score: null };
    }
    case 'low':
      // The quietest relevant library clip when there is one (docs/DESIGN.md §5), else the bundle's own low-ambient clip.
      if (retrieval?.hit) return fromLibrary(bundle, retrieval.hit, 'low', q.signal);
      return lowCondition(bundle, 'low', q.signal, retrieval?.note);
    case 'auto': {
      if (retrieval?.hit) return fromLibrary(bundle, retrieval.hit, 'auto', q.signal);
      const pooled = await fromPool(bundle, span, q.signal);
      if (pooled) return { ...pooled, note: [retrieval?.note, pooled.note].filter(Boolean).join('; ') };
      return lowCondition(bundle, 'low-fallback', q.signal, retrieval?.note ?? 'clip library retrieval was not available');
    }
  }
}
