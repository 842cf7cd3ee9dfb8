import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { protocol, type Protocol } from 'electron';
import type { Engine } from '../engine/host';
import { mediaAllowList, mediaReply } from '../engine/media-access';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, MEDIA_SCHEME, shellCsp } from './csp';
import { RENDERER_ASSET_TYPES as TYPES } from '../engine/core/asset-types';

/**
 * Must run before `app.whenReady()`. `app://` is standard + secure so the renderer gets a real origin (fetch, 'self'
 * in the CSP); `media://` streams (range requests for seeking) and stays under the CSP (bypassCSP false).
 */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    // corsEnabled: the renderer (app://a2s) may fetch() media to decode it (Tone.js buffers), not only play it.
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true, corsEnabled: true, bypassCSP: false } },
  ]);
}


function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** `app://a2s/<file>`: the built renderer only; anything resolving outside `rendererDir` (.., symlinks) is a 404. */
export async function rendererResponse(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.host !== APP_HOST) return plain(404, 'not found');
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return plain(400, 'malformed path'); // a bad %-escape must not reject the handler's promise
  }
  if (rel === '/') rel = '/index.html';
  const root = await fs.realpath(rendererDir);
  let real: string;
  try {
    real = await fs.realpath(path.resolve(root, '.' + rel));
  } catch {
    return plain(404, 'not found');
  }
  if (!real.startsWith(root + path.sep) || !(await fs.stat(real)).isFile()) return plain(404, 'not found');
  return new Response(await fs.readFile(real), {
    headers: { 'Content-Type': TYPES[path.extname(real)] ?? 'application/octet-stream', 'Content-Security-Policy': shellCsp(), 'X-Content-Type-Options': 'nosniff' },
  });
}

/** `media://<id>`: the same allow-list and Range code as the loopback server's `/media/<id>`. */
export async function mediaResponse(engine: Engine, request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname !== '/' && url.pathname !== '') return plain(404, 'not found');
  const reply = await mediaReply(mediaAllowList(engine.services), url.hostname, request.method, request.headers.get('range'));
  const body = reply.body ? (Readable.toWeb(reply.body) as unknown as ReadableStream<Uint8Array>) : request.method === 'HEAD' ? null : (reply.message ?? null);
  // Only our renderer's origin may read media bytes cross-origin (fetch); ids are unguessable besides.
  return new Response(body, { status: reply.status, headers: { ...reply.headers, 'Access-Control-Allow-Origin': APP_ORIGIN, Vary: 'Origin' } });
}

export function handleProtocols(target: Protocol, engine: Engine, rendererDir: string): void {
  target.handle(APP_SCHEME, (request) => rendererResponse(rendererDir, request.url));
  target.handle(MEDIA_SCHEME, (request) => mediaResponse(engine, request));
}
