import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { isChannelName } from '../main/contract';
import { IPC_EVENT_CHANNEL } from '../main/contract/wire';

/**
 * The whole surface the renderer gets: invoke a known `domain:verb` channel, listen to engine events, and read the
 * OS path of a dropped file. Channel names are checked here (unknown ones never reach main); payloads are validated
 * again in main, and a dropped path is only a string the renderer then passes to `media:open`, which checks it.
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
  /** The OS path of a File from a drop event ('' for files that have none, e.g. made in the page). */
  pathForFile(file: unknown): string {
    return typeof File !== 'undefined' && file instanceof File ? webUtils.getPathForFile(file) : '';
  },
};

contextBridge.exposeInMainWorld('a2s', bridge);
