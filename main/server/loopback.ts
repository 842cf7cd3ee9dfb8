import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Engine } from '../engine/host';
import { cookieName, cookieToken, newToken, tokenCookie, tokenMatches } from './token';
import { serveStatic } from './static';
import { serveMedia } from './media';
import { MAX_MESSAGE_BYTES } from './limits';
import { attachClient } from './socket';
import { resolveRoots } from './browse';
import { receiveUpload } from './upload';
import { UPLOAD_PATH } from '../contract/domains/upload';

export interface LoopbackOptions {
  engine: Engine;
  /** Built renderer (dist/renderer). Without it only the WebSocket is served. */
  rendererDir?: string;
  port?: number;
  token?: string;
  /** Folders the file picker may list besides the home folder (`a2s serve --root`). */
  browseRoots?: readonly string[];
}

export interface LoopbackServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/**
 * Browser mode: the renderer over HTTP and the contract over a WebSocket, on 127.0.0.1 only. Every HTTP request
 * and every socket needs the per-run token (query on first load, then an HttpOnly cookie named for this port); the
 * Host must name this server, and a socket's Origin too, so another local web page cannot drive the engine.
 */
export async function startLoopbackServer(opts: LoopbackOptions): Promise<LoopbackServer> {
  const token = opts.token ?? newToken();
  const roots = await resolveRoots(opts.browseRoots ?? []);
  // One rule for Host and Origin: this port on 127.0.0.1 or localhost (both are this machine's loopback).
  let hosts = new Set<string>();
  let cookie = '';
  let port = 0;
  const ownOrigin = (origin: string | undefined): boolean => origin === undefined || (origin.startsWith('http://') && hosts.has(origin.slice('http://'.length)));

  const server = http.createServer((req, res) => {
    const url = requestUrl(req.url);
    if (!url) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('400: malformed URL\n');
      return;
    }
    // DNS rebinding: a page whose hostname was re-pointed at 127.0.0.1 still sends its own Host; refuse it.
    if (!hosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('421: wrong Host; use the URL printed by `a2s serve`.\n');
      return;
    }
    const given = url.searchParams.get('token') ?? cookieToken(req.headers.cookie, cookie);
    if (!tokenMatches(token, given)) {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('401: missing or wrong token; open the URL printed by `a2s serve`.\n');
      return;
    }
    if (url.searchParams.has('token')) {
      res.setHeader('Set-Cookie', tokenCookie(port, token));
    }
    if (url.pathname === UPLOAD_PATH) {
      // A write: POST only, and only from this server's own page (browsers always send Origin with a POST).
      if (req.method !== 'POST') res.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain' }).end('405: POST the file\'s bytes\n');
      else if (req.headers.origin === undefined || !ownOrigin(req.headers.origin)) res.writeHead(403, { 'Content-Type': 'text/plain' }).end('403: uploads come from the editor\'s own page\n');
      else void receiveUpload(req, res, url, opts.engine.services.dataDir);
      return;
    }
    if (serveMedia(opts.engine, url.pathname, req, res)) return;
    try {
      if (opts.rendererDir && req.method === 'GET' && serveStatic(opts.rendererDir, url.pathname, res)) return;
    } catch {
      // A malformed %-escape (decodeURIComponent throws) must answer 400, not take the whole server down.
      if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'text/plain' }).end('400: malformed path\n');
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404\n');
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = requestUrl(req.url);
    const given = url?.searchParams.get('token') ?? cookieToken(req.headers.cookie, cookie);
    if (!url || !hosts.has(req.headers.host ?? '') || url.pathname !== '/ws' || !tokenMatches(token, given) || !ownOrigin(req.headers.origin)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachClient(ws, opts.engine, roots));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  cookie = cookieName(port);

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

/** The request target as a URL, or null when it cannot be parsed (e.g. `//%5c/`): such a request is a 400, not a crash. */
function requestUrl(raw: string | undefined): URL | null {
  try {
    return new URL(raw ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}
