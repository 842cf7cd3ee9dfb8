import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../main/engine/host';
import { startLoopbackServer, type LoopbackServer } from '../../main/server/loopback';
import { tempDir } from './media-fixtures';

/**
 * Issue 21 defect 5: the token cookie had one fixed name, and cookies ignore ports, so a second `a2s serve`
 * overwrote the first one's cookie and the first tab's media and static requests got 401. Also `localhost:PORT`
 * was accepted as Host while a WebSocket with Origin `http://localhost:PORT` was refused.
 */
const servers: LoopbackServer[] = [];

beforeAll(async () => {
  const root = tempDir('a2s-cookie-');
  const rendererDir = path.join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>a2s</title>');
  for (let i = 0; i < 2; i++) servers.push(await startLoopbackServer({ engine: new Engine({ dataDir: path.join(root, `data${i}`) }), rendererDir }));
});
afterAll(() => Promise.all(servers.map((s) => s.close())));

function get(server: LoopbackServer, target: string, cookie?: string): Promise<{ status: number; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: server.port, path: target, headers: cookie ? { Cookie: cookie } : {} }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [] });
    }).on('error', reject);
  });
}

/** A browser's cookie jar for host 127.0.0.1: keyed by name only, as browsers do (ports are not part of it). */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(setCookie: string[]): void {
    for (const line of setCookie) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

function openWs(server: LoopbackServer, host: string, origin: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { headers: { Host: host, Origin: origin } });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    ws.once('error', () => resolve('error'));
  });
}

describe('loopback token cookie and origin rule', () => {
  it('two servers on one machine: each tab keeps its own cookie, so both still load', async () => {
    const [a, b] = servers as [LoopbackServer, LoopbackServer];
    const jar = new Jar();
    const first = await get(a, `/?token=${a.token}`);
    expect(first.status).toBe(200);
    jar.take(first.setCookie);
    jar.take((await get(b, `/?token=${b.token}`)).setCookie);
    expect((await get(a, '/index.html', jar.header())).status).toBe(200);
    expect((await get(b, '/index.html', jar.header())).status).toBe(200);
  });

  it('the cookie is HttpOnly, SameSite=Strict, Path=/ and named for its port', async () => {
    const [a] = servers as [LoopbackServer];
    const { setCookie } = await get(a, `/?token=${a.token}`);
    expect(setCookie).toHaveLength(1);
    const attrs = setCookie[0]!.split(';').map((s) => s.trim());
    expect(attrs[0]).toBe(`a2s_token_${a.port}=${a.token}`);
    expect(attrs.slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict']);
  });

  it('one rule for Host and Origin: 127.0.0.1:PORT and localhost:PORT both work, nothing else', async () => {
    const [a, b] = servers as [LoopbackServer, LoopbackServer];
    expect(await openWs(a, `localhost:${a.port}`, `http://localhost:${a.port}`)).toBe('open');
    expect(await openWs(a, `127.0.0.1:${a.port}`, `http://127.0.0.1:${a.port}`)).toBe('open');
    expect(await openWs(a, `localhost:${a.port}`, `http://localhost:${b.port}`)).toBe('401'); // the other server's page
    expect(await openWs(a, `localhost:${a.port}`, `https://localhost:${a.port}`)).toBe('401');
    expect(await openWs(a, `localhost:${a.port}`, `http://localhost.evil.example:${a.port}`)).toBe('401');
  });
});
