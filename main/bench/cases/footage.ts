/** 1080p test footage for the speed benches (issue 20), made with ffmpeg: H.264 (camera-like 2 s GOPs) and ProRes 422. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseChildrenSec, parseCpuTimes } from '../../engine/inference';
import { findTools } from '../../engine/media/tools';

export interface Footage {
  readonly h264: string;
  readonly prores422: string;
}

function makeClip(file: string, seconds: number, codec: string[]): void {
  const src = `testsrc2=size=1920x1080:rate=25:duration=${seconds}`;
  execFileSync(findTools().ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', src, ...codec, file]);
}

export function makeFootage(dir: string, seconds: number): Footage {
  const h264 = path.join(dir, 'shot-h264.mp4');
  const prores422 = path.join(dir, 'shot-prores.mov');
  makeClip(h264, seconds, ['-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-pix_fmt', 'yuv420p']);
  makeClip(prores422, seconds, ['-c:v', 'prores_ks', '-profile:v', '2', '-pix_fmt', 'yuv422p10le']);
  return { h264, prores422 };
}

/** CPU seconds of this process's reaped children (Linux /proc/self/stat cutime + cstime); NaN elsewhere. */
export function childrenCpuSec(): number {
  try {
    return parseChildrenSec(readFileSync('/proc/self/stat', 'utf8')) ?? Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds used so far by this process (every thread: the engine and its inference worker) and its reaped children (ffmpeg). */
export function cpuSec(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6 + childrenCpuSec();
}

/**
 * CPU seconds the hypervisor gave to other guests (/proc/stat "steal", all cores), NaN where unknown. On a shared VM
 * a run's wall time also holds this; the benches print it beside each run so a slow figure can be read for what it is
 * (measured here: ~0.5 of a core stolen during a cold generation with nothing else running in this guest).
 */
export function stolenSec(): number {
  try {
    return parseCpuTimes(readFileSync('/proc/stat', 'utf8'))?.steal ?? Number.NaN;
  } catch {
    return Number.NaN;
  }
}
