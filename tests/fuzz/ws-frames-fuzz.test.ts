import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, MAX_MESSAGE_BYTES } from '../../main/server/limits';
import { closePayload, frame, openRaw, type FrameSpec, type Outcome } from '../faults/raw-ws';
import { connect } from '../faults/ws-client';
import { startServe, type ServeProcess } from '../helpers/serve';
import { tempDir } from '../shell/media-fixtures';
import { randomPayload, randomString, rng, type Rand } from './generators';

/**
 * Issue 21: a real `a2s serve` gets CASES connections of malformed traffic over raw TCP (bounded by count, not by
 * time): random opcodes, reserved bits, unmasked and fragmented frames, bad UTF-8, bad close codes, oversize and
 * deeply nested messages. Every connection must end in a pong, a close frame or a dropped connection, and the
 * server must still answer `app:info` along the way and at the end.
 */
/** 3,000 connections carry ≈ 10,000 frames (issue 21 asks for 10,000). */
const CASES = Number(process.env.A2S_FUZZ_FRAMES ?? 3000);
const SEED = Number(process.env.A2S_FUZZ_SEED ?? 20261202);
/**
 * Close codes the server may send: its own for a client's fault (RFC 6455 §7.4.1), or the echo of a valid close
 * the client sent (1000, 1001, none = 1005, or an application code 3000–4999).
 */
const fine = (code: number): boolean => [1000, 1001, 1002, 1005, 1007, 1008, 1009].includes(code) || (code >= 3000 && code <= 4999);

const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const bytes = (r: Rand, n: number): Buffer => Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256)));

/** One frame of junk. Every frame's announced length matches its bytes (except those over the cap), so the server never waits for more. */
function junkFrame(r: Rand, bigLeft: { n: number }): FrameSpec[] {
  const roll = r();
  if (roll < 0.25) return [{ opcode: int(r, 0, 15), rsv: int(r, 0, 7) << 4, fin: r() < 0.7, masked: r() < 0.9, payload: bytes(r, int(r, 0, 300)) }];
  if (roll < 0.4) return [{ opcode: 0x1, payload: bytes(r, int(r, 1, 2000)) }]; // mostly invalid UTF-8
  if (roll < 0.5) return [{ opcode: 0x1, payload: Buffer.from(r() < 0.5 ? '['.repeat(int(r, MAX_JSON_DEPTH + 1, 300_000)) : '{"a":'.repeat(int(r, MAX_JSON_DEPTH + 1, 50_000))) }];
  if (roll < 0.65) {
    const channel = r() < 0.5 ? 'app:echo' : r() < 0.5 ? 'app:info' : randomString(r).slice(0, 40);
    return [{ opcode: r() < 0.8 ? 0x1 : 0x2, payload: Buffer.from(JSON.stringify({ id: int(r, 0, 1e6), channel, payload: randomPayload(r) }) ?? 'null') }];
  }
  if (roll < 0.72) return [{ opcode: 0x8, payload: r() < 0.8 ? closePayload(int(r, 0, 5000), randomString(r).slice(0, 20)) : bytes(r, int(r, 0, 3)) }];
  if (roll < 0.8) return [{ opcode: r() < 0.5 ? 0x9 : 0xa, payload: bytes(r, int(r, 0, 200)) }];
  if (roll < 0.86) return [{ opcode: int(r, 0, 2), claimedLength: MAX_MESSAGE_BYTES + 1 + int(r, 0, 2 ** 30) }];
  if (roll < 0.995 || bigLeft.n === 0) {
    // A fragmented message: a first frame, continuations, sometimes never finished.
    const parts = int(r, 2, 5);
    return Array.from({ length: parts }, (_, i) => ({ opcode: i === 0 ? int(r, 1, 2) : 0, fin: i === parts - 1 && r() < 0.7, payload: Buffer.from(randomString(r).slice(0, 500)) }));
  }
  // A few real oversize messages, sent in fragments that are each under the cap (the total is what counts).
  bigLeft.n--;
  const half = Buffer.alloc(MAX_MESSAGE_BYTES / 2 + 1, 0x5b);
  return [{ opcode: 0x1, fin: false, payload: half }, { opcode: 0x0, fin: false, payload: half }, { opcode: 0x0, payload: Buffer.from(']') }];
}

let served: ServeProcess;
const port = (): number => Number(new URL(served.url).port);

beforeAll(async () => {
  served = await startServe(['--data', tempDir('a2s-frame-fuzz-')]);
});
afterAll(() => served?.stop());

async function appInfoOk(): Promise<boolean> {
  const c = await connect(port(), served.token);
  try {
    return (await c.call('app:info', {})).ok;
  } finally {
    c.close();
  }
}

describe(`fuzz: ${CASES} connections of malformed WebSocket frames to a2s serve (seed ${SEED})`, () => {
  it('every connection ends cleanly and the server answers app:info throughout', async () => {
    const r = rng(SEED);
    const bigLeft = { n: 5 };
    const tally: Record<string, number> = {};
    const odd: string[] = [];
    let frames = 0;
    for (let i = 0; i < CASES; i++) {
      const raw = await openRaw(port(), served.token);
      const sent = Array.from({ length: int(r, 1, 4) }, () => junkFrame(r, bigLeft)).flat();
      for (const f of sent) raw.send(frame(f));
      frames += sent.length;
      const outcome: Outcome = await raw.settle();
      raw.destroy();
      const key = outcome.kind === 'close' ? `close ${outcome.code}` : outcome.kind;
      tally[key] = (tally[key] ?? 0) + 1;
      if (outcome.kind === 'close' && !fine(outcome.code)) odd.push(`#${i}: close ${outcome.code}`);
      if (i % 250 === 249) expect(await appInfoOk(), `app:info after case ${i}`).toBe(true);
    }
    mkdirSync('test-results', { recursive: true });
    writeFileSync(path.join('test-results', 'fuzz-ws-frames.json'), JSON.stringify({ seed: SEED, cases: CASES, frames, outcomes: tally }, null, 2));
    expect(odd).toEqual([]);
    expect(await appInfoOk()).toBe(true);
    expect(served.child.exitCode).toBeNull();
    // The run really exercised every branch: protocol errors, bad UTF-8, oversize, and connections that stayed usable.
    expect(tally['close 1002']).toBeGreaterThan(0);
    expect(tally['close 1007']).toBeGreaterThan(0);
    expect(tally['close 1009']).toBeGreaterThan(0);
    expect(tally['pong']).toBeGreaterThan(0);
  }, 300_000);
});
