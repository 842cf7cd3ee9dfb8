import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { Engine } from '../../main/engine/host';
import { startLoopbackServer, type LoopbackServer } from '../../main/server/loopback';
import { registerIpc } from '../../main/shell/ipc';
import { tempDir } from '../shell/media-fixtures';
import { newTally, record, slowest, timed, type Tally } from './check';
import { randomChannel, randomPayload, randomString, rng, type Rand } from './generators';

const COUNT = 10_000;
const SEED = Number(process.env.A2S_FUZZ_SEED ?? 20261126);
const results = path.join(process.cwd(), 'test-results');
let engine: Engine;
let server: LoopbackServer;
const cwd = process.cwd();

beforeAll(async () => {
  // Any relative path a fuzzed payload names lands in a scratch folder, never in the checkout.
  const scratch = path.join(tempDir('a2s-fuzz-'), 'a', 'b', 'c');
  mkdirSync(scratch, { recursive: true });
  process.chdir(scratch);
  engine = new Engine({ dataDir: path.join(scratch, 'data') });
  server = await startLoopbackServer({ engine });
});
afterAll(async () => {
  process.chdir(cwd);
  await server?.close();
});

function summary(name: string, tally: Tally, ms: number): void {
  mkdirSync(results, { recursive: true });
  writeFileSync(path.join(results, `fuzz-${name}.json`), JSON.stringify({ seed: SEED, count: COUNT, ms: Math.round(ms), ...tally, msByChannel: slowest(tally), failures: tally.failures.slice(0, 20) }, null, 2));
}

/** Raw WebSocket frames that are not even a wire request. */
function rawFrame(r: Rand): string | Buffer {
  const frames: Array<() => string | Buffer> = [
    () => randomString(r),
    () => Buffer.from(Array.from({ length: 64 }, () => Math.floor(r() * 256))),
    () => '[]',
    () => 'null',
    () => '{"id":-1,"channel":"app:info","payload":{}}',
    () => '{"id":1.5,"channel":"app:info","payload":{}}',
    () => '{"id":"7","channel":"app:info"}',
    () => '{"channel":"app:info","payload":{}}',
    () => '['.repeat(20_000),
    () => '{"id":1,"channel":"app:echo","payload":{"text":"' + 'y'.repeat(300_000) + '"}}',
  ];
  return frames[Math.floor(r() * frames.length)]!();
}

describe(`fuzz: ${COUNT} malformed requests per transport (seed ${SEED})`, () => {
  it('IPC path (registerIpc → Engine.handle): every one answered or rejected with a typed error', async () => {
    const handlers = new Map<string, (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>>();
    const ipcMain = { handle: (name: string, fn: (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>) => handlers.set(name, fn) } as unknown as IpcMain;
    const trusted = new WeakSet<object>();
    registerIpc(ipcMain, engine, (event) => trusted.has(event));
    const r = rng(SEED);
    const tally = newTally();
    const t0 = performance.now();
    for (let i = 0; i < COUNT; i++) {
      const channel = randomChannel(r);
      // Electron copies payloads with the structured clone algorithm; do the same so only cloneable values arrive.
      // A payload too deep to clone throws in the renderer's ipcRenderer.invoke and never reaches main.
      let payload: unknown;
      try {
        payload = structuredClone(randomPayload(r));
      } catch {
        tally.byCode['clone-refused-in-renderer'] = (tally.byCode['clone-refused-in-renderer'] ?? 0) + 1;
        continue;
      }
      const event = { sender: { id: 1 }, senderFrame: { url: 'app://a2s/index.html', parent: null } } as unknown as IpcMainInvokeEvent;
      if (r() < 0.9) trusted.add(event);
      const handler = handlers.get(channel);
      const t = performance.now();
      const res = handler ? await handler(event, payload) : await engine.handle(channel, payload, { transport: 'ipc', clientId: 'fuzz' });
      timed(tally, channel, performance.now() - t);
      record(tally, `ipc #${i} ${channel.slice(0, 40)}`, { id: i, ...(res as object) });
    }
    summary('ipc', tally, performance.now() - t0);
    expect(tally.failures).toEqual([]);
    expect(tally.answered + Object.values(tally.byCode).reduce((a, b) => a + b, 0)).toBe(COUNT);
    expect(tally.byCode['unauthorized']).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await engine.handle('app:echo', { text: 'alive' }, { transport: 'ipc', clientId: 'x' })).toEqual({ ok: true, result: { text: 'alive' } });
  }, 120_000);

  it('WebSocket (real loopback server): every one answered or rejected, and the server still answers', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const waiting: Array<(msg: unknown) => void> = [];
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as Record<string, unknown>;
      if ('event' in msg) return; // engine broadcasts (job progress...) are not answers
      waiting.shift()?.(msg);
    });
    const send = (frame: string | Buffer): Promise<unknown> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no answer in 10 s')), 10_000);
        waiting.push((msg) => {
          clearTimeout(timer);
          resolve(msg);
        });
        ws.send(frame);
      });
    const r = rng(SEED + 1);
    const tally = newTally();
    const t0 = performance.now();
    for (let i = 0; i < COUNT; i++) {
      const channel = r() < 0.1 ? '(raw frame)' : randomChannel(r);
      const frame = channel === '(raw frame)' ? rawFrame(r) : JSON.stringify({ id: i, channel, payload: randomPayload(r) });
      const t = performance.now();
      const answer = await send(frame);
      timed(tally, channel, performance.now() - t);
      record(tally, `ws #${i} ${channel.slice(0, 40)}`, answer);
    }
    summary('websocket', tally, performance.now() - t0);
    expect(tally.failures).toEqual([]);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect(await send(JSON.stringify({ id: 1, channel: 'app:echo', payload: { text: 'still here' } }))).toEqual({ id: 1, ok: true, result: { text: 'still here' } });
    ws.close();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);
});
