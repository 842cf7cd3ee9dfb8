import { readFileSync } from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../main/engine/host';
import { startLoopbackServer, type LoopbackServer } from '../../main/server/loopback';
import { cookieName } from '../../main/server/token';
import { makeMp4, tempDir } from './media-fixtures';

let server: LoopbackServer;
let engine: Engine;
let mp4: string;
let url: string;

beforeAll(async () => {
  const dir = tempDir('a2s-media-http-');
  mp4 = makeMp4(dir);
  engine = new Engine({ dataDir: dir });
  server = await startLoopbackServer({ engine });
  const opened = await engine.call('media:open', { path: mp4 }, { transport: 'websocket' });
  url = `http://127.0.0.1:${server.port}${opened.url}`;
});
afterAll(() => server.close());

const cookie = (): Record<string, string> => ({ Cookie: `${cookieName(server.port)}=${server.token}` });

/** Raw http.get so the Host header can be forged (fetch forbids setting it). */
function rawGet(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('/media/<id> on the loopback server', () => {
  it('serves the whole file with its type when no Range is asked', async () => {
    const res = await fetch(url, { headers: cookie() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(readFileSync(mp4));
  });

  it('answers byte ranges with 206 and the right Content-Range', async () => {
    const size = readFileSync(mp4).length;
    const first = await fetch(url, { headers: { ...cookie(), Range: 'bytes=0-99' } });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-99/${size}`);
    expect(Buffer.from(await first.arrayBuffer())).toEqual(readFileSync(mp4).subarray(0, 100));

    const suffix = await fetch(url, { headers: { ...cookie(), Range: 'bytes=-10' } });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get('content-range')).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    expect(Buffer.from(await suffix.arrayBuffer())).toEqual(readFileSync(mp4).subarray(size - 10));
  });

  it('answers 416 with bytes */size for an unsatisfiable or invalid range', async () => {
    const size = readFileSync(mp4).length;
    for (const range of [`bytes=${size}-`, 'bytes=9-2', 'bytes=zz']) {
      const res = await fetch(url, { headers: { ...cookie(), Range: range } });
      expect(res.status, range).toBe(416);
      expect(res.headers.get('content-range')).toBe(`bytes */${size}`);
    }
  });

  it('answers 404 for an unknown id and lists no folder', async () => {
    for (const p of ['/media/' + 'f'.repeat(32), '/media/', '/media/..%2f..%2fetc%2fpasswd', '/media']) {
      const res = await fetch(`http://127.0.0.1:${server.port}${p}`, { headers: cookie() });
      expect(res.status, p).toBe(404);
    }
  });

  it('answers 401 without the token', async () => {
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { Cookie: `${cookieName(server.port)}=nope` } })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const path = new URL(url).pathname;
    expect(await rawGet(path, { ...cookie(), Host: 'evil.example:80' })).toBe(421);
    expect(await rawGet(path, { ...cookie(), Host: `evil.example:${server.port}` })).toBe(421);
    expect(await rawGet(path, { ...cookie(), Host: `localhost:${server.port}` })).toBe(200);
    expect(await rawGet(path, { ...cookie(), Host: `127.0.0.1:${server.port}` })).toBe(200);
  });
});
