import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { EngineError } from '../core/errors';

/** Checks the path before ffmpeg sees it, so the common mistakes get a precise message. Returns the size. */
export function checkInputFile(file: string): number {
  let st;
  try {
    st = statSync(file);
  } catch {
    throw new EngineError('not-found', `${file}: file not found — it may have been moved or deleted; relink or choose it again`, { file });
  }
  if (!st.isFile()) throw new EngineError('bad-input', `${file}: is not a regular file (a folder?) — choose a media file`, { file });
  if (st.size === 0) throw new EngineError('bad-input', `${file}: the file is empty (0 bytes) — the copy or export probably failed; copy it again`, { file });
  return st.size;
}

/** Last meaningful line of ffmpeg's stderr (its own diagnosis), for the message tail. */
function lastLine(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !/^(Input|Output|Stream|Duration|Metadata|ffmpeg version|built with|configuration)/.test(l));
  return lines.at(-1)?.slice(0, 300) ?? '';
}

/** First bytes of the file: ffmpeg picks a demuxer by extension, so its message alone misleads for renamed files. */
function sniff(file: string): { text: boolean; isoBmff: boolean } {
  const buf = Buffer.alloc(64);
  let n: number;
  try {
    const fd = openSync(file, 'r');
    try {
      n = readSync(fd, buf, 0, 64, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return { text: false, isoBmff: false };
  }
  const head = buf.subarray(0, n);
  const text = n > 0 && head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 0xc0 || (b >= 0x80 && b < 0xc0));
  const isoBmff = n >= 8 && ['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip'].includes(head.toString('latin1', 4, 8));
  return { text: text && !isoBmff, isoBmff };
}

/** Turns a failed ffmpeg/ffprobe run into a bad-input/not-found error that names the file and what to do. */
export function explainFailure(file: string, stderr: string, action: string): EngineError {
  // The file may have vanished while we were reading it.
  try {
    statSync(file);
  } catch {
    return new EngineError('not-found', `${file}: the file disappeared while ${action} — it was moved or deleted; relink it`, { file });
  }
  const s = stderr;
  const head = sniff(file);
  let why: string;
  if (head.text) why = 'this is not a media file (it contains text) — choose the video or audio file itself';
  else if (/moov atom not found/i.test(s) && head.isoBmff) why = 'the file is truncated or incomplete (its MP4/MOV index "moov" is missing) — copy or export it again';
  else if (/Invalid data found when processing input|could not find codec parameters|EBML header parsing failed/i.test(s)) {
    why = 'this is not a media file ffmpeg can read (invalid or damaged data) — check the file type, or re-export it';
  } else if (/Decoder \(codec [^)]*\) not found|Unsupported codec|no decoder|unknown codec/i.test(s)) {
    why = 'it uses a codec this ffmpeg cannot decode — transcode it to H.264/ProRes or install a full ffmpeg';
  } else if (/Permission denied/i.test(s)) why = 'permission denied — check the file permissions';
  else if (/partial file|Truncat|End of file|error while decoding/i.test(s)) why = 'the file is damaged or truncated — copy or export it again';
  else why = `ffmpeg could not read it — re-export it to a common format (mp4/H.264, wav)`;
  const tail = lastLine(s);
  return new EngineError('bad-input', `${file}: ${why}${tail ? ` (ffmpeg: ${tail})` : ''}`, { file });
}
