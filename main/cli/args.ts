import { UsageError } from './command';

/**
 * A numeric option: undefined when absent; a UsageError naming the option when it is blank, not a finite number,
 * not an integer where one is needed, or below `min`.
 */
export function numberOption(name: string, v: string | undefined, opts: { int?: boolean; min?: number } = {}): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || (opts.int && !Number.isInteger(n)) || (opts.min !== undefined && n < opts.min)) {
    throw new UsageError(`--${name} must be a${opts.int ? 'n integer' : ' number'}${opts.min !== undefined ? ` ≥ ${opts.min}` : ''}, got "${v}"`);
  }
  return n;
}
