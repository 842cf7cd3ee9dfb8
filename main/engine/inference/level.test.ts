import { describe, expect, it } from 'vitest';
import { BED_CEILING_DB, MAX_GAIN_DB, spanLevel, TARGET_PEAK_DB } from './level';

describe('the take level rule', () => {
  it('brings a span with hits to the target peak with one gain for all takes', () => {
    const l = spanLevel([-30, -24], true);
    expect(l).toMatchObject({ rule: 'span-peak', gainDb: TARGET_PEAK_DB + 24, peakDb: -24 });
  });
  it('never lifts a near-silent span by more than the cap', () => {
    expect(spanLevel([-120], true).gainDb).toBe(MAX_GAIN_DB);
  });
  it('keeps a quiet bed-only span at its level', () => {
    expect(spanLevel([-33, -40], false)).toMatchObject({ rule: 'bed', gainDb: 0 });
  });
  it('turns a bed-only span that would clip down to the ceiling', () => {
    const l = spanLevel([0.1, -3], false);
    expect(l.rule).toBe('bed');
    expect(l.gainDb).toBeCloseTo(BED_CEILING_DB - 0.1, 9);
  });
  it('reports silence as no peak and no gain', () => {
    expect(spanLevel([-Infinity], true)).toMatchObject({ rule: 'bed', gainDb: 0, peakDb: null });
  });
});
