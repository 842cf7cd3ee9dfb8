import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../main/engine/host';
import { MAX_JSON_DEPTH, MAX_MESSAGE_BYTES, nestingExceeds } from '../../main/server/limits';
import { startLoopbackServer, type LoopbackServer } from '../../main/server/loopback';
import { frame, openRaw } from '../faults/raw-ws';
import { tempDir } from '../shell/media-fixtures';
import { bigProjectDoc } from './big-project';

/**
 * Issue 21 defect 2: a message of 50 MiB of `[` froze the server for 45 s (RSS 68 MB → 2.8 GB). Messages are now
 * capped at MAX_MESSAGE_BYTES (the socket is closed with 1009) and nesting is counted before JSON.parse.
 */
let server: LoopbackServer;
let root: string;

beforeAll(async () => {
  root = tempDir('a2s-ws-limits-');
  server = await startLoopbackServer({ engine: new Engine({ dataDir: path.join(root, 'data') }) });
});
afterAll(() => server?.close());

interface Answer {
  id: number | null;
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

async function client(): Promise<{ ws: WebSocket; next(): Promise<Answer>; closed: Promise<number> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { maxPayload: 0 });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const answers: Answer[] = [];
  let wake: (() => void) | null = null;
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as Answer & { event?: string };
    if (msg.event) return;
    answers.push(msg);
    wake?.();
  });
  ws.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const next = (): Promise<Answer> =>
    new Promise((resolve) => {
      const look = (): void => {
        const a = answers.shift();
        if (a) {
          wake = null;
          resolve(a);
        }
      };
      wake = look;
      look();
    });
  return { ws, next, closed };
}

describe('WebSocket message limits', () => {
  it('the largest real request (a two-hour project) fits, and saves', async () => {
    const created = await new Engine({ dataDir: path.join(root, 'data') }).call('project:new', { dir: root, name: 'Big' });
    const message = JSON.stringify({ id: 1, channel: 'project:save', payload: { path: created.path, doc: bigProjectDoc('Big') } });
    expect(message.length).toBeGreaterThan(500_000);
    expect(message.length).toBeLessThan(MAX_MESSAGE_BYTES / 2);
    const c = await client();
    c.ws.send(message);
    const answer = await c.next();
    expect(answer.ok, JSON.stringify(answer.error)).toBe(true);
    c.ws.close();
  });

  it('a message over the cap closes that socket with 1009; other clients go on', async () => {
    const other = await client();
    const c = await client();
    c.ws.send('['.repeat(MAX_MESSAGE_BYTES + 1));
    expect(await c.closed).toBe(1009);
    other.ws.send(JSON.stringify({ id: 7, channel: 'app:info', payload: {} }));
    expect(await other.next()).toMatchObject({ id: 7, ok: true });
    other.ws.close();
  });

  it('a deeply nested message is refused before parsing, naming the limit, and the socket stays usable', async () => {
    const c = await client();
    const deepRequest = `{"id":3,"channel":"app:echo","payload":{"text":"x","extra":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}}`;
    for (const text of ['['.repeat(MAX_MESSAGE_BYTES - 1), '{"a":'.repeat(200_000), deepRequest]) {
      c.ws.send(text);
      const answer = await c.next();
      expect(answer).toMatchObject({ id: null, ok: false, error: { code: 'validation' } });
      expect(answer.error?.message).toContain(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    }
    // Brackets inside a string are text, not nesting.
    c.ws.send(JSON.stringify({ id: 4, channel: 'app:echo', payload: { text: '['.repeat(5000) } }));
    expect(await c.next()).toMatchObject({ id: 4, ok: true });
    c.ws.close();
  });

  it('the nesting count: strings and escapes do not count, real nesting does', () => {
    expect(nestingExceeds('[[[]]]', 3)).toBe(false);
    expect(nestingExceeds('[[[[]]]]', 3)).toBe(true);
    expect(nestingExceeds('["[[[[\\"[[[["]', 1)).toBe(false);
    expect(nestingExceeds('{"a\\\\":[[{}]]}', 3)).toBe(true);
  });

  it('a raw frame announcing more than the cap is refused from its header alone', async () => {
    const raw = await openRaw(server.port, server.token);
    raw.send(frame({ opcode: 0x1, claimedLength: MAX_MESSAGE_BYTES + 1 }));
    expect(await raw.serverClose()).toEqual({ kind: 'close', code: 1009 });
    raw.destroy();
  });
});
