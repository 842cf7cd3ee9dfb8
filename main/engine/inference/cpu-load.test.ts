import { describe, expect, it } from 'vitest';
import { othersBetween, othersBusyNow, parseChildrenSec, parseCpuTimes, sampleCpu } from './cpu-load';

describe('cpu-load', () => {
  it('reads the busy seconds of /proc/stat (idle and iowait left out) and the reaped children of /proc/self/stat', () => {
    // user nice system idle iowait irq softirq steal guest guest_nice, in 1/100 s
    expect(parseCpuTimes('cpu  100 20 30 5000 70 4 6 10 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n')?.busy).toBeCloseTo(1.7, 9);
    expect(parseCpuTimes('cpu  100 20 30 5000 70 4 6 10 0 0\n')?.steal).toBeCloseTo(0.1, 9);
    expect(parseCpuTimes('intr 1 2 3\n')).toBeNull();
    expect(parseChildrenSec('4242 (node (a) b) S 1 2 3 4 5 6 7 8 9 10 11 12 150 50 20 0')).toBeCloseTo(2, 9);
  });

  it('others = the system busy time less our own, per second; null when the interval says nothing', () => {
    const a = { at: 10, busy: 100, own: 5 };
    expect(othersBetween(a, { at: 12, busy: 103, own: 6 })).toBeCloseTo(1, 9); // 3 s busy, 1 ours, over 2 s
    expect(othersBetween(a, { at: 12, busy: 101, own: 6.5 })).toBe(0); // never below zero (tick rounding)
    expect(othersBetween(a, { at: 10.05, busy: 100, own: 5 })).toBeNull();
    expect(othersBetween(a, { at: 100, busy: 100, own: 5 })).toBeNull();
    expect(othersBetween(null, a)).toBeNull();
  });

  it('samples this machine', () => {
    const s = sampleCpu();
    if (process.platform !== 'linux') {
      expect(s).toBeNull();
      return;
    }
    expect(s?.busy).toBeGreaterThan(0);
    expect(s?.own).toBeGreaterThan(0);
  });

  it.runIf(process.platform === 'linux')('a start shorter than the shortest interval is waited out, so the load is measured, not guessed', () => {
    const busy = othersBusyNow(); // right after this module loaded: less than 0.1 s
    expect(busy).toEqual(expect.any(Number));
    expect(busy).toBeGreaterThanOrEqual(0);
  });
});
