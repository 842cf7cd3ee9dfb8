/**
 * An `auto` generation does each thing once (issue 19): counts, not times. The engine asks its inference worker for
 * the span's AV-Sim vector, ranks the clip library by it and sends the choice down with the generate task, which
 * reuses the frames that vector came from. Frame decodes are counted by a wrapper around the real ffmpeg (a frame
 * decode is the run with `showinfo`), so both threads are seen. Two passes on the tiny bundle with one library clip:
 * - the app's way (worker thread): frame decodes, and ONNX sessions created on the engine thread (none expected);
 * - in-process (A2S_INFERENCE_INPROCESS=1: the engine and the tasks share this thread, so every session is seen):
 *   the most sessions any one graph file of the bundle got (1 = the bundle opened once), and frame decodes.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GenerateResult } from '../../contract/domains/inference';
import { Engine } from '../../engine/host';
import { runnerFor, sessionsCreated } from '../../engine/inference';
import { getLibrary } from '../../engine/library';
import { findTools } from '../../engine/media/tools';
import { result, type BenchCase, type BenchResult } from '../harness';

const BUNDLE = path.resolve('models/bundles/tiny');

interface Pass {
  readonly frameDecodes: number;
  /** Sessions created on this thread during the generation, per graph file. */
  readonly sessions: Map<string, number>;
  readonly res: GenerateResult;
}

function jobResult(engine: Engine, jobId: string): Promise<GenerateResult> {
  return new Promise((resolve, reject) => {
    const off = engine.events.subscribe((event, payload) => {
      const p = payload as { jobId: string; result?: unknown; error?: { message: string } };
      if (p.jobId !== jobId) return;
      if (event === 'job:done') resolve(GenerateResult.parse(p.result));
      if (event === 'job:failed') reject(new Error(p.error?.message));
      if (event === 'job:done' || event === 'job:failed') off();
    });
  });
}

/** Sessions created between two tallies of this thread. */
function created(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [file, n] of after) if (n > (before.get(file) ?? 0)) out.set(file, n - (before.get(file) ?? 0));
  return out;
}

async function pass(dir: string, name: string, video: string, bed: string, log: string, inProcess: boolean): Promise<Pass> {
  const saved = process.env.A2S_INFERENCE_INPROCESS;
  if (inProcess) process.env.A2S_INFERENCE_INPROCESS = '1';
  else delete process.env.A2S_INFERENCE_INPROCESS;
  const engine = new Engine({ dataDir: path.join(dir, `data-${name}`) });
  try {
    const lib = await getLibrary(engine.services, { starter: false });
    if ((await lib.import([bed])).added !== 1) throw new Error('the library clip was not imported');
    const decodes = (): number => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0);
    const d0 = decodes();
    const s0 = sessionsCreated();
    const request = { video, start: 0.5, end: 2, steps: 2, threads: 1, ambient: { mode: 'auto' as const }, bundle: BUNDLE, outDir: path.join(dir, `out-${name}`) };
    const { jobId } = await engine.call('generate:start', request);
    const res = await jobResult(engine, jobId);
    if (res.condition.mode !== 'auto' || !res.condition.path) throw new Error(`the generation did not take the library clip (${JSON.stringify(res.condition)})`);
    return { frameDecodes: decodes() - d0, sessions: created(s0, sessionsCreated()), res };
  } finally {
    await runnerFor(engine.services).close();
    if (saved === undefined) delete process.env.A2S_INFERENCE_INPROCESS;
    else process.env.A2S_INFERENCE_INPROCESS = saved;
  }
}

export const decodeOnceCase: BenchCase = {
  name: 'auto-once',
  description: "an auto generation (library clip chosen by the span's AV-Sim vector): frames decoded once, its bundle opened once (counts)",
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'a2s-bench-once-'));
    const saved = { ...process.env };
    try {
      const ffmpeg = findTools().ffmpeg;
      const video = path.join(dir, 'shot.mp4');
      execFileSync(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=24:duration=3', '-pix_fmt', 'yuv420p', video]);
      const bed = path.join(dir, 'bed.wav');
      execFileSync(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'anoisesrc=d=2:c=pink:a=0.1:r=16000', bed]);
      const log = path.join(dir, 'frame-decodes.log');
      const wrapper = path.join(dir, 'ffmpeg-counting');
      writeFileSync(wrapper, ['#!/bin/sh', `case "$*" in *showinfo*) echo x >> '${log}' ;; esac`, `exec '${ffmpeg}' "$@"`, ''].join('\n'));
      chmodSync(wrapper, 0o755);
      Object.assign(process.env, { A2S_FFMPEG: wrapper, A2S_LIBRARY_STARTER: '0' });
      delete process.env.A2S_LIBRARY_DB;

      const app = await pass(dir, 'worker', video, bed, log, false);
      const one = await pass(dir, 'in-process', video, bed, log, true);
      const windows = { name: 'windows of the span', value: app.res.windows };
      const engineThread = [...app.sessions.values()].reduce((a, b) => a + b, 0);
      const bundleFiles = [...one.sessions].filter(([file]) => path.resolve(file).startsWith(BUNDLE + path.sep));
      const mostOpens = Math.max(0, ...bundleFiles.map(([, n]) => n));
      const graphs = `${bundleFiles.length} graphs of the bundle opened in-process: ${bundleFiles.map(([f, n]) => `${path.basename(f)}×${n}`).join(', ')}`;
      return [
        result('auto-frame-decodes', 'decodes', app.frameDecodes, windows, 'worker thread (the app), counted at ffmpeg'),
        result('auto-engine-thread-sessions', 'sessions', engineThread, { name: 'sessions created in-process', value: [...one.sessions.values()].reduce((a, b) => a + b, 0) }, 'worker thread (the app): none expected on the engine thread'),
        result('auto-frame-decodes-in-process', 'decodes', one.frameDecodes, windows, 'in-process'),
        result('auto-bundle-opens', 'opens per graph', mostOpens, { name: 'once', value: 1 }, graphs),
      ];
    } finally {
      process.env = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
