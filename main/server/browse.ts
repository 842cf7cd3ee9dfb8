import { promises as fs, type Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { BROWSE_MAX_ENTRIES, type BrowseEntry, type BrowseKind, type BrowseResponseOf, type browseChannels } from '../contract/domains/browse';
import { EngineError } from '../engine/core/errors';
import { mediaKindFor } from '../engine/media-access/types';

/** A folder the picker may list, and everything under it: the home folder, or one given with `a2s serve --root`. */
export interface BrowseRoot {
  /** Its realpath: every check compares real paths. */
  readonly path: string;
  readonly label: string;
}

type ListRequest = z.output<(typeof browseChannels)['browse:list']['request']>;

/**
 * The roots: the home folder first (when it exists), then each `--root`, symlinks resolved. A `--root` that is not
 * a folder is an error at start-up, not a silently smaller picker.
 */
export async function resolveRoots(extra: readonly string[], home: string = os.homedir()): Promise<BrowseRoot[]> {
  const roots: BrowseRoot[] = [];
  const add = (real: string, label: string): void => {
    if (!roots.some((r) => r.path === real)) roots.push({ path: real, label });
  };
  const realHome = await fs.realpath(home).catch(() => null);
  if (realHome && (await fs.stat(realHome)).isDirectory()) add(realHome, 'Home');
  for (const given of extra) {
    const abs = path.resolve(given);
    const real = await fs.realpath(abs).catch(() => {
      throw new EngineError('bad-input', `--root ${given}: no such folder`);
    });
    if (!(await fs.stat(real)).isDirectory()) throw new EngineError('bad-input', `--root ${given}: not a folder`);
    add(real, abs);
  }
  return roots;
}

/** The most specific root holding `real` (a realpath), if any. */
function rootOf(real: string, roots: readonly BrowseRoot[]): BrowseRoot | undefined {
  return roots
    .filter((r) => real === r.path || real.startsWith(r.path.endsWith(path.sep) ? r.path : r.path + path.sep))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/** Is some part of `real` below its root hidden (a name starting with a dot)? */
function underHidden(real: string, root: BrowseRoot): boolean {
  return path.relative(root.path, real).split(path.sep).some((part) => part.startsWith('.'));
}

/** Where a real path may be listed or shown: inside a root, and not hidden unless asked. */
function allowed(real: string, roots: readonly BrowseRoot[], hidden: boolean): boolean {
  const root = rootOf(real, roots);
  return root !== undefined && (hidden || !underHidden(real, root));
}

function fileKind(name: string): BrowseKind {
  const mime = mediaKindFor(path.extname(name))?.mime ?? '';
  return mime.startsWith('video/') ? 'video' : mime.startsWith('audio/') ? 'audio' : 'file';
}

/** One entry, or null when it is left out: dotfiles (unless asked), links leading outside the roots or nowhere, FIFOs, devices, sockets. */
async function entryOf(dir: string, d: Dirent, roots: readonly BrowseRoot[], hidden: boolean): Promise<{ entry: BrowseEntry; file: string | null } | null> {
  if (!hidden && d.name.startsWith('.')) return null;
  const full = path.join(dir, d.name);
  let isDir = d.isDirectory();
  let isFile = d.isFile();
  let real = full;
  if (d.isSymbolicLink()) {
    const target = await fs.realpath(full).catch(() => null);
    if (!target || !allowed(target, roots, hidden)) return null;
    const st = await fs.stat(target).catch(() => null);
    if (!st) return null;
    [isDir, isFile, real] = [st.isDirectory(), st.isFile(), target];
  }
  if (isDir) return { entry: { name: d.name, kind: d.name.endsWith('.a2s') ? 'project' : 'folder', size: null }, file: null };
  if (isFile) return { entry: { name: d.name, kind: fileKind(d.name), size: null }, file: real };
  return null;
}

const FOLDERS_FIRST: Record<BrowseKind, number> = { folder: 0, project: 0, video: 1, audio: 1, file: 1 };
const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Lists one folder for the browser-mode picker: names, kinds and file sizes, never content. The folder must resolve
 * (realpath: `..` and symlinks followed) to a place inside a root, and not inside a hidden folder unless `hidden`;
 * `parent` is null where going up would leave the roots.
 */
export async function listFolder(req: ListRequest, roots: readonly BrowseRoot[]): Promise<BrowseResponseOf<'browse:list'>> {
  const first = roots[0];
  if (!first) throw new EngineError('unavailable', 'no folder to browse: the home folder does not exist and no --root was given');
  const asked = req.path ?? first.path;
  if (!path.isAbsolute(asked)) throw new EngineError('bad-input', `"${asked}" is not an absolute path`, undefined, 'payload.path');
  const real = await fs.realpath(asked).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'ENOENT' || err.code === 'ENOTDIR'
      ? new EngineError('not-found', `${asked}: no such folder`, undefined, 'payload.path')
      : new EngineError('bad-input', `${asked}: cannot be read (${err.code ?? err.message})`, undefined, 'payload.path');
  });
  const root = rootOf(real, roots);
  if (!root) {
    throw new EngineError('unauthorized', `${asked}: outside the folders this server lists (your home folder and the --root folders of a2s serve)`, undefined, 'payload.path');
  }
  if (!req.hidden && underHidden(real, root)) {
    throw new EngineError('unauthorized', `${asked}: a hidden folder; show hidden files to list it`, undefined, 'payload.path');
  }
  if (!(await fs.stat(real)).isDirectory()) throw new EngineError('bad-input', `${asked}: not a folder`, undefined, 'payload.path');
  const dirents = await fs.readdir(real, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    throw new EngineError('bad-input', `${asked}: cannot be listed (${err.code ?? err.message})`, undefined, 'payload.path');
  });
  const found = (await Promise.all(dirents.map((d) => entryOf(real, d, roots, req.hidden)))).filter((e) => e !== null);
  found.sort((a, b) => FOLDERS_FIRST[a.entry.kind] - FOLDERS_FIRST[b.entry.kind] || byName.compare(a.entry.name, b.entry.name));
  const kept = found.slice(0, BROWSE_MAX_ENTRIES);
  // Sizes only for what is returned: a folder of 100,000 files costs one stat per shown file.
  const entries = await Promise.all(kept.map(async ({ entry, file }) => (file ? { ...entry, size: (await fs.stat(file).catch(() => null))?.size ?? null } : entry)));
  const up = path.dirname(real);
  return {
    path: real,
    parent: up !== real && allowed(up, roots, req.hidden) ? up : null,
    roots: roots.map((r) => ({ path: r.path, label: r.label })),
    entries,
    truncated: found.length > kept.length,
  };
}
