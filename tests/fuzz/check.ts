import { ErrorCode } from '../../main/contract/errors';
import { WireResponse } from '../../main/contract/wire';

export interface Tally {
  answered: number;
  byCode: Record<string, number>;
  failures: string[];
  /** Milliseconds spent per channel, to see which handlers make the fuzz slow. */
  msByChannel: Record<string, number>;
}

export const newTally = (): Tally => ({ answered: 0, byCode: {}, failures: [], msByChannel: {} });

/**
 * One response is acceptable when it is a well-formed wire response and, if an error, a typed one that is not
 * `internal` (an `internal` means a handler threw something it did not mean to: a bug the fuzz found).
 */
export function record(tally: Tally, label: string, response: unknown): void {
  const parsed = WireResponse.safeParse(response);
  if (!parsed.success) {
    tally.failures.push(`${label}: malformed response ${JSON.stringify(response)?.slice(0, 200)}`);
    return;
  }
  if (parsed.data.ok) {
    tally.answered++;
    return;
  }
  const code = parsed.data.error.code;
  tally.byCode[code] = (tally.byCode[code] ?? 0) + 1;
  if (!ErrorCode.options.includes(code) || code === 'internal') tally.failures.push(`${label}: ${code}: ${parsed.data.error.message.slice(0, 200)}`);
}

export function timed(tally: Tally, channel: string, ms: number): void {
  const key = channel.length > 40 ? '(junk)' : channel;
  tally.msByChannel[key] = (tally.msByChannel[key] ?? 0) + ms;
}

/** The ten channels that cost the most time, rounded. */
export function slowest(tally: Tally): Record<string, number> {
  return Object.fromEntries(Object.entries(tally.msByChannel).sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, v]) => [k, Math.round(v)]));
}
