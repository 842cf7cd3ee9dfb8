import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';

const SLICE = 1 << 20;

/**
 * Content fingerprint for caches (proxies, peaks, thumbnails): sha256 of the size and three 1 MiB slices (start,
 * middle, end). Hashing a whole multi-GB video would take longer than the work cached; a re-export or an edit
 * changes the size or these bytes, and a renamed or moved file still hits the cache.
 */
export function contentKey(file: string): string {
  const size = statSync(file).size;
  const h = createHash('sha256').update(`a2s-media-1|${size}|`);
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(SLICE);
    for (const pos of new Set([0, Math.max(0, Math.floor(size / 2) - SLICE / 2), Math.max(0, size - SLICE)])) {
      const n = readSync(fd, buf, 0, SLICE, pos);
      h.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return h.digest('hex').slice(0, 32);
}
