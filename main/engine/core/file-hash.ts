import { createHash } from 'node:crypto';
import { openRegular } from './regular-file';

/** sha256 of bytes already in memory, hex: the same digest as sha256File of a file holding them. */
export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * sha256 of a file's bytes, hex: the one file hash of the engine (bundle graphs, library clips, project media).
 * Streamed, so a multi-GB video stays in bounded memory. Only a regular file is read: a FIFO, a device (a symlink to
 * /dev/zero) or a folder throws NotRegularFile at once instead of blocking or reading forever.
 */
export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  const { handle } = await openRegular(file);
  // The stream closes the handle at its end or on an error (autoClose).
  for await (const chunk of handle.createReadStream()) h.update(chunk as Buffer);
  return h.digest('hex');
}
