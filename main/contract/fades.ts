/**
 * The gain shapes of the mix, as formulas on item-local samples: the export (main/engine/export/mix.ts, whose header
 * explains them) and editor playback (renderer/src/audio/pieces.ts) both evaluate these, so what a user hears is
 * what the stems contain. Pure: importable from the renderer and the engine alike.
 */

/** Linear clip fade envelope at item-local sample j of an item `length` samples long. */
export function fadeGain(j: number, length: number, rate: number, fadeIn: number, fadeOut: number): number {
  const t = j / rate;
  const d = length / rate;
  let g = 1;
  if (fadeIn > 0 && t < fadeIn) g *= t / fadeIn;
  if (fadeOut > 0 && d - t < fadeOut) g *= Math.max(0, d - t) / fadeOut;
  return g;
}

/**
 * Source sample of a looping item at item-local sample j, with equal-power crossfades between repeats. `src` starts
 * at the item's offset; `crossfade` is in samples (at most half of src).
 */
export function loopSample(src: Float32Array, j: number, crossfade: number): number {
  const period = src.length - crossfade;
  const k = Math.floor(j / period);
  const u = j - k * period; // position inside repeat k
  let v = src[u]!;
  if (k > 0 && u < crossfade) {
    const w = (Math.PI / 2) * (u / crossfade);
    v = v * Math.sin(w) + src[u + period]! * Math.cos(w); // previous repeat's tail
  }
  return v;
}
