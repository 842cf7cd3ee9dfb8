/**
 * Bundle graphs are hashed once per file version, not once per run: hashing ~100 MB of graphs was most of a cold
 * start. The sha256 of each graph is kept in `<dataDir>/cache/bundle-hashes.json`, keyed by the file's path, size,
 * mtime (ns) and inode; a file whose key changed (rewritten, replaced, touched) is hashed again. The cache only
 * remembers what the bytes hash to: the loader still compares that with the manifest every time.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { sha256File } from '../../core/file-hash';
import { writeFileAtomic } from '../../project/atomic';

const Entry = z.object({ key: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const CacheFile = z.object({ version: z.literal(1), files: z.record(z.string(), Entry) });
type CacheFile = z.infer<typeof CacheFile>;

export const HASH_CACHE_FILE = 'bundle-hashes.json';

/** What a load did: files hashed (read in full) and files whose hash came from the cache. */
export interface HashStats {
  hashed: number;
  cached: number;
}

/** The file's identity for the cache; any write to the file changes its mtime or its inode. */
async function versionKey(file: string): Promise<string> {
  const st = await fs.stat(file, { bigint: true });
  return `${st.size}|${st.mtimeNs}|${st.ino}|${st.dev}`;
}

async function readCache(file: string): Promise<CacheFile> {
  try {
    const parsed = CacheFile.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    /* missing or unreadable: start empty (the cache is only ever a shortcut) */
  }
  return { version: 1, files: {} };
}

/**
 * A session of look-ups against one cache folder (`null` = no cache: always hash). `sha256` answers from the cache
 * when the file's key is unchanged; `save` writes the updated cache atomically (a failure to write costs only time).
 */
export class HashCache {
  readonly stats: HashStats = { hashed: 0, cached: 0 };
  private data: CacheFile | null = null;
  private dirty = false;

  constructor(private readonly cacheDir: string | null) {}

  private get file(): string | null {
    return this.cacheDir ? path.join(this.cacheDir, HASH_CACHE_FILE) : null;
  }

  async sha256(file: string): Promise<string> {
    const abs = path.resolve(file);
    const cacheFile = this.file;
    if (!cacheFile) return this.hash(abs);
    this.data ??= await readCache(cacheFile);
    const key = await versionKey(abs);
    const hit = this.data.files[abs];
    if (hit && hit.key === key) {
      this.stats.cached++;
      return hit.sha256;
    }
    const sha256 = await this.hash(abs);
    // Keyed by the stat taken before hashing: a write during the hash changes the key, so it is hashed next time.
    this.data.files[abs] = { key, sha256 };
    this.dirty = true;
    return sha256;
  }

  private async hash(file: string): Promise<string> {
    this.stats.hashed++;
    return sha256File(file);
  }

  async save(): Promise<void> {
    const cacheFile = this.file;
    if (!cacheFile || !this.data || !this.dirty) return;
    try {
      await fs.mkdir(path.dirname(cacheFile), { recursive: true });
      await writeFileAtomic(cacheFile, JSON.stringify(this.data));
      this.dirty = false;
    } catch {
      /* read-only data folder: the next load hashes again, nothing is lost */
    }
  }
}
