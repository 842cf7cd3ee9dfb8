/**
 * Cold `a2s generate` on real-footage formats (issue 20): a fresh CLI process per run on 10 s of 1080p H.264 and of
 * 1080p ProRes 422, both made here with ffmpeg. Each format runs decoding the original (`--proxy off`) and, after
 * `a2s proxy` built its frames proxy, decoding that (`--proxy auto`). Reports the total, the video-decode share
 * (ffmpeg frames) and the start-up share (process, worker, bundle verify, sessions: everything before work), each as a
 * ratio to the same run's total; the proxy run against the original run; ProRes against H.264; the proxy build against
 * a generation. The first run has an empty hash cache; the second shows the cached verify.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GenerateResult } from '../../contract/domains/inference';
import { result, type BenchCase, type BenchResult } from '../harness';
import { childrenCpuSec, makeFootage, stolenSec } from './footage';

const SECONDS = 10;
/** Interleaved runs with and without the start-up caches (H.264): their medians are compared. */
const REPEATS = 3;

/** The run with the median value of `by`. */
function median<T>(xs: T[], by: (x: T) => number): T {
  return [...xs].sort((a, b) => by(a) - by(b))[Math.floor((xs.length - 1) / 2)]!;
}

interface Run {
  readonly wallSec: number;
  /** CPU seconds (user + system) of the CLI process and its children (ffmpeg): what a loaded machine cannot hide. */
  readonly cpuSec: number;
  /** CPU seconds the hypervisor gave other guests meanwhile (footage.ts stolenSec). */
  readonly stealSec: number;
  readonly res: GenerateResult;
}

const cli = (): string => path.join(__dirname, 'cli.cjs');

/** One fresh CLI process: everything a user waits for, start-up included. */
function coldGenerate(video: string, data: string, out: string, proxy: 'auto' | 'off', env: NodeJS.ProcessEnv = process.env): Run {
  const args = [cli(), 'generate', video, '--start', '0', '--end', String(SECONDS), '--takes', '1', '--ambient', 'none', '--proxy', proxy, '--data', data, '--out', out, '--json'];
  const c0 = childrenCpuSec();
  const s0 = stolenSec();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env });
  const wallSec = (performance.now() - t0) / 1000;
  const cpuSec = childrenCpuSec() - c0;
  const stealSec = stolenSec() - s0;
  if (r.status !== 0) throw new Error(`a2s generate failed (${r.status}): ${r.stderr.slice(-500)}`);
  return { wallSec, cpuSec, stealSec, res: GenerateResult.parse(JSON.parse(r.stdout)) };
}

/** A cold run without the start-up caches this issue added (V8 code cache off, ORT graphs optimised at every open). */
function withoutCaches(video: string, data: string, out: string): Run {
  return coldGenerate(video, data, out, 'auto', { ...process.env, A2S_CODE_CACHE: 'off', A2S_ORT_CACHE: 'off' });
}

/** `a2s proxy` in the foreground: what the background build costs, once per video. */
function buildProxy(video: string, data: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli(), 'proxy', video, '--data', data, '--json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`a2s proxy failed (${r.status}): ${r.stderr.slice(-500)}`);
  return (performance.now() - t0) / 1000;
}

/** Before any work: the process and worker start, span check, bundle verify, sessions (all of wall but the work). */
const startupOf = (r: Run): number => r.wallSec - (r.res.timings.totalSec - r.res.timings.startupSec);

function describeRun(r: Run): string {
  const t = r.res.timings;
  return `${r.res.frames.source} ${r.res.frames.width}×${r.res.frames.height}, bundle ${r.res.bundle}, ${r.res.threading.reason}, load ${os.loadavg()[0].toFixed(2)}; wall ${r.wallSec.toFixed(2)} s, CPU ${r.cpuSec.toFixed(2)} s, stolen by the hypervisor ${r.stealSec.toFixed(2)} s; verify ${t.bundleVerifySec.toFixed(2)} s (${t.hashedGraphs} hashed), sessions ${t.sessionsOpenSec.toFixed(2)} s (${t.sessionsOpened}), frames ${t.framesSec.toFixed(2)} s, sampling ${t.samplingSec.toFixed(2)} s`;
}

