import { z } from 'zod';
import { WireError } from '../errors';

/**
 * Browser mode's upload of a file dropped from disk (a browser gives its bytes, never its path): `POST /upload?name=`
 * on the loopback server (main/server/upload.ts) with the bytes as the body, the same token cookie, Host and Origin
 * rules as every request. The file is written atomically into `<data>/imports/` and the answer names it; the
 * renderer then imports it into the library (`library:import`) like any other path.
 */
export const UPLOAD_PATH = '/upload';

/** The largest body taken (1 GiB: an hour of 48 kHz stereo 24-bit WAV is 1.04 GB; longer beds are imported by path). */
export const UPLOAD_MAX_BYTES = 1024 ** 3;

/** Sound files the library imports and whose first bytes can be checked (main/engine/media-access/types.ts). */
export const UPLOAD_EXTENSIONS: readonly string[] = ['.wav', '.aif', '.aiff', '.flac', '.mp3', '.ogg', '.oga', '.opus', '.m4a', '.aac'];

export const UploadResult = z.object({
  /** Where the file now is (absolute): what `library:import` is given. */
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The same name with the same content was already there: that file is answered, no copy made. */
  reused: z.boolean(),
});
export type UploadResult = z.infer<typeof UploadResult>;

export const UploadAnswer = z.union([z.object({ ok: z.literal(true), result: UploadResult }), z.object({ ok: z.literal(false), error: WireError })]);
