import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { RENDERER_ASSET_TYPES as TYPES } from '../engine/core/asset-types';


/** The same CSP as the Electron window, plus the WebSocket back to this server. */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self' ws://127.0.0.1:* blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Serves a file from `root`; refuses anything that resolves outside it (traversal, symlinks). */
export function serveStatic(root: string, urlPath: string, res: ServerResponse): boolean {
  const rel = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  const wanted = path.resolve(root, '.' + (rel === '/' ? '/index.html' : rel));
  let real: string;
  try {
    real = fs.realpathSync(wanted);
  } catch {
    return false;
  }
  const realRoot = fs.realpathSync(root);
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return false;
  if (!fs.statSync(real).isFile()) return false;
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(real)] ?? 'application/octet-stream',
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  fs.createReadStream(real).pipe(res);
  return true;
}
