import WebSocket from 'ws';

export interface Client {
  call(channel: string, payload: unknown): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }>;
  /** Sends without waiting (requests in flight when a process is killed). */
  fire(channel: string, payload: unknown): void;
  close(): void;
}

/** A minimal client of the loopback WebSocket (id-matched answers; engine events ignored). */
export async function connect(port: number, token: string): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let next = 1;
  const waiting = new Map<number, (msg: never) => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id?: number };
    if (typeof msg.id === 'number') waiting.get(msg.id)?.(msg as never);
  });
  ws.on('error', () => undefined); // a killed server closes the socket; callers look at files, not at this
  return {
    call: (channel, payload) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, channel, payload }));
      }),
    fire: (channel, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: next++, channel, payload }));
    },
    close: () => ws.close(),
  };
}
