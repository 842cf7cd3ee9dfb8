import { describe, expect, it } from 'vitest';
import { nextShuttleRate } from './shuttle';

/** Issue 18 defect 9: J jumped back one second instead of shuttling backwards. */
describe('J/K/L shuttle', () => {
  const press = (keys: string, from = 0) => [...keys].reduce((r, k) => nextShuttleRate(r, k as 'j' | 'k' | 'l'), from);

  it('J plays backwards, faster on repeat, up to 4×', () => {
    expect([press('j'), press('jj'), press('jjj'), press('jjjj')]).toEqual([-1, -2, -4, -4]);
  });

  it('L forwards the same; K stops from anywhere', () => {
    expect([press('l'), press('ll'), press('lll'), press('lllk'), press('jjk')]).toEqual([1, 2, 4, 0, 0]);
  });

  it('the other direction slows down first, then turns round', () => {
    expect([press('j', 4), press('jj', 4), press('jjj', 4), press('l', -2), press('ll', -2)]).toEqual([2, 1, -1, -1, 1]);
  });
});
