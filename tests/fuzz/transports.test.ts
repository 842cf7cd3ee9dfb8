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
/** Requests outstanding at once on each transport (a busy client), so the run is bound by the engine, not by round trips. */
const WINDOW = 16;
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
    () => '{"id":99999999,"channel":"app:echo","payload":{"text":"' + 'y'.repeat(300_000) + '"}}',
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
    const inFlight = new Set<Promise<void>>();
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
      // Like a busy renderer: up to WINDOW requests outstanding at once.
      const call = (handler ? handler(event, payload) : engine.handle(channel, payload, { transport: 'ipc', clientId: 'fuzz' })).then((res) => {
        timed(tally, channel, performance.now() - t);
        record(tally, `ipc #${i} ${channel.slice(0, 40)}`, { id: i, ...(res as object) });
      });
      const tracked = call.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= WINDOW) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    summary('ipc', tally, performance.now() - t0);
    expect(tally.failures).toEqual([]);
    expect(tally.answered + Object.values(tally.byCode).reduce((a, b) => a + b, 0)).toBe(COUNT);
    expect(tally.byCode['unauthorized']).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await engine.handle('app:echo', { text: 'alive' }, { transport: 'ipc', clientId: 'x' })).toEqual({ ok: true, result: { text: 'alive' } });
  }, 180_000);

  it('WebSocket (real loopback server): every one answered or rejected, and the server still answers', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const r = rng(SEED + 1);
    const tally = newTally();
    const labels = new Map<number, string>();
    let sent = 0;
    let received = 0;
    let wake: (() => void) | null = null;
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as Record<string, unknown>;
      if ('event' in msg) return; // engine broadcasts (job progress...) are not answers
      received++;
      const id = typeof msg.id === 'number' ? msg.id : null;
      record(tally, `ws ${id === null ? '(no id)' : `#${id} ${labels.get(id) ?? ''}`}`, msg);
      wake?.();
    });
    // Wait until at most `left` frames are unanswered (every frame gets exactly one answer, with an id or id null).
    const drain = (left: number, ms: number): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${sent - received} frames unanswered after ${ms} ms`)), ms);
        const check = (): void => {
          if (sent - received > left) return;
          clearTimeout(timer);
          wake = null;
          resolve();
        };
        wake = check;
        check();
      });
    const t0 = performance.now();
    for (let i = 0; i < COUNT; i++) {
      const raw = r() < 0.1;
      const channel = raw ? '' : randomChannel(r);
      if (!raw) labels.set(i, channel.slice(0, 40));
      ws.send(raw ? rawFrame(r) : JSON.stringify({ id: i, channel, payload: randomPayload(r) }));
      sent++;
      if (sent - received >= WINDOW) await drain(WINDOW - 1, 30_000);
    }
    await drain(0, 30_000);
    summary('websocket', tally, performance.now() - t0);
    expect(tally.failures).toEqual([]);
    expect(received).toBe(COUNT);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    const alive = new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    ws.send(JSON.stringify({ id: COUNT, channel: 'app:echo', payload: { text: 'still here' } }));
    expect(await alive).toEqual({ id: COUNT, ok: true, result: { text: 'still here' } });
    ws.close();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 180_000);
});
