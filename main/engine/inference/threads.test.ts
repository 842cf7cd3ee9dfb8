import { describe, expect, it } from 'vitest';
import { DEFAULT_ROWS, chooseThreads } from './threads';

// The thread rule (docs/ARCHITECTURE.md "Threads") as a pure function of cores, load and the overrides.
describe('chooseThreads', () => {
  it('one thread per free core, rounded, at least 1 and at most the cores', () => {
    expect(chooseThreads({ cores: 2, load1: 0 }).intraOp).toBe(2);
    expect(chooseThreads({ cores: 2, load1: 0.4 }).intraOp).toBe(2);
    expect(chooseThreads({ cores: 2, load1: 0.6 }).intraOp).toBe(1);
    expect(chooseThreads({ cores: 2, load1: 1.9 }).intraOp).toBe(1);
    expect(chooseThreads({ cores: 2, load1: 7 }).intraOp).toBe(1);
    expect(chooseThreads({ cores: 16, load1: 3.2 }).intraOp).toBe(13);
    expect(chooseThreads({ cores: 8, load1: -1 }).intraOp).toBe(8);
  });

  it('a request wins over A2S_THREADS, which wins over the load', () => {
    expect(chooseThreads({ cores: 2, load1: 3, requested: 2, envThreads: '1' })).toMatchObject({ intraOp: 2, reason: expect.stringMatching(/^requested 2/) as string });
    expect(chooseThreads({ cores: 2, load1: 3, envThreads: '4' })).toMatchObject({ intraOp: 4, reason: expect.stringMatching(/A2S_THREADS=4/) as string });
    expect(chooseThreads({ cores: 2, load1: 1, envThreads: 'x' }).reason).toMatch(/2 core\(s\), load 1\.00: 1 free/);
  });

  it('takes and windows run as one batch of A2S_MAX_ROWS or 8 rows, whatever the load', () => {
    expect(chooseThreads({ cores: 2, load1: 0 }).rows).toBe(DEFAULT_ROWS);
    expect(chooseThreads({ cores: 2, load1: 5 }).rows).toBe(DEFAULT_ROWS);
    expect(chooseThreads({ cores: 2, load1: 0, envRows: '3' })).toMatchObject({ rows: 3, reason: expect.stringMatching(/3 rows per run \(A2S_MAX_ROWS\)/) as string });
    expect(chooseThreads({ cores: 2, load1: 0, envRows: '0' }).rows).toBe(DEFAULT_ROWS);
  });
});

describe('the load the rule reads', () => {
  it('what other processes used since this one started wins over the one-minute average when it was measured', () => {
    // Back-to-back runs on an idle machine: the average still counts the last run, the measure does not.
    expect(chooseThreads({ cores: 2, load1: 1.6, othersBusy: 0.1 })).toMatchObject({ intraOp: 2, othersBusy: 0.1, reason: expect.stringMatching(/others busy 0\.10 \(load average 1\.60\)/) as string });
    expect(chooseThreads({ cores: 2, load1: 0, othersBusy: 0.9 }).intraOp).toBe(1);
    expect(chooseThreads({ cores: 2, load1: 1.6, othersBusy: null })).toMatchObject({ intraOp: 1, othersBusy: null });
  });
});
