/**
 * Probe results kept on disk across processes (issue 20 cold start): a CLI run probed its video with two ffprobe
 * processes (~0.3–0.9 s on 2 cores) before any work, every run. Keyed by the file's path and version (size, mtime
 * in ns, inode, device), so a changed file is probed again; written atomically; read back through the contract's
 * MediaInfo schema (a stale or foreign entry is ignored, never trusted).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MediaInfo } from '../../contract/domains/media';
import { tempPathFor } from './atomic';

const VERSION = 'a2s-probe-1';

function entryPath(file: string, cacheDir: string): string {
  const st = statSync(file, { bigint: true });
  const id = `${VERSION}|${path.resolve(file)}|${st.size}|${st.mtimeNs}|${st.ino}|${st.dev}`;
  return path.join(cacheDir, 'probe', `${createHash('sha256').update(id).digest('hex').slice(0, 32)}.json`);
}

export function readProbe(file: string, cacheDir: string): MediaInfo | null {
  try {
    const parsed = MediaInfo.safeParse(JSON.parse(readFileSync(entryPath(file, cacheDir), 'utf8')));
    return parsed.success && parsed.data.path === file ? parsed.data : null;
  } catch {
    return null; // none yet, or unreadable: probe
  }
}

export function writeProbe(file: string, cacheDir: string, info: MediaInfo): void {
  try {
    const out = entryPath(file, cacheDir);
    mkdirSync(path.dirname(out), { recursive: true });
    const tmp = tempPathFor(out);
    writeFileSync(tmp, JSON.stringify(info));
    renameSync(tmp, out);
  } catch {
    /* a cache that cannot be written only costs the next run a probe */
  }
}
