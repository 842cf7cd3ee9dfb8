import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeAudio, decodeFrames, decodeFrameWindows, findTools, probe } from '../../engine/media';
import { result, type BenchCase } from '../harness';

/** Length of the benchmark video; A2S_BENCH_MEDIA_SECONDS shortens it for a quick run. */
const SECONDS = Number(process.env.A2S_BENCH_MEDIA_SECONDS ?? 600);
const WINDOWS = 12;
const WINDOW_SEC = 2.048; // models/SPEC.md: 64 frames per 2.048 s clip at 48×48

/**
 * A 1080p25 H.264 file with sound, made once (ultrafast x264) into os.tmpdir() and reused by later runs. Keyframes
 * every 2 s, like camera and phone files (x264's default of 10 s would make every seek decode ~5 s of video).
 */
function benchVideo(): string {
  const dir = path.join(os.tmpdir(), 'a2s-bench-media');
  const file = path.join(dir, `1080p25-g50-${SECONDS}s.mp4`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp.mp4`;
  console.log(`  generating ${file} (once; minutes on a small machine)...`);
  execFileSync(findTools().ffmpeg, ['-hide_banner', '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=25:duration=${SECONDS}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${SECONDS}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-shortest', tmp], { stdio: 'inherit' });
  renameSync(tmp, file);
  return file;
}

/** Window starts spread over the whole file (seek cost included), the same for both sides of each comparison. */
function windowStarts(duration: number): number[] {
  return Array.from({ length: WINDOWS }, (_, i) => ((i + 0.37) * (duration - WINDOW_SEC - 1)) / WINDOWS);
}

async function seconds(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

export const mediaCases: BenchCase[] = [
  {
    name: 'media-decode',
    description: `decodeFrames (64 frames at 48×48 per ${WINDOW_SEC} s window) and decodeAudio (16 kHz mono) on a ${(SECONDS / 60).toFixed(1)}-minute 1080p H.264 file, vs ffmpeg decoding the same spans to -f null`,
    async run() {
      const file = benchVideo();
      const { ffmpeg } = findTools();
      const info = await probe(file);
      const starts = windowStarts(info.duration);
      // Warm up (probe cache, page cache), then alternate ours/baseline per window so load swings hit both alike.
      await decodeFrames(file, { start: 1, end: 1 + WINDOW_SEC, count: 64, width: 48, height: 48 });
      let ours = 0;
      let raw = 0;
      for (const s of starts) {
        ours += await seconds(() => decodeFrames(file, { start: s, end: s + WINDOW_SEC, count: 64, width: 48, height: 48 }));
        // Baseline: ffmpeg's own decode of the same window (accurate seek, every frame, nothing scaled or piped).
        raw += await seconds(() => execFileSync(ffmpeg, ['-v', 'error', '-nostdin', '-ss', String(s), '-i', file, '-t', String(WINDOW_SEC), '-map', '0:v:0', '-f', 'null', '-']));
      }
      const frames = 64 * WINDOWS;
      // A 20 s span as the generator cuts it (2.048 s windows, 0.5 s overlap): one call per window vs one joint call.
      const span = Array.from({ length: 13 }, (_, i) => ({ start: 60 + i * (WINDOW_SEC - 0.5), end: 60 + i * (WINDOW_SEC - 0.5) + WINDOW_SEC }));
      const frameOpts = { count: 64, width: 48, height: 48 };
      const perWindow = await seconds(async () => {
        for (const w of span) await decodeFrames(file, { ...w, ...frameOpts });
      });
      const joint = await seconds(() => decodeFrameWindows(file, span, frameOpts));
      const audioOurs = await seconds(() => decodeAudio(file, { rate: 16_000 }));
      const audioRaw = await seconds(() => execFileSync(ffmpeg, ['-v', 'error', '-nostdin', '-i', file, '-map', '0:a:0', '-f', 'null', '-']));
      return [
        result('decodeFrames 64×48² windows', 'frames/s', frames / ours, { name: 'ffmpeg -f null, same windows', value: frames / raw }, `${(ours / WINDOWS * 1000).toFixed(0)} ms per window`),
        result('decodeFrameWindows, 20 s span of 13 windows', 'frames/s', (64 * span.length) / joint, { name: 'decodeFrames per window', value: (64 * span.length) / perWindow }),
        result('decodeAudio 16 kHz mono, whole file', 'audio-s/s', info.duration / audioOurs, { name: 'ffmpeg -f null audio decode', value: info.duration / audioRaw }),
      ];
    },
  },
];
