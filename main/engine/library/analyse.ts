/**
 * Per-clip measurements on the shared 16 kHz mono decode (one decode feeds every analysis and the embeddings).
 *
 * Ambient level: the stationary background of a clip is what is left when events are ignored, so we take the
 * 10th percentile of 50 ms frame RMS (dBFS). Events are sparse and loud; the low percentile sits on the bed.
 */
export const ANALYSIS_RATE = 16000;
const FRAME_SEC = 0.05;
const FLOOR_DB = -120;

export function frameRmsDb(wave: Float32Array, rate = ANALYSIS_RATE, frameSec = FRAME_SEC): Float32Array {
  const len = Math.max(1, Math.round(rate * frameSec));
  const count = Math.max(1, Math.floor(wave.length / len));
  const out = new Float32Array(count);
  for (let f = 0; f < count; f++) {
    let s = 0;
    const end = Math.min(wave.length, (f + 1) * len);
    for (let i = f * len; i < end; i++) s += wave[i]! * wave[i]!;
    const ms = s / Math.max(1, end - f * len);
    out[f] = ms > 0 ? Math.max(FLOOR_DB, 10 * Math.log10(ms)) : FLOOR_DB;
  }
  return out;
}

export function percentile(values: Float32Array, p: number): number {
  const sorted = Float32Array.from(values).sort();
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.floor((p / 100) * (sorted.length - 1))));
  return sorted[idx]!;
}

export function ambientLevelDb(framesDb: Float32Array): number {
  return Math.round(percentile(framesDb, 10) * 100) / 100;
}

/** The loudest 50 ms of the clip (dBFS): with the bed level, it tells whether the clip has strong events. */
export function peakLevelDb(framesDb: Float32Array): number {
  let max = FLOOR_DB;
  for (const v of framesDb) if (v > max) max = v;
  return Math.round(max * 100) / 100;
}

/** An event this far above the bed is heard as a hit, not as part of the ambience. */
export const STRONG_EVENT_DB = 20;
/** Below this level nothing is strong, whatever the bed (a faint click in digital silence). */
export const AUDIBLE_EVENT_DBFS = -50;

/**
 * Whether a clip has strong events (hits, chops, a door): its loudest moment stands well above its bed and is itself
 * audible. The bed alone cannot tell: loud knife chops with silence between them have a bed of −120 dB.
 */
export function hasStrongEvents(ambientDb: number, peakDb: number): boolean {
  return peakDb - ambientDb > STRONG_EVENT_DB && peakDb > AUDIBLE_EVENT_DBFS;
}

/**
 * Where to listen for speech: up to `count` non-overlapping segments of `segSamples` centred on the loudest frames.
 * Speech in an ambience is louder than the bed it sits on, so the loudest seconds are where it would be; listening
 * to 1.5 s instead of the whole clip is what keeps Silero affordable at import speed (documented trade-off: quiet
 * speech buried under a louder bed elsewhere in a long clip can be missed).
 */
export function speechSegments(wave: Float32Array, framesDb: Float32Array, segSamples: number, count = 3, rate = ANALYSIS_RATE): Float32Array[] {
  const frameLen = Math.round(rate * FRAME_SEC);
  if (wave.length <= segSamples) {
    const seg = new Float32Array(segSamples);
    seg.set(wave);
    return [seg];
  }
  const order = Array.from(framesDb.keys()).sort((a, b) => framesDb[b]! - framesDb[a]!);
  const starts: number[] = [];
  for (const f of order) {
    if (starts.length >= count) break;
    const centre = f * frameLen + frameLen / 2;
    const start = Math.min(wave.length - segSamples, Math.max(0, Math.round(centre - segSamples / 2)));
    if (starts.every((s) => Math.abs(s - start) >= segSamples)) starts.push(start);
  }
  return starts.sort((a, b) => a - b).map((s) => wave.slice(s, s + segSamples));
}

/**
 * Windows for the AV-Sim audio embedding: one window of the bundle's clip length per ~8 s of audio (1 to 4),
 * evenly spread; a clip shorter than a window is looped to fill it (as the generation pipeline loops conditions).
 */
export function embeddingWindows(wave: Float32Array, windowSamples: number, rate = ANALYSIS_RATE): Float32Array[] {
  if (wave.length === 0) return [new Float32Array(windowSamples)];
  if (wave.length <= windowSamples) {
    const w = new Float32Array(windowSamples);
    for (let i = 0; i < windowSamples; i += wave.length) w.set(wave.subarray(0, Math.min(wave.length, windowSamples - i)), i);
    return [w];
  }
  const count = Math.min(4, Math.max(1, Math.round(wave.length / rate / 8)));
  const span = wave.length - windowSamples;
  const out: Float32Array[] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.round(count === 1 ? span / 2 : (span * i) / (count - 1));
    out.push(wave.slice(start, start + windowSamples));
  }
  return out;
}

/** Mean of the windows' embeddings (each L2-normalised first, so one loud window does not dominate). */
export function meanEmbedding(vectors: Float32Array[]): Float32Array {
  const dim = vectors[0]?.length ?? 0;
  const out = new Float32Array(dim);
  for (const v of vectors) {
    let n = 0;
    for (let i = 0; i < dim; i++) n += v[i]! * v[i]!;
    const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
    for (let i = 0; i < dim; i++) out[i]! += v[i]! * inv;
  }
  return out;
}
