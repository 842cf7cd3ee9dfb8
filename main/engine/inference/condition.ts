/**
 * Stage 2 input: the condition wave that carries the ambience (DESIGN §1.2, §4.2): clipSamples at the model rate,
 * mono, looped if the clip is shorter. Modes: `none` (zeros), `low` (the bundle's low-ambient clip, else zeros),
 * `file` (a user clip), `auto` (retrieval through the clip library; falls back to `low` and says so).
 */
import path from 'node:path';
import { EngineError } from '../core/errors';
import { decodeAudio, probe } from '../media';
import type { Ambient } from '../../contract/domains/inference';
import type { Bundle } from './bundle/load';

export interface Condition {
  readonly wave: Float32Array;
  readonly mode: 'auto' | 'low' | 'none' | 'file' | 'low-fallback';
  readonly clip: string | null;
  readonly score: number | null;
  readonly note?: string;
}

export interface RetrievalQuery {
  readonly bundle: Bundle;
  readonly video: string;
  readonly start: number;
  readonly end: number;
  readonly signal?: AbortSignal;
}

/** A library clip chosen for a span: its id, a readable file and its similarity score. */
export interface Retrieved {
  readonly clip: string;
  readonly path: string;
  readonly score: number;
}

export type Retriever = (q: RetrievalQuery) => Promise<Retrieved | null>;

/** Repeats `src` to fill `n` samples (a short bed loops; DESIGN §4.2). */
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
    return { wave: new Float32Array(bundle.clipSamples), mode, clip: null, score: null, note: [note, `bundle ${bundle.id} ships no low-ambient clip: silent condition`].filter(Boolean).join('; ') };
  }
  const file = path.join(bundle.dir, low);
  return { wave: await loadConditionWave(bundle, file, signal), mode, clip: file, score: null, note };
}

export async function resolveCondition(bundle: Bundle, ambient: Ambient, q: Omit<RetrievalQuery, 'bundle'>, retrieve?: Retriever): Promise<Condition> {
  switch (ambient.mode) {
    case 'none':
      return { wave: new Float32Array(bundle.clipSamples), mode: 'none', clip: null, score: null };
    case 'file': {
      const file = path.resolve(ambient.path!);
      return { wave: await loadConditionWave(bundle, file, q.signal), mode: 'file', clip: file, score: null };
    }
    case 'low':
      return lowCondition(bundle, 'low', q.signal);
    case 'auto': {
      if (!retrieve) return lowCondition(bundle, 'low-fallback', q.signal, 'clip library retrieval unavailable in this build');
      const hit = await retrieve({ ...q, bundle });
      if (!hit) return lowCondition(bundle, 'low-fallback', q.signal, 'the clip library has no clip for this bundle yet');
      return { wave: await loadConditionWave(bundle, hit.path, q.signal), mode: 'auto', clip: hit.clip, score: hit.score };
    }
  }
}
