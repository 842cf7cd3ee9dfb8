import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../main/engine/host';
import { startLoopbackServer, type LoopbackServer } from '../../main/server/loopback';
import { cookieName } from '../../main/server/token';
import { tempDir } from '../shell/media-fixtures';
import { rng, type Rand } from './generators';

const COUNT = 1_000;
let server: LoopbackServer;
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

beforeAll(async () => {
  const root = tempDir('a2s-fuzz-http-');
  const rendererDir = path.join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), 'ok');
  writeFileSync(path.join(root, 'secret.txt'), 'SECRET');
  server = await startLoopbackServer({ engine: new Engine({ dataDir: root }), rendererDir });
});
afterAll(async () => {
  agent.destroy();
  await server.close();
});

const PIECES = ['/', '..', '.', '%2e', '%2f', '%5c', '%00', '%E0%A4%A', '%', '%zz', 'media', 'index.html', 'ws', '~', '%C0%AE', '?', '#', ';', 'a'.repeat(300), '0123456789abcdef'.repeat(2)];

function randomPath(r: Rand): string {
  let p = '/';
  for (let i = Math.floor(r() * 8); i > 0; i--) p += PIECES[Math.floor(r() * PIECES.length)];
  return p.replace(/#/g, '%23');
}

function get(p: string, method: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: p, method, agent, headers: { Cookie: `${cookieName(server.port)}=${server.token}` } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once('error', reject);
    req.end();
  });
}

describe(`fuzz: ${COUNT} malformed HTTP paths on the loopback server`, () => {
  it('never crashes, never serves outside the renderer, answers with a plain status', async () => {
    const r = rng(4242);
    const statuses: Record<number, number> = {};
    for (let i = 0; i < COUNT; i++) {
      const p = randomPath(r);
      const { status, body } = await get(p, ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'][Math.floor(r() * 5)]!);
      statuses[status] = (statuses[status] ?? 0) + 1;
      expect([200, 400, 404, 405], `${p} → ${status}`).toContain(status);
      // The only file a 200 may carry is the renderer's index.html.
      if (status === 200) expect(['ok', ''], p).toContain(body);
      expect(body).not.toContain('SECRET');
    }
    expect((await get('/index.html', 'GET')).status).toBe(200);
    expect(statuses[400]).toBeGreaterThan(0);
  }, 120_000);
});