export const coldStartCase: BenchCase = {
  name: 'cold-generate-1080p',
  description: `cold a2s generate (new process, 1 take, ${SECONDS} s) of 1080p H.264 and 1080p ProRes 422, original vs frames proxy: total, decode share, start-up share, ProRes/H.264`,
  async run() {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'a2s-bench-cold-'));
    try {
      const clips = makeFootage(dir, SECONDS);
      const data = path.join(dir, 'data');
      const out = path.join(dir, 'out');
      const first = coldGenerate(clips.h264, data, out, 'off'); // empty hash cache
      const results: BenchResult[] = [];
      const proxied: Record<string, Run> = {};
      for (const [label, video] of [['h264', clips.h264], ['prores422', clips.prores422]] as const) {
        const original = coldGenerate(video, data, out, 'off'); // cached hashes: the cold start a user sees after the first run
        const buildSec = buildProxy(video, data);
        coldGenerate(video, data, out, 'auto'); // the proxy's probe and the code cache entries written
        // H.264: REPEATS runs with the start-up caches interleaved with REPEATS without, medians (one run of each is
        // at the mercy of what else the machine did in those seconds).
        const runs: Run[] = [];
        const bare: Run[] = [];
        for (let k = 0; k < (label === 'h264' ? REPEATS : 1); k++) {
          runs.push(coldGenerate(video, data, out, 'auto'));
          if (label === 'h264') bare.push(withoutCaches(video, data, out));
        }
        const p = median(runs, (r) => r.wallSec);
        if (p.res.frames.source !== 'proxy') throw new Error(`${label}: the proxy run decoded the ${p.res.frames.source} (${p.res.frames.reason})`);
        proxied[label] = p;
        if (label === 'h264') {
          const b = median(bare, (r) => r.wallSec);
          const cpu = (rs: Run[]): number => median(rs, (r) => r.cpuSec).cpuSec;
          results.push(
            result('cold-h264-proxy-vs-no-startup-caches', 's', p.wallSec, { name: 'V8 code cache off, ORT graphs optimised at open', value: b.wallSec }, `medians of ${REPEATS} interleaved runs each; without: ${describeRun(b)}`),
            result('cold-h264-proxy-cpu-vs-no-startup-caches', 's CPU', cpu(runs), { name: 'CPU without them', value: cpu(bare) }, `medians of ${REPEATS}: with ${runs.map((r) => r.cpuSec.toFixed(2)).join(', ')}; without ${bare.map((r) => r.cpuSec.toFixed(2)).join(', ')}`),
          );
        }
        const total = { name: 'total', value: p.wallSec };
        results.push(
          result(`cold-${label}-proxy-total`, 's', p.wallSec, { name: 'original (--proxy off)', value: original.wallSec }, `original: ${describeRun(original)}`),
          result(`cold-${label}-proxy-frames-share`, 's', p.res.timings.framesSec, total, describeRun(p)),
          result(`cold-${label}-original-frames-share`, 's', original.res.timings.framesSec, { name: 'total', value: original.wallSec }),
          result(`cold-${label}-proxy-startup-share`, 's', startupOf(p), total, `process + worker + span check ${p.res.timings.spanCheckSec.toFixed(2)} s + runtime ${p.res.timings.runtimeSec.toFixed(2)} s (its frames decoded meanwhile)`),
          result(`cold-${label}-proxy-cpu`, 's CPU', p.cpuSec, total, 'CPU seconds of the CLI and its ffmpeg children over the wall time: below 1 core-second per second means it waited for other work on the machine'),
          result(`proxy-build-${label}`, 's', buildSec, { name: 'cold generation from the original', value: original.wallSec }, `a2s proxy, foreground, ${SECONDS} s of 1080p`),
        );
      }
      results.push(
        result('cold-prores422-vs-h264-proxy-total', 's', proxied.prores422!.wallSec, { name: 'h264 total', value: proxied.h264!.wallSec }),
        result('cold-prores422-vs-h264-proxy-cpu', 's CPU', proxied.prores422!.cpuSec, { name: 'h264 CPU', value: proxied.h264!.cpuSec }),
        result('cold-h264-verify-cached', 's', proxied.h264!.res.timings.bundleVerifySec, { name: 'first run (empty cache)', value: first.res.timings.bundleVerifySec }, `first run total ${first.wallSec.toFixed(2)} s, hashed ${first.res.timings.hashedGraphs} graphs`),
      );
      return results;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
