import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../main/engine/host';
import { startLoopbackServer, type LoopbackServer } from '../../main/server/loopback';

let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer({ engine: new Engine({ dataDir: '/tmp/a2s-test-loopback' }) });
});
afterAll(() => server.close());

function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function request(ws: WebSocket, msg: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>));
    ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  });
}

const wsUrl = (token?: string): string => `ws://127.0.0.1:${server.port}/ws${token ? `?token=${token}` : ''}`;

describe('loopback server', () => {
  it('binds 127.0.0.1 and prints a URL carrying the token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('refuses a WebSocket without the token', async () => {
    await expect(open(wsUrl())).rejects.toThrow(/401/);
    await expect(open(wsUrl('wrong-token-wrong-token-wrong'))).rejects.toThrow(/401/);
  });

  it('refuses a WebSocket from another origin even with the token', async () => {
    await expect(open(wsUrl(server.token), { Origin: 'http://evil.example' })).rejects.toThrow(/401/);
  });

  it('refuses HTTP without the token', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(res.status).toBe(401);
  });

  it('round-trips a request and reports validation errors naming the field', async () => {
    const ws = await open(wsUrl(server.token));
    const ok = await request(ws, { id: 1, channel: 'app:echo', payload: { text: 'ab', repeat: 3 } });
    expect(ok).toEqual({ id: 1, ok: true, result: { text: 'ababab' } });

    const bad = await request(ws, { id: 2, channel: 'app:echo', payload: { text: 'ab', repeat: 'many' } });
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatchObject({ code: 'validation', field: 'payload.repeat' });

    const unknown = await request(ws, { id: 3, channel: 'nope:never', payload: {} });
    expect(unknown.error).toMatchObject({ code: 'unknown-channel' });

    const garbage = await request(ws, '{not json');
    expect(garbage).toMatchObject({ id: null, ok: false, error: { code: 'validation' } });

    // The engine is still alive after the bad ones.
    const again = await request(ws, { id: 4, channel: 'app:info', payload: {} });
    expect(again).toMatchObject({ id: 4, ok: true, result: { transport: 'websocket' } });
    ws.close();
  });
});
