/**
 * Cores that other processes keep busy now (docs/ARCHITECTURE.md "Threads", issue 20). The one-minute load average
 * still counts processes that ended seconds ago: back-to-back `a2s generate` runs on an idle 2-core machine saw
 * load 1.6 and each took 1 thread where 2 ran 1.5× faster. So the system's CPU time (/proc/stat) is read as the
 * engine starts the inference worker (and as the worker loads) and again when the threads are chosen, and this
 * process's own CPU time (its threads and its reaped children: ffprobe, ffmpeg) is taken away: what is left is what
 * others used over that interval.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** /proc/stat and /proc/PID/stat count in USER_HZ, 100 per second by the Linux ABI whatever the kernel's HZ. */
const USER_HZ = 100;
/** Below this the tick counts (1/USER_HZ each) are too coarse to say anything. */
const MIN_INTERVAL_SEC = 0.1;
/** Above this the mean is older than the one-minute load average, which then says as much. */
const MAX_INTERVAL_SEC = 60;

/** Crosses a thread boundary (the inference worker's workerData), so it has a schema. */
export const CpuSample = z.object({
  /** Wall clock in seconds (performance.timeOrigin + now(): comparable between a process's threads). */
  at: z.number(),
  /** CPU seconds every core has spent busy since boot (user, nice, system, irq, softirq, steal). */
  busy: z.number(),
  /** CPU seconds of this process (all threads) and its reaped children. */
  own: z.number(),
});
export type CpuSample = z.infer<typeof CpuSample>;

/** Seconds of /proc/stat's first ("cpu") line, all cores; null when it cannot be read (not Linux). */
export function parseCpuTimes(text: string): { busy: number; steal: number } | null {
  const line = text.slice(0, text.indexOf('\n'));
  const f = line.trim().split(/\s+/);
  if (f[0] !== 'cpu' || f.length < 9) return null;
  const n = f.slice(1, 9).map(Number); // user nice system idle iowait irq softirq steal (guest is inside user)
  if (n.some((x) => !Number.isFinite(x))) return null;
  return { busy: (n[0]! + n[1]! + n[2]! + n[5]! + n[6]! + n[7]!) / USER_HZ, steal: n[7]! / USER_HZ };
}

/** cutime + cstime of /proc/self/stat (fields 16 and 17): CPU seconds of children already reaped. */
export function parseChildrenSec(text: string): number | null {
  const f = text.slice(text.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
  const v = Number(f[13]) + Number(f[14]);
  return Number.isFinite(v) ? v / USER_HZ : null;
}

export function sampleCpu(): CpuSample | null {
  try {
    const busy = parseCpuTimes(readFileSync('/proc/stat', 'utf8'))?.busy ?? null;
    const children = parseChildrenSec(readFileSync('/proc/self/stat', 'utf8'));
    if (busy === null || children === null) return null;
    const u = process.cpuUsage();
    return { at: (performance.timeOrigin + performance.now()) / 1000, busy, own: (u.user + u.system) / 1e6 + children };
  } catch {
    return null;
  }
}

/** Cores others kept busy between two samples (≥ 0), or null when the interval is too short or too long to say. */
export function othersBetween(a: CpuSample | null, b: CpuSample | null): number | null {
  if (!a || !b) return null;
  const dt = b.at - a.at;
  if (dt < MIN_INTERVAL_SEC || dt > MAX_INTERVAL_SEC) return null;
  return Math.max(0, (b.busy - a.busy - (b.own - a.own)) / dt);
}

/** Taken when this module loads: first thing in the inference worker thread (worker.ts imports it first). */
const loaded = sampleCpu();

let inherited: CpuSample | null = null;

/** The sample the engine took as it started this worker (runner.ts): the worker's own life may be too short. */
export function inheritSample(data: unknown): void {
  const r = CpuSample.safeParse(data);
  inherited = r.success ? r.data : null;
}

/**
 * Cores others kept busy over the most recent interval that can say: since this thread loaded, or else since the
 * engine started it (~0.2 s before a cold worker chooses its threads).
 */
export function othersBusyNow(): number | null {
  const since = inherited ?? loaded;
  const now = sampleCpu();
  if (!since || !now) return null;
  // A fast start (a quick machine) waits out the rest of the shortest interval that says anything, once a process.
  const short = MIN_INTERVAL_SEC - (now.at - since.at);
  if (short > 0) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.ceil(short * 1000));
    return othersBetween(since, sampleCpu());
  }
  return othersBetween(loaded, now) ?? othersBetween(inherited, now);
}
