import { describe, expect, it } from 'vitest';
import { impulseEnvelope, pickOnsets, spanTiming } from '../../main/engine/inference/timing';
import { renderEnvelope } from '../../main/engine/inference/windows';

// The envelope the denoiser gets when a span has no given onsets (inference/timing.ts): impulses at the predicted
// onsets with a motion timing graph, the encoder head's raw probabilities without one.
const RATE = 16000;
const HOP = 256;
const L = 128;
const CLIP = (L * HOP) / RATE; // 2.048 s

/** Probabilities with bumps (0.2 → 0.9 → 0.2 over 5 frames, not impulses) peaking at the given frames. */
function bumps(peaks: number[]): Float32Array {
  const p = new Float32Array(L).fill(0.05);
  for (const i of peaks) [0.2, 0.6, 0.9, 0.6, 0.2].forEach((v, d) => (p[i - 2 + d] = Math.max(p[i - 2 + d] ?? 0, v)));
  return p;
}

const base = { frames: L, rate: RATE, hop: HOP };

describe('span timing: onsets and envelopes', () => {
  it('motion graph: each window gets an impulse (1, else 0) at every predicted onset inside it, at the peak frame', () => {
    const starts = [1.0];
    const probs = [bumps([10, 50, 90])];
    const t = spanTiming({ ...base, userOnsets: undefined, probs, motion: true, starts, spanStart: 1.0, spanEnd: 1.0 + CLIP });
    // 1.0 + i·16 ms; 1.16 − 1.0 is 0.15999… in floating point, so 1.16 would draw on frame 9: stored 0.1 ms later
    expect(t.onsets).toEqual([1.1601, 1.8, 2.44]);
    const env = t.envelopes[0]!;
    expect([...env.keys()].filter((i) => env[i] !== 0)).toEqual([10, 50, 90]);
    expect(new Set(env)).toEqual(new Set([0, 1]));
    expect(Array.from(impulseEnvelope(probs[0]!))).toEqual(Array.from(env));
  });

  it('motion graph, two overlapping windows: one onset per event, drawn in both windows where they overlap', () => {
    const starts = [0, 1.5]; // overlap [1.5, 2.048); midpoint 1.774
    // event at 1.6 s: frame 100 of window 0 and frame 6.25 → 6 of window 1; both windows see it
    const probs = [bumps([20, 100]), bumps([6, 100])];
    const picked = pickOnsets(probs, starts, 0, 1.5 + CLIP, RATE, HOP);
    expect(picked.map((p) => [p.window, p.index])).toEqual([[0, 20], [0, 100], [1, 100]]); // window 1's frame 6 is window 0's part
    const t = spanTiming({ ...base, userOnsets: undefined, probs, motion: true, starts, spanStart: 0, spanEnd: 1.5 + CLIP });
    expect(t.onsets).toEqual([0.32, 1.6, 3.1]);
    const on = (e: Float32Array | null): number[] => [...e!.keys()].filter((i) => e![i] !== 0);
    expect(on(t.envelopes[0])).toEqual([20, 100]);
    // window 1: window 0's onset at 1.6 s drawn as a given onset would be (floor((1.6 − 1.5)·rate/hop) = 6), its own at 100
    expect(on(t.envelopes[1])).toEqual([Math.floor(((1.6 - 1.5) * RATE) / HOP), 100]);
    t.envelopes.forEach((e, k) => expect(Array.from(e!)).toEqual(Array.from(renderEnvelope(t.onsets, starts[k]!, L, RATE, HOP))));
  });

  it('predicted onsets given back as markers land on their own frame, whatever the window start (0.1 ms storage)', () => {
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let moved = 0;
    let total = 0;
    for (let trial = 0; trial < 300; trial++) {
      const start = rand() * 30;
      const peaks = [3, 17, 40, 50 + Math.floor(rand() * 60), 120];
      const picked = pickOnsets([bumps(peaks)], [start], start, start + CLIP, RATE, HOP);
      expect(picked.map((p) => p.index)).toEqual(peaks);
      for (const p of picked) {
        const exact = start + (p.index * HOP) / RATE;
        expect(Number(p.time.toFixed(4))).toBe(p.time); // stored at 0.1 ms
        expect(Math.abs(p.time - exact)).toBeLessThan(1.5e-4);
        expect(Math.floor(((p.time - start) * RATE) / HOP)).toBe(p.index);
        if (p.time !== Number(exact.toFixed(4))) moved++;
        total++;
      }
    }
    expect(moved).toBeGreaterThan(total / 10); // plain rounding would have lost these frames
  });

  it('encoder head (no motion graph): the raw probabilities, unchanged (bundles trained and verified so)', () => {
    const probs = [bumps([10, 50]), null];
    const t = spanTiming({ ...base, userOnsets: undefined, probs, motion: false, starts: [0, 1.5], spanStart: 0, spanEnd: 1.5 + CLIP });
    expect(t.envelopes[0]).toBe(probs[0]);
    expect(t.envelopes[1]).toBeNull();
    expect(t.onsets).toEqual([0.16, 0.8]);
  });

  it('given onsets win over any head: drawn per window, listed sorted', () => {
    for (const motion of [true, false]) {
      const t = spanTiming({ ...base, userOnsets: [1.9, 0.5], probs: [bumps([10])], motion, starts: [0], spanStart: 0, spanEnd: CLIP });
      expect(t.onsets).toEqual([0.5, 1.9]);
      expect(Array.from(t.envelopes[0]!)).toEqual(Array.from(renderEnvelope([0.5, 1.9], 0, L, RATE, HOP)));
    }
  });
});
