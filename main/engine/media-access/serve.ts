import type { Readable } from 'node:stream';
import { EngineError } from '../core/errors';
import type { MediaAllowList } from './allowlist';
import { planRange } from './range';

/** A transport-neutral answer: the loopback server writes it to an http response, Electron wraps it in a Response. */
export interface MediaReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Present for GET 200/206; the stream closes its file when done or destroyed. */
  readonly body?: Readable;
  /** For error replies: a one-line reason, sent as the text body. */
  readonly message?: string;
}

const ID = /^[0-9a-f]{32}$/;

const BASE_HEADERS = {
  'Accept-Ranges': 'bytes',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  // Opened directly in a tab, a media URL must not be able to run anything.
  'Content-Security-Policy': "default-src 'none'; media-src 'self'; sandbox",
};

function text(status: number, message: string): MediaReply {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' }, message };
}

/**
 * Answers a request for media `id` with the allow-list's file: 200 whole, 206 for a satisfiable Range, 416 with
 * `Content-Range: bytes * /size` otherwise, 404 for an unknown id, 403 when the file no longer is the one registered.
 */
export async function mediaReply(list: MediaAllowList, id: string, method: string, range: string | null | undefined): Promise<MediaReply> {
  if (method !== 'GET' && method !== 'HEAD') {
    const reply = text(405, '405: media is read-only\n');
    return { ...reply, headers: { ...reply.headers, Allow: 'GET, HEAD' } };
  }
  if (!ID.test(id) || !list.get(id)) return text(404, '404: no such media (open the file again)\n');
  let opened;
  try {
    opened = await list.open(id);
  } catch (err) {
    const code = err instanceof EngineError ? err.code : 'internal';
    const message = err instanceof Error ? err.message : String(err);
    return text(code === 'not-found' ? 404 : code === 'unauthorized' ? 403 : 500, `${message}\n`);
  }
  const { handle, size, entry } = opened;
  const plan = planRange(range, size);
  if (plan.kind === 'unsatisfiable') {
    await handle.close();
    return { ...text(416, '416: range not satisfiable\n'), headers: { ...BASE_HEADERS, 'Content-Range': `bytes */${size}`, 'Content-Type': 'text/plain; charset=utf-8' } };
  }
  const [start, end] = plan.kind === 'partial' ? [plan.start, plan.end] : [0, size - 1];
  const headers: Record<string, string> = { ...BASE_HEADERS, 'Content-Type': entry.mime, 'Content-Length': String(Math.max(0, end - start + 1)) };
  if (plan.kind === 'partial') headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  const status = plan.kind === 'partial' ? 206 : 200;
  if (method === 'HEAD' || size === 0) {
    await handle.close();
    return { status, headers };
  }
  return { status, headers, body: handle.createReadStream({ start, end, autoClose: true }) };
}
