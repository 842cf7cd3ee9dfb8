/**
 * Meter maths (ITU-R BS.1770-4). Short-term loudness = −0.691 + 10·log10(mean square of the K-weighted signal over
 * the last 3 s); the K-weighting filters themselves run in the audio graph (meter.ts).
 */
export function lufsFromMeanSquare(ms: number): number {
  return ms > 0 ? -0.691 + 10 * Math.log10(ms) : -Infinity;
}

export function dbfs(peak: number): number {
  return peak > 0 ? 20 * Math.log10(peak) : -Infinity;
}

/** Below these the meter reads silence: filter residue after a stop measures −449 dBFS / −728 LUFS, meaning nothing. */
export const METER_FLOOR_DBFS = -120;
/** BS.1770's absolute gate: blocks quieter than −70 LUFS do not count as programme loudness. */
export const METER_FLOOR_LUFS = -70;

/** The meter's reading in words: "−12.3 dBFS · −20.1 LUFS-S", and "−∞" for silence (or nothing measurable). */
export function meterText(peakDb: number, lufs: number): string {
  const peak = peakDb > METER_FLOOR_DBFS ? peakDb.toFixed(1) : '−∞';
  const loud = lufs > METER_FLOOR_LUFS ? lufs.toFixed(1) : '−∞';
  return `${peak} dBFS · ${loud} LUFS-S`;
}

/** Running 3-second window of block mean squares (blocks may differ in length: weighted by their sample count). */
export class ShortTermWindow {
  private blocks: { t: number; sum: number; n: number }[] = [];

  constructor(private readonly seconds = 3) {}

  push(t: number, samples: Float32Array): void {
    let sum = 0;
    for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
    this.blocks.push({ t, sum, n: samples.length });
    while (this.blocks.length && this.blocks[0]!.t < t - this.seconds) this.blocks.shift();
  }

  lufs(): number {
    let sum = 0;
    let n = 0;
    for (const b of this.blocks) {
      sum += b.sum;
      n += b.n;
    }
    return n ? lufsFromMeanSquare(sum / n) : -Infinity;
  }

  reset(): void {
    this.blocks = [];
  }
}
