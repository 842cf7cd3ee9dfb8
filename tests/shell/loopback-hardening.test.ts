import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../main/engine/host';
import { startLoopbackServer, type LoopbackServer } from '../../main/server/loopback';
import { cookieName } from '../../main/server/token';
import { tempDir } from './media-fixtures';

let server: LoopbackServer;

beforeAll(async () => {
  const root = tempDir('a2s-loopback-hard-');
  const rendererDir = path.join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>a2s</title>');
  writeFileSync(path.join(root, 'secret.txt'), 'outside the renderer');
  server = await startLoopbackServer({ engine: new Engine({ dataDir: root }), rendererDir });
});
afterAll(() => server.close());

/** Raw request: the path is sent exactly as written (fetch would normalise it) and Host can be forged. */
function get(rawPath: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: server.port, path: rawPath, headers: { Cookie: `${cookieName(server.port)}=${server.token}`, ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('loopback server hardening', () => {
  it('answers 400 to a malformed %-escape and keeps serving (it used to crash the process)', async () => {
    expect(await get('/%E0%A4%A')).toBe(400);
    expect(await get('/index.html')).toBe(200);
  });

  it('serves nothing outside the renderer folder, however the path is spelled', async () => {
    for (const p of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/%2e%2e%2fsecret.txt', '//etc/passwd']) {
      expect(await get(p), p).toBe(404);
    }
  });

  it('refuses a WebSocket with a foreign Host (DNS rebinding) even with token and a matching Origin', async () => {
    const open = (host: string): Promise<string> =>
      new Promise((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { headers: { Host: host, Origin: `http://${host}` } });
        ws.once('open', () => {
          ws.close();
          resolve('open');
        });
        ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        ws.once('error', () => resolve('error'));
      });
    expect(await open(`evil.example:${server.port}`)).toBe('401');
    expect(await open(`127.0.0.1:${server.port}`)).toBe('open');
  });
});
