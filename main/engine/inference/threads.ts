/**
 * How many ORT intra-op threads, and how many takes/windows per run (docs/ARCHITECTURE.md "Threads"). Measured on a
 * loaded 2-core machine: 2 intra-op threads ran 1.36× slower than 1 while another process held a core, so the
 * thread count follows the cores that are free now, not the cores that exist.
 */
import os from 'node:os';
import { othersBusyNow } from './cpu-load';

export interface ThreadInput {
  /** Cores this process may use (os.availableParallelism()). */
  readonly cores: number;
  /** One-minute load average (os.loadavg()[0]): runnable processes, ours included when already busy. */
  readonly load1: number;
  /** Cores other processes kept busy since this process started (cpu-load.ts); null/absent: unknown, load1 decides. */
  readonly othersBusy?: number | null;
  /** `--threads N` / request.threads. */
  readonly requested?: number;
  /** Env A2S_THREADS, as written. */
  readonly envThreads?: string;
  /** Env A2S_MAX_ROWS, as written. */
  readonly envRows?: string;
}

export interface ThreadChoice {
  readonly intraOp: number;
  /** Rows (window × take) per denoiser run: the takes and windows that run in parallel, in one batch. */
  readonly rows: number;
  readonly cores: number;
  readonly load1: number;
  /** What the rule read as the load when it used the measured one (cpu-load.ts), else null. */
  readonly othersBusy: number | null;
  readonly reason: string;
}

/** Rows per batch when nothing says otherwise: batching is what parallelises takes/windows on CPU (one ORT run). */
export const DEFAULT_ROWS = 8;

const positiveInt = (v: string | undefined): number | null => {
  const n = Number(v);
  return v !== undefined && Number.isInteger(n) && n > 0 ? n : null;
};

/**
 * The rule, pure: an explicit request wins, then A2S_THREADS; otherwise one thread per core that is free now
 * (cores − load, rounded, at least 1, at most cores), the load being what other processes used since this one started
 * when that was measured, else the one-minute load average. Takes and windows share one batched run of A2S_MAX_ROWS or 8
 * rows whatever the load: concurrent runs would only split the same free cores between more thread pools.
 */
export function chooseThreads(i: ThreadInput): ThreadChoice {
  const cores = Math.max(1, Math.floor(i.cores));
  const load1 = Math.max(0, i.load1);
  const envRows = positiveInt(i.envRows);
  const rows = envRows ?? DEFAULT_ROWS;
  const rowsWhy = envRows ? `${rows} rows per run (A2S_MAX_ROWS)` : `${rows} rows per run`;
  const measured = i.othersBusy ?? null;
  const base = { rows, cores, load1, othersBusy: measured };
  if (i.requested !== undefined && Number.isInteger(i.requested) && i.requested > 0) {
    return { ...base, intraOp: i.requested, reason: `requested ${i.requested} thread(s); ${rowsWhy}` };
  }
  const env = positiveInt(i.envThreads);
  if (env) return { ...base, intraOp: env, reason: `A2S_THREADS=${env}; ${rowsWhy}` };
  const load = measured === null ? load1 : Math.max(0, measured);
  const free = Math.min(cores, Math.max(1, Math.round(cores - load)));
  const said = measured === null ? `load ${load1.toFixed(2)}` : `others busy ${load.toFixed(2)} (load average ${load1.toFixed(2)})`;
  return { ...base, intraOp: free, reason: `${cores} core(s), ${said}: ${free} free → ${free} thread(s); ${rowsWhy}` };
}

let processChoice: ThreadChoice | null = null;

/**
 * This process's choice, made once: a warm worker keeps its sessions (re-opening them when the load moves would
 * cost more than a thread off by one). `requested` bypasses the memo.
 */
export function currentThreads(requested?: number): ThreadChoice {
  const input = { cores: os.availableParallelism(), load1: os.loadavg()[0], envThreads: process.env.A2S_THREADS, envRows: process.env.A2S_MAX_ROWS };
  if (requested !== undefined) return chooseThreads({ ...input, requested });
  // Measured only when the load decides (it may wait out the rest of a 0.1 s interval).
  processChoice ??= chooseThreads({ ...input, othersBusy: positiveInt(input.envThreads) ? null : othersBusyNow() });
  return processChoice;
}
