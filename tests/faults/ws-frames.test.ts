import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../main/server/limits';
import { startServe, type ServeProcess } from '../helpers/serve';
import { tempDir } from '../shell/media-fixtures';
import { closePayload, frame, openRaw, type FrameSpec } from './raw-ws';
import { connect } from './ws-client';

/**
 * Issue 21 defect 1: one malformed WebSocket frame used to kill `a2s serve` (no 'error' listener on the socket, so
 * `ws`'s protocol error became an uncaught exception). Each frame goes to a real child process over raw TCP; the
 * server must close that one socket with the RFC 6455 code and go on answering everyone else.
 */
const CASES: Array<{ name: string; frames: FrameSpec[]; code: number }> = [
  { name: 'text frame with invalid UTF-8', frames: [{ opcode: 0x1, payload: Buffer.from([0xff]) }], code: 1007 },
  { name: 'reserved opcode 0x3', frames: [{ opcode: 0x3, payload: Buffer.from('x') }], code: 1002 },
  { name: 'RSV1 set without permessage-deflate', frames: [{ opcode: 0x1, rsv: 0x40, payload: Buffer.from('{}') }], code: 1002 },
  { name: 'unmasked client frame', frames: [{ opcode: 0x1, masked: false, payload: Buffer.from('{}') }], code: 1002 },
  { name: '200-byte ping (control frames are ≤ 125)', frames: [{ opcode: 0x9, payload: Buffer.alloc(200, 1) }], code: 1002 },
  { name: 'fragmented close frame', frames: [{ opcode: 0x8, fin: false, payload: closePayload(1000) }], code: 1002 },
  { name: 'close code 999', frames: [{ opcode: 0x8, payload: closePayload(999) }], code: 1002 },
  { name: 'orphan continuation frame', frames: [{ opcode: 0x0, payload: Buffer.from('tail') }], code: 1002 },
  { name: 'length over maxPayload', frames: [{ opcode: 0x1, claimedLength: MAX_MESSAGE_BYTES + 1 }], code: 1009 },
  { name: '64-bit length of 2^62', frames: [{ opcode: 0x2, claimedLength: 2 ** 62 }], code: 1009 },
  { name: 'text frame inside an unfinished fragmented message', frames: [{ opcode: 0x1, fin: false, payload: Buffer.from('{"id"') }, { opcode: 0x1, payload: Buffer.from('{}') }], code: 1002 },
];

let served: ServeProcess;

beforeAll(async () => {
  served = await startServe(['--data', tempDir('a2s-frames-data-')]);
});
afterAll(() => served?.stop());

async function appInfo(): Promise<{ ok: boolean }> {
  const client = await connect(Number(new URL(served.url).port), served.token);
  try {
    return await client.call('app:info', {});
  } finally {
    client.close();
  }
}

describe('a2s serve survives malformed WebSocket frames', () => {
  for (const c of CASES) {
    it(`${c.name}: closes that socket with ${c.code}, still answers app:info`, async () => {
      const raw = await openRaw(Number(new URL(served.url).port), served.token);
      for (const f of c.frames) raw.send(frame(f));
      expect(await raw.serverClose()).toEqual({ kind: 'close', code: c.code });
      raw.destroy();
      expect((await appInfo()).ok).toBe(true);
      expect(served.child.exitCode).toBeNull();
    });
  }
});
