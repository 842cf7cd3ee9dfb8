/**
 * J/K/L shuttle rates, as in NLEs: L plays forward and doubles on repeat (1×, 2×, 4×), J the same backwards, K stops;
 * pressing the other direction while moving first slows down (4× → 2× → 1×) and then turns round.
 */
export const MAX_SHUTTLE = 4;

export function nextShuttleRate(rate: number, key: 'j' | 'k' | 'l'): number {
  if (key === 'k') return 0;
  const dir = key === 'l' ? 1 : -1;
  if (rate === 0 || Math.sign(rate) === dir) return rate === 0 ? dir : dir * Math.min(MAX_SHUTTLE, Math.abs(rate) * 2);
  // Moving the other way: slow down, then turn.
  return Math.abs(rate) > 1 ? rate / 2 : dir;
}
