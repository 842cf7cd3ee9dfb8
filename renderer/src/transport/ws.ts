import { WireResponse, WireEvent } from '../../../main/contract/wire';
import { browseChannels } from '../../../main/contract/domains/browse';
import { eventListeners } from './listeners';
import { uploadFile } from './upload';
import { RequestError, type A2sClient } from './types';

const BrowseList = browseChannels['browse:list'].response;

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

/** Browser mode: the contract over the loopback WebSocket (the token comes from the page URL or its cookie). */
export async function connectWebSocket(url: string): Promise<A2sClient> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('error', () => reject(new Error(`cannot connect to the engine at ${url.split('?')[0]}`)), { once: true });
  });
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const events = eventListeners();

  ws.addEventListener('message', (msg) => {
    const data: unknown = JSON.parse(String(msg.data));
    const event = WireEvent.safeParse(data);
    if (event.success) {
      events.emit(event.data.event, event.data.payload);
      return;
    }
    const response = WireResponse.safeParse(data);
    if (!response.success || response.data.id === null) return;
    const p = pending.get(response.data.id);
    if (!p) return;
    pending.delete(response.data.id);
    if (response.data.ok) p.resolve(response.data.result);
    else p.reject(new RequestError(response.data.error));
  });
  ws.addEventListener('close', () => {
    for (const p of pending.values()) p.reject(new Error('connection to the engine closed'));
    pending.clear();
  });

  const send = (channel: string, payload: unknown): Promise<unknown> => {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, channel, payload }));
    });
  };

  return {
    transport: 'websocket',
    invoke: (channel, payload) => send(channel, payload) as never,
    on: events.on,
    // Answered by the loopback server itself (main/server/browse.ts), validated there both ways.
    listFolder: (payload) => send('browse:list', payload).then((r) => BrowseList.parse(r)),
    upload: uploadFile,
  };
}
