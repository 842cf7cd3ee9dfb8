import { describe, expect, it } from 'vitest';
import { eventToBedDb, peakDb, SILENCE_DB } from './measures';
import { motionOnsets, type GreyFrames } from './motion';

const W = 32;
const FPS = 25;

/** A 4×4 white square on black at x(t) per frame: the motion baseline's input without a video file. */
function squareFrames(xs: number[]): GreyFrames {
  const plane = W * W;
  const pixels = new Float32Array(xs.length * plane);
  xs.forEach((x, t) => {
    for (let y = 14; y < 18; y++) for (let c = Math.round(x); c < Math.round(x) + 4; c++) pixels[t * plane + y * W + c] = 255;
  });
  return { pixels, count: xs.length, times: xs.map((_, t) => t / FPS) };
}

describe('motion baseline', () => {
  it('puts an onset on the frame where a moving square stops', () => {
    // still, 5 frames at 2 px/frame ending on frame 10, still, 5 more ending on frame 25, still
    const xs = Array.from({ length: 34 }, (_, t) => 2 + 2 * Math.min(5, Math.max(0, t - 5)) + 2 * Math.min(5, Math.max(0, t - 20)));
    expect(motionOnsets(squareFrames(xs))).toEqual([10 / FPS, 25 / FPS]);
  });

  it('ignores a slowdown that never halves the motion from one frame to the next', () => {
    // 3 px/frame, then 2 px/frame to the end: the motion falls by a third, a glide, not a stop
    const steps = [0, 3, 3, 3, 2, 2, 2, 2];
    const xs = steps.map((_, t) => 2 + steps.slice(0, t + 1).reduce((a, b) => a + b, 0));
    expect(motionOnsets(squareFrames(xs))).toEqual([]);
  });

  it('keeps only the larger stop of two closer than minGapSec', () => {
    // stop at frame 6, one frame of motion, stop again at frame 8 (80 ms later): one onset
    const xs = [0, 0, 0, 3, 6, 9, 12, 12, 13, 13, 13, 13].map((x) => x + 2);
    expect(motionOnsets(squareFrames(xs))).toHaveLength(1);
  });
});

describe('levels', () => {
  const rate = 16_000;
  function burstsOverBed(bedAmp: number, burstAmp: number, at: number[]): Float32Array {
    const w = new Float32Array(rate * 2);
    let s = 1;
    for (let i = 0; i < w.length; i++) {
      s = (s * 1664525 + 1013904223) >>> 0;
      w[i] = bedAmp * ((s / 2 ** 32) * 2 - 1) * Math.sqrt(3); // uniform noise with RMS bedAmp
    }
    for (const t of at) for (let i = 0; i < 0.03 * rate; i++) w[Math.round(t * rate) + i]! += burstAmp * Math.sin(2 * Math.PI * 500 * (i / rate)) * Math.SQRT2;
    return w;
  }

  it('event-to-bed is the burst level over the bed level', () => {
    const w = burstsOverBed(0.001, 0.1, [0.5, 1.2]); // RMS −60 dB bed, −20 dB bursts
    expect(eventToBedDb(w, rate, [0.5, 1.2])).toBeCloseTo(40, -0.5); // within ±1.6 dB
  });

  it('without events the loudest frame stands in (a bed scores near 0)', () => {
    const w = burstsOverBed(0.001, 0, []);
    expect(Math.abs(eventToBedDb(w, rate, []))).toBeLessThan(3);
  });

  it('peak of silence is the floor, of a full-scale sample 0 dBFS', () => {
    expect(peakDb(new Float32Array(10))).toBe(SILENCE_DB);
    expect(peakDb(Float32Array.from([0, -1, 0.5]))).toBe(0);
  });
});
