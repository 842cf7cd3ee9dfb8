import { onsetListProblem } from '../contract/domains/inference';
import { UsageError } from './command';

/**
 * `--onsets T1,T2,...` for a span: undefined when absent (the bundle's timing head decides), `[]` for `''` or `none`
 * (explicitly no onsets), else the times, each a number inside [start, end], increasing, no duplicates. A UsageError
 * names the item that is wrong.
 */
export function onsetsOption(v: string | undefined, start: number, end: number): number[] | undefined {
  if (v === undefined) return undefined;
  if (v.trim() === '' || v.trim().toLowerCase() === 'none') return [];
  const times = v.split(',').map((item, i) => {
    const n = Number(item);
    if (item.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--onsets item ${i + 1} "${item}" is not a time in seconds (got "${v}")`);
    return n;
  });
  const problem = onsetListProblem(times, start, end);
  if (problem) throw new UsageError(`--onsets item ${problem.index + 1}: ${problem.message}`);
  return times;
}
