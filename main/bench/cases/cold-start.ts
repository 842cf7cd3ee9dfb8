/**
 * Cold `a2s generate` on real-footage formats (issue 20): a fresh CLI process per run on 10 s of 1080p H.264 and of
 * 1080p ProRes 422, both made here with ffmpeg. Reports the total, the video-decode share (ffmpeg frames) and the
 * start-up share (process, worker, bundle verify, sessions: everything before work), each as a ratio to the same
 * run's total, and ProRes against H.264. The first run has an empty hash cache; the second shows the cached verify.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GenerateResult } from '../../contract/domains/inference';
import { findTools } from '../../engine/media/tools';
import { result, type BenchCase, type BenchResult } from '../harness';

const SECONDS = 10;

interface Run {
  readonly wallSec: number;
  readonly res: GenerateResult;
}

function makeClip(file: string, codec: string[]): void {
  const src = `testsrc2=size=1920x1080:rate=25:duration=${SECONDS}`;
  execFileSync(findTools().ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', src, ...codec, file]);
}

/** One fresh CLI process: everything a user waits for, start-up included. */
function coldGenerate(video: string, data: string, out: string): Run {
  const cli = path.join(__dirname, 'cli.cjs');
  const args = [cli, 'generate', video, '--start', '0', '--end', String(SECONDS), '--takes', '1', '--ambient', 'none', '--data', data, '--out', out, '--json'];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const wallSec = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`a2s generate failed (${r.status}): ${r.stderr.slice(-500)}`);
  return { wallSec, res: GenerateResult.parse(JSON.parse(r.stdout)) };
}

/** Before any work: the process and worker start, span check, bundle verify, sessions (all of wall but the work). */
const startupOf = (r: Run): number => r.wallSec - (r.res.timings.totalSec - r.res.timings.startupSec);

function describeRun(r: Run): string {
  const t = r.res.timings;
  return `bundle ${r.res.bundle}, ${r.res.threading.reason}, load ${os.loadavg()[0].toFixed(2)}; verify ${t.bundleVerifySec.toFixed(2)} s (${t.hashedGraphs} hashed), sessions ${t.sessionsOpenSec.toFixed(2)} s (${t.sessionsOpened}), frames ${t.framesSec.toFixed(2)} s, sampling ${t.samplingSec.toFixed(2)} s`;
}

export const coldStartCase: BenchCase = {
  name: 'cold-generate-1080p',
  description: `cold a2s generate (new process, 1 take, ${SECONDS} s) of 1080p H.264 and 1080p ProRes 422: total, decode share, start-up share, ProRes/H.264`,
  async run() {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'a2s-bench-cold-'));
    try {
      const h264 = path.join(dir, 'shot-h264.mp4');
      const prores = path.join(dir, 'shot-prores.mov');
      makeClip(h264, ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p']);
      makeClip(prores, ['-c:v', 'prores_ks', '-profile:v', '2', '-pix_fmt', 'yuv422p10le']);
      const data = path.join(dir, 'data');
      const out = path.join(dir, 'out');
      const first = coldGenerate(h264, data, out); // empty hash cache
      const h = coldGenerate(h264, data, out); // cached hashes: the cold start a user sees after the first run
      const p = coldGenerate(prores, data, out);
      const results: BenchResult[] = [];
      for (const [label, r] of [['h264', h], ['prores422', p]] as const) {
        const total = { name: 'total', value: r.wallSec };
        results.push(
          result(`cold-${label}-frames-share`, 's', r.res.timings.framesSec, total, describeRun(r)),
          result(`cold-${label}-startup-share`, 's', startupOf(r), total, `process + worker + span check ${r.res.timings.spanCheckSec.toFixed(2)} s + runtime ${r.res.timings.runtimeSec.toFixed(2)} s`),
        );
      }
      results.push(
        result('cold-prores422-vs-h264-total', 's', p.wallSec, { name: 'h264 total', value: h.wallSec }),
        result('cold-h264-verify-cached', 's', h.res.timings.bundleVerifySec, { name: 'first run (empty cache)', value: first.res.timings.bundleVerifySec }, `first run total ${first.wallSec.toFixed(2)} s, hashed ${first.res.timings.hashedGraphs} graphs`),
      );
      return results;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
