import path from 'node:path';
import { runFfmpeg } from './ffmpeg';

export type MuxAudio = 'aac' | 'pcm';

/**
 * Output container for the muxed video: keep the source's when it can carry the audio codec (mp4/mov for AAC,
 * mov for 24-bit PCM), Matroska otherwise (webm cannot hold AAC or PCM; mp4 has no standard PCM).
 */
export function muxContainer(videoPath: string, audio: MuxAudio): { ext: string; format: string } {
  const ext = path.extname(videoPath).toLowerCase();
  if (audio === 'aac' && (ext === '.mp4' || ext === '.m4v')) return { ext: '.mp4', format: 'mp4' };
  if (ext === '.mov' || (audio === 'pcm' && (ext === '.mp4' || ext === '.m4v'))) return { ext: '.mov', format: 'mov' };
  return { ext: '.mkv', format: 'matroska' };
}

export interface MuxOptions {
  video: string;
  mix: string;
  /** Extra audio streams after the mix (stems), with their titles. Inputs are probed by content, any name works. */
  stems: { path: string; title: string }[];
  /** Written as is (the caller's temp name; the container is `format`, not guessed from the name). */
  out: string;
  format: string;
  audio: MuxAudio;
  /** Where the audio starts on the video timeline (export range start). */
  audioOffset: number;
  timecode?: string;
  signal?: AbortSignal;
}

/**
 * The original video stream copied packet for packet (`-c:v copy`, never re-encoded) with the mix as the first,
 * default audio stream and optionally each stem after it.
 */
export async function muxVideo(o: MuxOptions): Promise<void> {
  const args = ['-v', 'error', '-i', o.video];
  for (const a of [o.mix, ...o.stems.map((s) => s.path)]) {
    if (o.audioOffset > 0) args.push('-itsoffset', o.audioOffset.toFixed(9));
    args.push('-i', a);
  }
  args.push('-map', '0:v:0');
  const n = 1 + o.stems.length;
  for (let i = 1; i <= n; i++) args.push('-map', `${i}:a:0`);
  args.push('-c:v', 'copy');
  args.push('-c:a', o.audio === 'aac' ? 'aac' : 'pcm_s24le');
  if (o.audio === 'aac') args.push('-b:a', '320k');
  // Stream names: `title` (Matroska, mov) and `handler_name` (what mp4 keeps and DAWs/players show).
  const name = (i: number, title: string): string[] => [`-metadata:s:a:${i}`, `title=${title}`, `-metadata:s:a:${i}`, `handler_name=${title}`];
  args.push(...name(0, 'Mix'), '-disposition:a:0', 'default');
  o.stems.forEach((s, i) => args.push(...name(i + 1, s.title), `-disposition:a:${i + 1}`, '0'));
  if (o.timecode && o.format !== 'matroska') args.push('-timecode', o.timecode);
  args.push('-f', o.format, '-y', o.out);
  await runFfmpeg(args, o.video, o.signal);
}
