import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../core/errors';
import { sha256File } from '../core/file-hash';
import { scanPaths } from './scan';
import type { Store } from './store';

export interface RelinkReport {
  scanned: number;
  relinked: number;
  relinkedIds: number[];
  stillMissing: number;
}

/** Stats every clip's path; flips the missing flag both ways in one transaction. */
export async function verifyPaths(store: Store): Promise<{ nowMissing: number[]; restored: number[] }> {
  const rows = store.allPaths.all();
  const nowMissing: number[] = [];
  const restored: number[] = [];
  // Batches of parallel stats: 100k clips in a few seconds without blocking the event loop for long.
  for (let i = 0; i < rows.length; i += 256) {
    const part = rows.slice(i, i + 256);
    const exists = await Promise.all(part.map((r) => fs.stat(r.path).then((s) => s.isFile(), () => false)));
    part.forEach((r, j) => {
      if (!exists[j] && !r.missing) nowMissing.push(r.id);
      if (exists[j] && r.missing) restored.push(r.id);
    });
  }
  // Only if the path is still the one we checked: an import may have relinked the clip meanwhile.
  const byId = new Map(rows.map((r) => [r.id, r.path]));
  const flip = store.db.prepare('UPDATE clips SET missing = ? WHERE id = ? AND path = ?');
  const changed = { nowMissing: [] as number[], restored: [] as number[] };
  store.db.transaction(() => {
    for (const id of nowMissing) if (flip.run(1, id, byId.get(id)).changes) changed.nowMissing.push(id);
    for (const id of restored) if (flip.run(0, id, byId.get(id)).changes) changed.restored.push(id);
  })();
  return changed;
}

/**
 * Relink by content: every audio file under `folder` whose size equals a missing clip's size is hashed (the size
 * check skips hashing almost everything), and a hash match moves the clip to that path.
 */
export async function relinkFolder(store: Store, folder: string): Promise<RelinkReport> {
  const abs = path.resolve(folder);
  const st = await fs.stat(abs).catch(() => null);
  if (!st?.isDirectory()) throw new EngineError('bad-input', `${abs}: not a folder — relink scans a folder for the missing files`, { folder: abs }, 'folder');
  const missing = store.allPaths.all().filter((r) => r.missing);
  const bySize = new Map<number, { id: number; sha256: string }[]>();
  for (const m of missing) bySize.set(m.size, [...(bySize.get(m.size) ?? []), { id: m.id, sha256: m.sha256 }]);
  const { files } = await scanPaths([abs]);
  const found = new Map<number, { path: string; size: number; mtimeMs: number }>();
  for (const f of files) {
    if (found.size === missing.length) break;
    const s = await fs.stat(f).catch(() => null);
    const candidates = s ? bySize.get(s.size) : undefined;
    if (!s || !candidates) continue;
    const h = await sha256File(f).catch(() => null);
    const hit = candidates.find((c) => c.sha256 === h && !found.has(c.id));
    if (hit) found.set(hit.id, { path: f, size: s.size, mtimeMs: s.mtimeMs });
  }
  store.db.transaction(() => {
    for (const [id, f] of found) store.relink.run(f.path, f.size, f.mtimeMs, id);
  })();
  return { scanned: files.length, relinked: found.size, relinkedIds: [...found.keys()], stillMissing: missing.length - found.size };
}
