import type { RawData, WebSocket } from 'ws';
import { WireRequest, type WireResponse } from '../contract/wire';
import type { Engine } from '../engine/host';
import { parseOrThrow } from '../engine/core/validate';
import { EngineError, toWireError } from '../engine/core/errors';
import { MAX_JSON_DEPTH, nestingExceeds } from './limits';
import type { BrowseRoot } from './browse';
import { handleLocal, isLocalChannel } from './local-channels';

let nextClient = 0;

/**
 * One browser tab's WebSocket: requests in, answers and engine events out. A client can only hurt itself: a
 * protocol violation (bad UTF-8, reserved opcode or bits, unmasked or oversize frame, bad close code) makes `ws`
 * close this socket with the matching close code, and a message that is not a wire request gets an error answer.
 * `roots`: the folders the file picker (`browse:list`) may list.
 */
export function attachClient(ws: WebSocket, engine: Engine, roots: readonly BrowseRoot[] = []): void {
  const clientId = `ws-${++nextClient}`;
  const send = (message: WireResponse | { event: string; payload: unknown }): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribe = engine.events.subscribe((event, payload) => send({ event, payload }));
  ws.on('close', unsubscribe);
  // Without a listener, `ws` re-throws a protocol error as an uncaught 'error' event and the whole server exits.
  // It has already started the closing handshake with the matching code; nothing else to do for this socket.
  ws.on('error', () => undefined);
  ws.on('message', (data: RawData) => {
    let request: WireRequest;
    try {
      request = parseOrThrow(WireRequest, parseMessage(data), 'message');
    } catch (err) {
      send({ id: null, ok: false, error: toWireError(err) });
      return;
    }
    // The file picker's channels are the server's own (browser mode only); every other one goes to the engine.
    const answer = isLocalChannel(request.channel) ? handleLocal(request.channel, request.payload, roots) : engine.handle(request.channel, request.payload, { transport: 'websocket', clientId });
    void answer.then((result) =>
      send(result.ok ? { id: request.id, ok: true, result: result.result } : { id: request.id, ok: false, error: result.error }),
    );
  });
}

/** JSON of a bounded depth: `ws` already capped the size (maxPayload), the depth is checked before parsing. */
function parseMessage(data: RawData): unknown {
  const text = (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
  if (nestingExceeds(text, MAX_JSON_DEPTH)) {
    throw new EngineError('validation', `message: JSON nested deeper than ${MAX_JSON_DEPTH} levels; no request needs that`, undefined, 'message');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new EngineError('validation', 'message: not valid JSON', undefined, 'message');
  }
}
