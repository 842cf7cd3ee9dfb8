import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../core/errors';
import { sha256File } from '../core/file-hash';
import { mediaSlots, resolveMedia } from './media-refs';
import { loadProject, saveProject, type OpenedProject } from './project-file';

const MAX_FILES = 50_000; // a relink search is a user action: stop rather than hash a whole disk

async function listFiles(folder: string): Promise<string[]> {
  const out: string[] = [];
  const queue = [folder];
  while (queue.length && out.length < MAX_FILES) {
    const dir = queue.shift()!;
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) queue.push(full);
      else if (e.isFile()) out.push(full);
    }
  }
  return out;
}

/**
 * Find the project's missing media in `folder` and point the document at them, then save (with backup).
 * A reference with a sha256 matches only a file with that content (files with the same name are hashed first,
 * so the usual case costs one hash per file); one without a hash matches by file name.
 */
export async function relinkProject(p: string, folder: string): Promise<OpenedProject & { relinked: { from: string; to: string }[] }> {
  const opened = await loadProject(p);
  const root = path.resolve(folder);
  if (!(await fs.stat(root).catch(() => null))?.isDirectory()) throw new EngineError('not-found', `no folder at "${root}" to search for media`, { folder: root });
  if (opened.missing.length === 0) return { ...opened, relinked: [] };

  const files = await listFiles(root);
  const hashes = new Map<string, string>();
  const hashOf = async (f: string): Promise<string> => {
    let h = hashes.get(f);
    if (h === undefined) {
      h = await sha256File(f).catch(() => '');
      hashes.set(f, h);
    }
    return h;
  };
  const found = new Map<string, string>();
  for (const m of opened.missing) {
    const base = path.basename(m.path);
    const sameName = files.filter((f) => path.basename(f) === base);
    if (!m.sha256) {
      if (sameName[0]) found.set(m.path, sameName[0]);
      continue;
    }
    for (const f of [...sameName, ...files.filter((f) => path.basename(f) !== base)]) {
      if ((await hashOf(f)) === m.sha256) {
        found.set(m.path, f);
        break;
      }
    }
  }
  if (found.size === 0) return { ...opened, relinked: [] };
  for (const slot of mediaSlots(opened.doc)) {
    const to = found.get(slot.ref.path);
    if (to && !(await fs.stat(resolveMedia(opened.path, slot.ref.path)).catch(() => null))) slot.set(to);
  }
  await saveProject(opened.path, opened.doc);
  const reopened = await loadProject(opened.path);
  return { ...reopened, relinked: [...found].map(([from, to]) => ({ from, to })) };
}
