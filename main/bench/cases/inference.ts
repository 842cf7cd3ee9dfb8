import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GenerateRequest } from '../../contract/domains/inference';
import {
  activeBundleInfo, closeRuntimes, openRuntime, runGenerate, createRunner, seededLatents, concatContext, decodeLatents,
  encodeCondition, encodeVideo, sampleLatents,
} from '../../engine/inference';
import { findTools } from '../../engine/media';
import { result, timeIt, type BenchCase, type BenchResult } from '../harness';

const STEPS = 25;

/**
 * Model compute for one window × `takes` (video encoder, condition encoder, 25 CFG steps at the bundle's guidance,
 * decoder + vocoder) on synthetic inputs, so ffmpeg is not in the figure. Seconds per call.
 */
async function windowCost(dir: string, takes: number, threads: number): Promise<{ sec: number; cpuSec: number; audioSec: number; bundle: string; provider: string }> {
  const rt = await openRuntime(dir, { threads });
  const m = rt.bundle.manifest;
  const v = m.video;
  const frames = seededLatents(1, 1, v.frames * 3 * v.height * v.width)[0];
  const wave = new Float32Array(rt.bundle.clipSamples);
  const run = async (): Promise<void> => {
    const video = await encodeVideo(rt, frames, 1);
    const audio = await encodeCondition(rt, wave, 1);
    const ctx = concatContext(video.tokens, audio, 1);
    const context = new Float32Array(ctx.length * takes);
    const env = video.onsets ? new Float32Array(video.onsets.length * takes) : null;
    for (let j = 0; j < takes; j++) {
      context.set(ctx, j * ctx.length);
      if (env && video.onsets) env.set(video.onsets, j * video.onsets.length);
    }
    const latents = new Float32Array(rt.bundle.latentSize * takes);
    for (let j = 0; j < takes; j++) latents.set(seededLatents(j, 1, rt.bundle.latentSize)[0], j * rt.bundle.latentSize);
    const final = await sampleLatents(rt, { context, envelope: env, latents, rows: takes, steps: STEPS, guidance: m.diffusion.guidance });
    await decodeLatents(rt, final, takes);
  };
  await run(); // warm-up: first runs allocate arenas
  let calls = 0;
  const cpu0 = process.cpuUsage();
  const sec = await timeIt(() => (calls++, run()), 1000, 2);
  const cpu = process.cpuUsage(cpu0);
  return { sec, cpuSec: (cpu.user + cpu.system) / 1e6 / calls, audioSec: takes * m.audio.clipSeconds, bundle: rt.bundle.id, provider: rt.provider };
}

const TICK_MS = 10;

/** The longest stall of this thread's event loop while `fn` runs, sampled by a 10 ms interval (ms beyond the tick). */
async function maxStallMs(fn: () => Promise<unknown>): Promise<number> {
  let max = 0;
  let last = performance.now();
  const sample = (): void => {
    const now = performance.now();
    max = Math.max(max, now - last - TICK_MS);
    last = now;
  };
  const timer = setInterval(sample, TICK_MS);
  try {
    await fn();
  } finally {
    clearInterval(timer);
    sample();
  }
  return max;
}

/** Main-thread responsiveness during a generation: the inference worker thread vs the same job in-process. */
const workerCase: BenchCase = {
  name: 'inference-worker',
  description: 'longest main-thread event-loop stall during one generation (2.5 s span, 2 takes, 6 steps) on the worker thread vs in-process',
  async run() {
    const bundleDir = activeBundleInfo(process.env.A2S_DATA_DIR ?? `${os.homedir()}/.action2sound`).dir;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'a2s-bench-worker-'));
    const runner = createRunner();
    try {
      const video = path.join(dir, 'shot.mp4');
      execFileSync(findTools().ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=4', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', video]);
      const request = GenerateRequest.parse({ video, start: 0, end: 2.5, takes: 2, steps: 6, threads: 1, ambient: { mode: 'none' }, outDir: path.join(dir, 'out') });
      const target = { bundleDir, threads: 1 };
      await runner.load(target);
      await runGenerate(request, { bundleDir }); // warm both sides: sessions open, caches filled
      await runner.run(target, { kind: 'generate', request });
      const onWorker = await maxStallMs(() => runner.run(target, { kind: 'generate', request }));
      const inProcess = await maxStallMs(() => runGenerate(request, { bundleDir }));
      return [result('inference-worker-max-stall', 'ms', onWorker, { name: 'in-process', value: inProcess }, `runner ${runner.mode}`)];
    } finally {
      await runner.close();
      await closeRuntimes();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** Generation speed of the active bundle: RTF (compute s per audio s) and windows/s, threads 1 vs all. */
export const inferenceCases: BenchCase[] = [
  {
    name: 'inference',
    description: `RTF of the active bundle at ${STEPS} steps with CFG (batch 2B): 1 and 4 takes, ORT intra-op threads 1 vs all; windows/s`,
    async run() {
      const dir = activeBundleInfo(process.env.A2S_DATA_DIR ?? `${os.homedir()}/.action2sound`).dir;
      const all = os.availableParallelism();
      const out: BenchResult[] = [];
      try {
        for (const takes of [1, 4]) {
          const one = await windowCost(dir, takes, 1);
          const many = await windowCost(dir, takes, all);
          const note = `bundle ${many.bundle}, ${many.provider}, ${takes} take(s) × 1 window of ${(many.audioSec / takes).toFixed(3)} s`;
          out.push(result(`rtf-${takes}take-threads${all}`, 's/s', many.sec / many.audioSec, { name: 'threads 1', value: one.sec / one.audioSec }, note));
          out.push(result(`windows-per-sec-${takes}take-threads${all}`, 'windows/s', takes / many.sec, { name: 'threads 1', value: takes / one.sec }, note));
          // CPU seconds per audio second at one thread: what the wall figures would be on an idle core (this machine
          // is shared, so wall time includes waiting for a core); baseline = the same run's wall RTF.
          out.push(result(`rtf-cpu-${takes}take-threads1`, 'cpu s/s', one.cpuSec / one.audioSec, { name: 'wall, threads 1', value: one.sec / one.audioSec }, note));
        }
      } finally {
        await closeRuntimes();
      }
      return out;
    },
  },
  workerCase,
];
