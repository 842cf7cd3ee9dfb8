import { contextBridge, ipcRenderer } from 'electron';
import { isChannelName } from '../main/contract';
import { IPC_EVENT_CHANNEL } from '../main/contract/wire';

/**
 * The whole surface the renderer gets: invoke a known `domain:verb` channel, listen to engine events.
 * Channel names are checked here (unknown ones never reach main); payloads are validated again in main.
 */
const bridge = {
  invoke(channel: string, payload: unknown): Promise<unknown> {
    if (typeof channel !== 'string' || !isChannelName(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: `unknown channel "${String(channel)}"`, field: 'channel' } });
    }
    return ipcRenderer.invoke(channel, payload);
  },
  on(listener: (event: string, payload: unknown) => void): () => void {
    const wrapped = (_e: unknown, msg: { event: string; payload: unknown }): void => listener(msg.event, msg.payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
  },
};

contextBridge.exposeInMainWorld('a2s', bridge);
