import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { VideoRef } from '../../contract/domains/project-doc';
import { EngineError } from '../core/errors';
import { sha256File } from '../core/file-hash';

const run = promisify(execFile);

const FfprobeOut = z.object({
  streams: z.array(
    z.object({
      codec_type: z.string().optional(),
      width: z.number().optional(),
      height: z.number().optional(),
      r_frame_rate: z.string().optional(),
      avg_frame_rate: z.string().optional(),
      duration: z.string().optional(),
      tags: z.record(z.string(), z.string()).optional(),
    }),
  ),
  format: z.object({ duration: z.string().optional(), tags: z.record(z.string(), z.string()).optional() }).optional(),
});

function parseRate(text: string | undefined): { num: number; den: number } | null {
  const m = /^(\d+)\/(\d+)$/.exec(text ?? '');
  if (!m) return null;
  const num = Number(m[1]);
  const den = Number(m[2]);
  return num > 0 && den > 0 ? { num, den } : null;
}

/**
 * What the project document needs to know about its video (VideoRef). A small ffprobe call of our own, so that
 * project creation does not wait on the media module; the timecode comes from the container or stream `timecode` tag.
 */
export async function probeVideo(file: string): Promise<VideoRef> {
  let stdout: string;
  try {
    ({ stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file], { maxBuffer: 16 << 20 }));
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n').slice(-2).join(' ').trim() : String(err);
    throw new EngineError('bad-input', `cannot read video "${file}": ${reason}`, { file });
  }
  const info = FfprobeOut.parse(JSON.parse(stdout));
  const v = info.streams.find((s) => s.codec_type === 'video');
  if (!v || !v.width || !v.height) throw new EngineError('bad-input', `"${file}" has no video stream`, { file });
  const fps = parseRate(v.avg_frame_rate) ?? parseRate(v.r_frame_rate);
  if (!fps) throw new EngineError('bad-input', `"${file}": cannot tell the frame rate`, { file });
  const duration = Number(info.format?.duration ?? v.duration);
  if (!(duration > 0)) throw new EngineError('bad-input', `"${file}": cannot tell the duration`, { file });
  const timecode = info.format?.tags?.timecode ?? v.tags?.timecode ?? info.streams.map((s) => s.tags?.timecode).find(Boolean);
  return {
    path: file,
    sha256: await sha256File(file),
    duration,
    fps,
    width: v.width,
    height: v.height,
    hasAudio: info.streams.some((s) => s.codec_type === 'audio'),
    ...(timecode ? { startTimecode: timecode } : {}),
  };
}
