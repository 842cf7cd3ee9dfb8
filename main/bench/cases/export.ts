import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Engine } from '../../engine/host';
import { findTools, writeWav } from '../../engine/media';
import { createProject, saveProject } from '../../engine/project';
import type { ExportResult } from '../../contract/domains/export';
import { result, type BenchCase } from '../harness';

/** Timeline length; A2S_BENCH_EXPORT_SECONDS shortens it for a quick run. */
const SECONDS = Number(process.env.A2S_BENCH_EXPORT_SECONDS ?? 300);
const RATE = 48000;

const tone = (seconds: number, f: number, amp: number): Float32Array => Float32Array.from({ length: seconds * RATE }, (_, i) => amp * Math.sin((2 * Math.PI * f * i) / RATE));

/** A project without video: an action track with a 4 s take every 5 s, a looped 7 s stereo bed, a long stereo clip. */
async function benchProject(dir: string): Promise<string> {
  const { path: p, doc } = await createProject(dir, 'Bench');
  await writeWav(path.join(p, 'renders', 'take.wav'), { rate: RATE, channels: [tone(4, 300, 0.3)] }, { format: 'float32' });
  await writeWav(path.join(dir, 'bed.wav'), { rate: RATE, channels: [tone(7, 110, 0.1), tone(7, 113, 0.1)] }, { format: 'float32' });
  await writeWav(path.join(dir, 'long.wav'), { rate: RATE, channels: [tone(SECONDS, 55, 0.1), tone(SECONDS, 57, 0.1)] }, { format: 'pcm24' });
  doc.tracks.push({ id: 'fx', kind: 'ambient', name: 'Room', gainDb: -3, mute: false, solo: false });
  doc.clips.push({ id: 'bed', trackId: 'ambient-1', source: { path: path.join(dir, 'bed.wav') }, start: 0, duration: SECONDS, offset: 0, gainDb: -6, fadeIn: 1, fadeOut: 1, loop: true, loopCrossfade: 0.5 });
  doc.clips.push({ id: 'long', trackId: 'fx', source: { path: path.join(dir, 'long.wav') }, start: 0, duration: SECONDS, offset: 0, gainDb: 0, fadeIn: 0.1, fadeOut: 0.1, loop: false, loopCrossfade: 0 });
  for (let t = 0, k = 0; t + 4 <= SECONDS; t += 5, k++) {
    doc.spans.push({
      id: `s${k}`, trackId: 'action-1', start: t, end: t + 4, onsets: null, predictedOnsets: [], condition: { mode: 'clean', source: null },
      settings: { takes: 1, seed: k, steps: 25, guidance: 3 }, takes: [{ id: 't', path: 'renders/take.wav', seed: k, seconds: 4, createdAt: '', bundleId: 'bench' }],
      activeTakeId: 't', gainDb: 0, fadeIn: 0.005, fadeOut: 0.02,
    });
  }
  await saveProject(p, doc);
  return p;
}

async function runExport(engine: Engine, req: Parameters<Engine['call']>[1] & object): Promise<ExportResult> {
  return new Promise((resolve, reject) => {
    let id = '';
    const off = engine.events.subscribe((event, payload) => {
      const p = payload as { jobId: string; result?: unknown; error?: { message: string } };
      if (p.jobId !== id) return;
      if (event !== 'job:done' && event !== 'job:failed') return;
      off();
      if (event === 'job:done') resolve(p.result as ExportResult);
      else reject(new Error(p.error?.message));
    });
    engine.call('export:start', req as never).then((r) => (id = r.jobId), reject);
  });
}

export const exportCases: BenchCase[] = [
  {
    name: 'export-render',
    description: `export of a ${SECONDS} s timeline (3 tracks: ${Math.floor(SECONDS / 5)} takes, a looped bed, a long clip) to 24-bit BWF stems + mix, vs ffmpeg writing the same four 24-bit WAVs from the mix`,
    async run() {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'a2s-bench-export-'));
      try {
        const project = await benchProject(dir);
        const engine = new Engine({ dataDir: path.join(dir, 'data') });
        // The export runs on the engine's event loop (yielding between blocks): how long can a request wait?
        const idle = monitorEventLoopDelay({ resolution: 5 });
        idle.enable();
        await new Promise((r) => setTimeout(r, 1000));
        idle.disable();
        const lag = monitorEventLoopDelay({ resolution: 5 });
        lag.enable();
        // Lag on a shared machine is mostly waiting for a core; the CPU spent between two turns of the loop is what
        // the export itself holds it for (process CPU: this thread, plus the file writes' pool threads).
        const gaps: number[] = [];
        let last = process.cpuUsage();
        let ticking = true;
        const tick = (): void => {
          const now = process.cpuUsage();
          gaps.push((now.user + now.system - last.user - last.system) / 1000);
          last = now;
          if (ticking) setTimeout(tick, 1);
        };
        setTimeout(tick, 1);
        const t0 = performance.now();
        const res = await runExport(engine, { projectPath: project, outDir: path.join(dir, 'out') });
        const ours = (performance.now() - t0) / 1000;
        ticking = false;
        lag.disable();
        gaps.sort((a, b) => a - b);
        const gapP99 = gaps[Math.floor(0.99 * (gaps.length - 1))] ?? 0;
        const gapMedian = gaps[Math.floor(0.5 * (gaps.length - 1))] ?? 0;
        // Baseline: ffmpeg decoding the mix and writing it as 24-bit WAV, once per file we wrote (same bytes out).
        const { ffmpeg } = findTools();
        const t1 = performance.now();
        for (let i = 0; i < res.stems.length + 1; i++) execFileSync(ffmpeg, ['-v', 'error', '-nostdin', '-y', '-i', res.mix, '-c:a', 'pcm_s24le', path.join(dir, `ff${i}.wav`)]);
        const ff = (performance.now() - t1) / 1000;
        return [
          result('export-realtime', 'x realtime', SECONDS / ours, { name: 'ffmpeg-wav24-x4', value: SECONDS / ff }, `${ours.toFixed(2)} s for ${res.stems.length} stems + mix`),
          result('export-event-loop-lag-p99', 'ms', lag.percentile(99) / 1e6, { name: 'idle-p99', value: idle.percentile(99) / 1e6 }, `max ${(lag.max / 1e6).toFixed(0)} ms during the export`),
          result('export-loop-turn-cpu-p99', 'ms CPU', gapP99, { name: 'median turn', value: gapMedian }, `CPU between two turns of the event loop, max ${gaps.at(-1)?.toFixed(0)} ms over ${gaps.length} turns (load ${os.loadavg()[0].toFixed(1)}): what the export holds a request for, whatever the machine's load`),
        ];
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
