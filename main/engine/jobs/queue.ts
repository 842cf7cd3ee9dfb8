import os from 'node:os';
import { EngineError } from '../core/errors';

/**
 * First in, first out, at most `limit` at once. Sixty generations started together used to run interleaved (120
 * ffmpeg children, the first result only when the whole batch ended); queued, the first finishes first.
 */
export class RunQueue {
  private running = 0;
  private readonly waiting: Array<{ start(): void; place(position: number): void }> = [];

  constructor(readonly limit: number) {}

  /**
   * Runs `work` when a slot is free. While waiting, `onWait(position)` is told the place in line (1 = next) each
   * time it changes. A cancel (`signal`) while waiting leaves the line at once with a `cancelled` error.
   */
  async run<T>(work: () => Promise<T>, opts: { signal?: AbortSignal; onWait?: (position: number) => void } = {}): Promise<T> {
    if (this.running >= this.limit || this.waiting.length > 0) await this.wait(opts.signal, opts.onWait);
    else this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.next();
    }
  }

  private wait(signal: AbortSignal | undefined, onWait: ((position: number) => void) | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new EngineError('cancelled', 'cancelled while queued'));
      const entry = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        place: (position: number) => onWait?.(position),
      };
      const onAbort = (): void => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        this.renumber(i);
        reject(new EngineError('cancelled', 'cancelled while queued'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
      entry.place(this.waiting.length);
    });
  }

  /** Hands a freed slot to the first in line (the slot passes over; `running` stays counted). */
  private next(): void {
    const first = this.waiting.shift();
    if (!first) return;
    this.running++;
    first.start();
    this.renumber(0);
  }

  /** Everyone from index `from` on moved up one place. */
  private renumber(from: number): void {
    if (from < 0) return;
    for (let i = from; i < this.waiting.length; i++) this.waiting[i]!.place(i + 1);
  }

  get queued(): number {
    return this.waiting.length;
  }
}

/**
 * Generations at once: each one already spreads its sampling over every core (ONNX Runtime threads), so more than a
 * few only interleave; one per four cores (at least 1, at most 4) keeps ffmpeg decodes overlapping the sampling.
 * A2S_GENERATE_SLOTS overrides.
 */
export function generateSlots(): number {
  const env = Number(process.env.A2S_GENERATE_SLOTS);
  if (Number.isInteger(env) && env >= 1) return env;
  return Math.min(4, Math.max(1, Math.floor(os.availableParallelism() / 4)));
}
