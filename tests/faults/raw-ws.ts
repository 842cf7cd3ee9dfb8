import { randomBytes } from 'node:crypto';
import net from 'node:net';

/**
 * A WebSocket client at the byte level (RFC 6455 §5.2), so a test can send frames no well-behaved library would:
 * bad opcodes, reserved bits, unmasked frames, lengths that lie.
 */
export interface FrameSpec {
  opcode: number;
  payload?: Buffer;
  fin?: boolean;
  /** RSV1..3 as the high bits of the first byte (0x40 = RSV1). */
  rsv?: number;
  /** Clients must mask (§5.3); false sends the payload in clear. */
  masked?: boolean;
  /** Announce this length instead of the payload's (a 64-bit length when > 65535). */
  claimedLength?: number;
}

export function frame(spec: FrameSpec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0);
  const length = spec.claimedLength ?? payload.length;
  const masked = spec.masked ?? true;
  const head = [((spec.fin ?? true) ? 0x80 : 0) | (spec.rsv ?? 0) | spec.opcode];
  const maskBit = masked ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) {
    head.push(maskBit | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(length);
  } else {
    head.push(maskBit | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(length));
  }
  if (!masked) return Buffer.concat([Buffer.from(head), ext, payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), ext, key, body]);
}

export const closePayload = (code: number, reason = ''): Buffer => {
  const b = Buffer.alloc(2 + Buffer.byteLength(reason));
  b.writeUInt16BE(code);
  b.write(reason, 2);
  return b;
};

export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

/** How the server reacted to what was sent: answered our ping, sent a close frame, or dropped the connection. */
export type Outcome = { kind: 'pong' } | { kind: 'close'; code: number } | { kind: 'ended' };

export interface RawSocket {
  send(bytes: Buffer): void;
  /** The first close frame the server sends, or, if none, how the connection ended. */
  serverClose(): Promise<Outcome>;
  /**
   * Sends a ping and resolves with the server's first pong or close frame, or with `ended`: after complete frames,
   * one of the three always comes, so a test can wait for it instead of sleeping.
   */
  settle(): Promise<Outcome>;
  destroy(): void;
}

/** Opens `/ws` with the token and waits for `101 Switching Protocols`. */
export async function openRaw(port: number, token: string): Promise<RawSocket> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined); // the server may reset the connection; the test looks at what it received
  const key = randomBytes(16).toString('base64');
  socket.write(
    `GET /ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  let received = Buffer.alloc(0);
  let onBytes: (() => void) | null = null;
  let isEnded = false;
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    onBytes?.();
  });
  socket.once('close', () => {
    isEnded = true;
    onBytes?.();
  });
  await new Promise<void>((resolve, reject) => {
    onBytes = () => {
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) {
        if (isEnded) reject(new Error('connection closed during the handshake'));
        return;
      }
      const status = received.subarray(0, received.indexOf('\r\n')).toString();
      if (!status.includes(' 101 ')) reject(new Error(`handshake refused: ${status}`));
      received = received.subarray(end + 4);
      onBytes = null;
      resolve();
    };
    onBytes();
  });
  const waitFor = (wantPong: boolean): Promise<Outcome> =>
    new Promise((resolve) => {
      const look = (): void => {
        for (const f of serverFrames(received)) {
          if (f.opcode === 0x8) return resolve({ kind: 'close', code: f.payload.length >= 2 ? f.payload.readUInt16BE(0) : 1005 });
          if (wantPong && f.opcode === 0xa) return resolve({ kind: 'pong' });
        }
        if (isEnded) resolve({ kind: 'ended' });
      };
      onBytes = look;
      look();
    });
  return {
    send: (bytes) => {
      if (!isEnded) socket.write(bytes);
    },
    serverClose: () => waitFor(false),
    settle: () => {
      if (!isEnded) socket.write(frame({ opcode: 0x9, payload: Buffer.from('settle') }));
      return waitFor(true);
    },
    destroy: () => socket.destroy(),
  };
}

/** The server's (unmasked) complete frames so far. */
export function serverFrames(bytes: Buffer): ServerFrame[] {
  const out: ServerFrame[] = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at]! & 0x0f;
    let len = bytes[at + 1]! & 0x7f;
    let head = 2;
    if (len === 126) {
      if (at + 4 > bytes.length) break;
      len = bytes.readUInt16BE(at + 2);
      head = 4;
    } else if (len === 127) {
      if (at + 10 > bytes.length) break;
      len = Number(bytes.readBigUInt64BE(at + 2));
      head = 10;
    }
    if (at + head + len > bytes.length) break;
    out.push({ opcode, payload: bytes.subarray(at + head, at + head + len) });
    at += head + len;
  }
  return out;
}
