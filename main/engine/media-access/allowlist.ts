import { randomBytes } from 'node:crypto';
import { constants, promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../core/errors';
import { NotRegularFile, openRegular } from '../core/regular-file';
import { mediaKindFor, SNIFF_BYTES } from './types';

export interface MediaEntry {
  readonly id: string;
  /** The path as the user gave it (a symlink is fine, as long as it keeps pointing at the same file). */
  readonly requestedPath: string;
  /** Its realpath at registration: the only file this id may ever serve. */
  readonly realPath: string;
  readonly mime: string;
  /** The inode at registration: a path re-pointed (hard link, rename over it) at another file is refused. */
  readonly dev: number;
  readonly ino: number;
}

export interface OpenedMedia {
  readonly entry: MediaEntry;
  readonly handle: fs.FileHandle;
  readonly size: number;
}

// O_NOFOLLOW makes the final open fail if the registered real path was itself swapped for a symlink (absent on Windows).
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * The allow-list behind `/media/<id>` and `media://<id>`: opaque random ids for files the user opened. The renderer
 * never sends a path to the media server, so it can reach nothing else; and an id only serves a file whose realpath
 * still equals the one registered, which defeats traversal and symlinks swapped after registration.
 */
export class MediaAllowList {
  private readonly byId = new Map<string, MediaEntry>();
  private readonly byRealPath = new Map<string, MediaEntry>();

  async register(requestedPath: string): Promise<{ entry: MediaEntry; bytes: number }> {
    if (!path.isAbsolute(requestedPath)) {
      throw new EngineError('bad-input', `media:open needs an absolute path, got "${requestedPath}"`, undefined, 'payload.path');
    }
    const kind = mediaKindFor(path.extname(requestedPath));
    if (!kind) {
      throw new EngineError('bad-input', `${requestedPath}: not an audio or video file (extension "${path.extname(requestedPath)}")`, undefined, 'payload.path');
    }
    const realPath = await realpathOr(requestedPath, () => new EngineError('not-found', `${requestedPath}: no such file`, undefined, 'payload.path'));
    const { handle, stat } = await openNoFollow(realPath, requestedPath, (kind) => new EngineError('bad-input', `${requestedPath}: is ${kind}, not a regular file`, undefined, 'payload.path'));
    try {
      if (stat.size === 0) throw new EngineError('bad-input', `${requestedPath}: the file is empty`, undefined, 'payload.path');
      const head = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
      if (!kind.sniff(head.subarray(0, bytesRead))) {
        throw new EngineError('bad-input', `${requestedPath}: its content is not ${kind.mime} (damaged, or renamed from another type)`, undefined, 'payload.path');
      }
      const known = this.byRealPath.get(realPath);
      const same = known && known.requestedPath === requestedPath && known.dev === stat.dev && known.ino === stat.ino;
      const entry = same ? known : { id: randomBytes(16).toString('hex'), requestedPath, realPath, mime: kind.mime, dev: stat.dev, ino: stat.ino };
      this.byId.set(entry.id, entry);
      this.byRealPath.set(realPath, entry);
      return { entry, bytes: stat.size };
    } finally {
      await handle.close();
    }
  }

  get(id: string): MediaEntry | undefined {
    return this.byId.get(id);
  }

  /**
   * Opens the file behind `id` for reading, after checking it is still the file that was registered: the
   * requested path must still resolve to the registered realpath, both before and after the open (so a swap in
   * between is caught), the descriptor must be that very inode, and that inode the one registered (a hard link to
   * another file, or another file renamed over it, is refused). The caller closes the handle.
   */
  async open(id: string): Promise<OpenedMedia> {
    const entry = this.byId.get(id);
    if (!entry) throw new EngineError('not-found', `no media with id "${id}" (open the file again)`);
    await this.assertSamePath(entry);
    const { handle, stat } = await openNoFollow(entry.realPath, entry.requestedPath, (kind) => refused(entry, `is no longer a regular file (now ${kind})`));
    try {
      if (stat.ino !== entry.ino || stat.dev !== entry.dev) throw refused(entry, 'is now another file');
      await this.assertSamePath(entry);
      const now = await fs.stat(entry.realPath);
      if (now.ino !== stat.ino || now.dev !== stat.dev) throw refused(entry, 'was replaced while being opened');
      return { entry, handle, size: stat.size };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  private async assertSamePath(entry: MediaEntry): Promise<void> {
    const real = await realpathOr(entry.requestedPath, () => new EngineError('not-found', `${entry.requestedPath}: the file was moved or deleted`));
    if (real !== entry.realPath) throw refused(entry, `now resolves to another file (${real})`);
  }
}

function refused(entry: MediaEntry, why: string): EngineError {
  return new EngineError('unauthorized', `refused: ${entry.requestedPath} ${why} since it was opened; open it again`);
}

async function realpathOr(p: string, onMissing: () => EngineError): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch {
    throw onMissing();
  }
}

/** A regular file only, opened without following a final symlink and without ever blocking (a FIFO is refused). */
async function openNoFollow(realPath: string, shownPath: string, notRegular: (kind: string) => EngineError): Promise<{ handle: fs.FileHandle; stat: Stats }> {
  try {
    return await openRegular(realPath, NO_FOLLOW);
  } catch (err) {
    if (err instanceof NotRegularFile) throw notRegular(err.kind);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new EngineError('unauthorized', `refused: ${shownPath} became a symbolic link since it was resolved`);
    if (code === 'EISDIR') throw new EngineError('bad-input', `${shownPath}: is a folder, not a media file`, undefined, 'payload.path');
    if (code === 'EACCES' || code === 'EPERM') throw new EngineError('bad-input', `${shownPath}: permission denied`, undefined, 'payload.path');
    throw new EngineError('not-found', `${shownPath}: cannot be opened (${code ?? String(err)})`);
  }
}
