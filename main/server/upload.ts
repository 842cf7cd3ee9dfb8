import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { UPLOAD_EXTENSIONS, UPLOAD_MAX_BYTES, type UploadResult } from '../contract/domains/upload';
import { EngineError, toWireError } from '../engine/core/errors';
import { sha256File } from '../engine/core/file-hash';
import { sweepStaleTemps } from '../engine/core/stale-temps';
import { mediaKindFor, SNIFF_BYTES } from '../engine/media-access/types';
import { makeFolder, tempNameFor, writeFailure } from '../engine/project/atomic';

/** Where dropped files land: the library's clips point at them, so they stay. */
export function importsFolder(dataDir: string): string {
  return path.join(dataDir, 'imports');
}

const STATUS: Partial<Record<EngineError['code'], number>> = { 'bad-input': 400, validation: 400, unauthorized: 403 };

/** A file name from the query: its last path part only, no leading dot, a sound extension the library takes. */
export function uploadName(raw: string | null): string {
  const name = [...((raw ?? '').split(/[\\/]/).pop() ?? '')].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch !== '\u007f').join('').trim();
  const ext = path.extname(name).toLowerCase();
  if (!name || name.startsWith('.') || name.length > 200) throw new EngineError('bad-input', `upload: "${raw ?? ''}" is not a usable file name`, undefined, 'name');
  if (!UPLOAD_EXTENSIONS.includes(ext)) {
    throw new EngineError('bad-input', `${name}: not a sound file the library takes here (${UPLOAD_EXTENSIONS.join(' ')}); import other files by path`, undefined, 'name');
  }
  return name;
}

/** The body into a temp file next to its final place, hashed on the way; fsynced; the temp is removed on any failure. */
async function receive(req: IncomingMessage, tmp: string, expected: number): Promise<{ sha256: string; head: Buffer }> {
  const h = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  let bytes = 0;
  const out = await fs.open(tmp, 'wx', 0o644);
  try {
    for await (const chunk of req) {
      const b = chunk as Buffer;
      bytes += b.length;
      if (bytes > expected) throw new EngineError('bad-input', 'upload: more bytes than Content-Length said');
      h.update(b);
      if (headBytes < SNIFF_BYTES) {
        head.push(b.subarray(0, SNIFF_BYTES - headBytes));
        headBytes += Math.min(b.length, SNIFF_BYTES - headBytes);
      }
      await out.write(b);
    }
    // A client that went away mid-body ends the stream early (or throws above): never keep a partial file.
    if (bytes !== expected || !req.complete) throw new EngineError('bad-input', `upload: the body stopped after ${bytes} of ${expected} bytes`);
    await out.sync();
  } catch (err) {
    await out.close().catch(() => undefined);
    await fs.unlink(tmp).catch(() => undefined);
    throw writeFailure(tmp, err);
  }
  await out.close();
  return { sha256: h.digest('hex'), head: Buffer.concat(head) };
}

/**
 * The temp file under `name` without ever replacing a file: a hard link fails if the name is taken. A taken name with
 * the same bytes is that file again (the same drop twice); with other bytes the next free `NAME-2.ext`, `NAME-3.ext`.
 */
async function place(tmp: string, dir: string, name: string, sha256: string): Promise<{ file: string; reused: boolean }> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; n < 10_000; n++) {
    const file = path.join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
    try {
      await fs.link(tmp, file);
      return { file, reused: false };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw writeFailure(file, err);
      if ((await sha256File(file).catch(() => '')) === sha256) return { file, reused: true };
    }
  }
  throw new EngineError('bad-input', `${name}: 10,000 different files of this name in ${dir}; clear some out`);
}

/**
 * `POST /upload?name=NAME`: a dropped file's bytes, at most UPLOAD_MAX_BYTES, with a Content-Length (a chunked body
 * is refused before it is read). Written atomically into `<data>/imports/`: temp file, fsync, first bytes checked
 * against the extension's container, hard link to the final name (never over another file), folder fsynced.
 */
export async function receiveUpload(req: IncomingMessage, res: ServerResponse, url: URL, dataDir: string): Promise<void> {
  const answer = (status: number, body: unknown): void => {
    if (!res.headersSent) res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.end(JSON.stringify(body));
  };
  let tmp: string | null = null;
  try {
    const name = uploadName(url.searchParams.get('name'));
    const length = Number(req.headers['content-length']);
    // Refused from the headers alone: the answer goes out, then the connection closes without reading the body.
    const refuse = (status: number, message: string): void => {
      res.setHeader('Connection', 'close');
      res.on('finish', () => req.socket.destroy());
      answer(status, { ok: false, error: { code: 'bad-input', message } });
    };
    if (req.headers['content-length'] === undefined || !Number.isInteger(length) || length < 0) return refuse(411, 'upload: a Content-Length is required');
    if (length > UPLOAD_MAX_BYTES) return refuse(413, `${name}: ${length} bytes, more than the ${UPLOAD_MAX_BYTES} an upload may have; import it by path (type it, or "…")`);
    const dir = importsFolder(dataDir);
    await makeFolder(dir);
    await sweepStaleTemps(dir);
    tmp = tempNameFor(path.join(dir, name));
    const { sha256, head } = await receive(req, tmp, length);
    if (!mediaKindFor(path.extname(name))!.sniff(head)) {
      throw new EngineError('bad-input', `${name}: its content is not ${path.extname(name).slice(1).toUpperCase()} (damaged, or renamed from another type)`);
    }
    const { file, reused } = await place(tmp, dir, name, sha256);
    await fs.unlink(tmp);
    tmp = null;
    const dirHandle = await fs.open(dir, 'r').catch(() => null);
    await dirHandle?.sync().catch(() => undefined); // the link survives a power cut (POSIX)
    await dirHandle?.close();
    const result: UploadResult = { path: file, bytes: length, sha256, reused };
    answer(200, { ok: true, result });
  } catch (err) {
    if (tmp) await fs.unlink(tmp).catch(() => undefined);
    const wire = toWireError(err);
    answer(STATUS[wire.code] ?? 500, { ok: false, error: wire });
  }
}
