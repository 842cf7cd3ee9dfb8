/** 1080p test footage for the speed benches (issue 20), made with ffmpeg: H.264 (camera-like 2 s GOPs) and ProRes 422. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
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
