/** Accumulates docs/DESIGN.md §8's metrics for one method over the evaluation clips. */
import { frechetDistance } from './frechet';
import { ambientDb, bedLevelDb, pearson } from './levels';
import { addCounts, detectOnsets, f1, matchOnsets, type MatchCounts } from '../onsets';

export interface MethodMetrics {
  fad: number;
  onsetF1: number;
  onsetPrecision: number;
  onsetRecall: number;
  classAcc: number;
  ambientDb: number;
  ambientErrDb: number;
  ambientCorr: number;
  rtf: number;
}

export interface ClipObservation {
  wave: Float32Array;
  /** Bed level (dBFS) of the condition this method was asked to follow. */
  referenceBedDb: number | null;
  trueOnsets: number[];
  trueClass: number | null;
  predictedClass: number;
  embedding: Float32Array;
  computeSec: number;
}

export class MethodScore {
  private counts: MatchCounts = { tp: 0, fp: 0, fn: 0 };
  private classHits = 0;
  private classTotal = 0;
  private readonly embeddings: Float32Array[] = [];
  private readonly ambient: number[] = [];
  private readonly gen: number[] = [];
  private readonly ref: number[] = [];
  private compute = 0;
  private audioSec = 0;

  constructor(private readonly rate: number) {}

  add(o: ClipObservation): void {
    if (o.trueOnsets.length > 0) this.counts = addCounts(this.counts, matchOnsets(detectOnsets(o.wave, this.rate), o.trueOnsets));
    if (o.trueClass !== null) {
      this.classTotal++;
      if (o.predictedClass === o.trueClass) this.classHits++;
    }
    this.embeddings.push(o.embedding);
    this.ambient.push(ambientDb(o.wave, this.rate));
    if (o.referenceBedDb !== null) {
      this.gen.push(bedLevelDb(o.wave, this.rate));
      this.ref.push(o.referenceBedDb);
    }
    this.compute += o.computeSec;
    this.audioSec += o.wave.length / this.rate;
  }

  metrics(realEmbeddings: Float32Array[]): MethodMetrics {
    const c = this.counts;
    const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
    return {
      fad: this.embeddings.length > 1 ? frechetDistance(this.embeddings, realEmbeddings) : Number.NaN,
      onsetF1: f1(c),
      onsetPrecision: c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0,
      onsetRecall: c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0,
      classAcc: this.classTotal ? this.classHits / this.classTotal : Number.NaN,
      ambientDb: mean(this.ambient),
      ambientErrDb: mean(this.gen.map((g, i) => Math.abs(g - this.ref[i]!))),
      ambientCorr: pearson(this.gen, this.ref),
      rtf: this.audioSec ? this.compute / this.audioSec : Number.NaN,
    };
  }
}

/** The random-onset floor: as many uniformly random onsets per clip as the truth has, scored the same way. */
export function randomOnsetFloor(clips: { trueOnsets: number[]; seconds: number }[], seed = 1): number {
  let s = seed >>> 0;
  const rand = (): number => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  let counts: MatchCounts = { tp: 0, fp: 0, fn: 0 };
  for (let rep = 0; rep < 20; rep++) {
    for (const c of clips) {
      if (!c.trueOnsets.length) continue;
      const guess = c.trueOnsets.map(() => rand() * c.seconds);
      counts = addCounts(counts, matchOnsets(guess, c.trueOnsets));
    }
  }
  return f1(counts);
}
